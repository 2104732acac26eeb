// Enumeration of symmetrically distinct derivative structures (Hart & Forcade,
// Phys. Rev. B 77, 224115 (2008) and 80, 014120 (2009)): for every size, the
// superlattice classes; on each, every decoration allowed by the composition
// bounds, kept when it is the first of its orbit under the supercell's symmetry
// and not periodic in a smaller cell. Counting (Burnside's lemma with a Möbius
// sum over translation subgroups) says how many there will be before any is made.
import Foundation
import Lattice

/// Enumerates the derivative structures of a lattice.
///
///     let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]])
///     let enumerator = try DerivativeStructureEnumerator(lattice: fcc, sizes: Array(1...6))
///     try enumerator.count()                       // 137 = 2 + 2 + 6 + 19 + 28 + 80
///     let set = try enumerator.enumerate(limit: 10_000)
///     try set.configuration(5)                     // a Configuration on its supercell
public struct DerivativeStructureEnumerator: Sendable {
    /// The parent lattice (its cell must be primitive).
    public let lattice: CrystalLattice
    /// Supercell sizes, in primitive cells, ascending.
    public let sizes: [Int]
    /// Composition bounds (fraction of a species among the sites that may hold it).
    public let bounds: [CompositionBound]
    /// The default largest number of structures an enumeration makes.
    public static let defaultLimit = 1_000_000
    /// The largest size: beyond it even listing the superlattices takes long.
    public static let maximumSize = 64
    /// Decorations of one composition on one superlattice tracked by a bit array up to this many;
    /// beyond it each decoration is compared with its images instead (slower, no memory).
    static let bitArrayLimit = 1 << 27

    private let action: SymmetryAction

    /// Checks the request: sizes from 1 to `maximumSize`, a primitive cell with an active site.
    public init(lattice: CrystalLattice, sizes: [Int], bounds: [CompositionBound] = []) throws {
        guard !sizes.isEmpty else { throw LatticeError("give at least one supercell size") }
        for n in sizes where n < 1 || n > DerivativeStructureEnumerator.maximumSize {
            throw LatticeError("supercell sizes must be between 1 and \(DerivativeStructureEnumerator.maximumSize) primitive cells, got \(n)")
        }
        guard !lattice.activeSites.isEmpty else {
            throw LatticeError("the lattice has no site with more than one species: there is nothing to enumerate")
        }
        let pureTranslations = lattice.spaceGroup.operations.filter {
            $0.rotation == [1, 0, 0, 0, 1, 0, 0, 0, 1] && ($0.translation * $0.translation).sum() > 1e-12
        }
        guard pureTranslations.isEmpty else {
            throw LatticeError("the cell of \(lattice.name) is not primitive (\(pureTranslations.count + 1) lattice points per cell): enumerate on its primitive cell, or structures would repeat")
        }
        self.lattice = lattice
        self.sizes = Array(Set(sizes)).sorted()
        self.bounds = bounds
        action = SymmetryAction(lattice: lattice)
    }

    /// The composition classes of every size, checking that some size can meet the bounds.
    private func compositionClasses() throws -> [CompositionClasses] {
        let classes = try sizes.map { try CompositionClasses(lattice: lattice, cells: $0, bounds: bounds) }
        if classes.allSatisfy({ $0.classes.isEmpty }) {
            let wanted = bounds.map { b in
                b.minimum == b.maximum ? "\(b.species) = \(format(b.minimum))" : "\(b.species) in [\(format(b.minimum)), \(format(b.maximum))]"
            }.joined(separator: ", ")
            let list = sizes.count == 1 ? "\(sizes[0]) cell" + (sizes[0] == 1 ? "" : "s") : "\(sizes.map(String.init).joined(separator: ", ")) cells"
            throw LatticeError("no supercell of \(list) has the composition \(wanted): the fraction of a species is a whole number of sites over the sites that may hold it")
        }
        return classes
    }

    /// A quick lower bound on the number of decorations up to symmetry (Burnside without fixed points):
    /// forms · decorations / (n · point-group order), summed over sizes. Counts and enumeration refuse
    /// requests whose estimate is far beyond their limit without listing a superlattice.
    public func estimate() throws -> Double {
        let rotations = Set(lattice.spaceGroup.operations.map(\.rotation)).count
        return try zip(sizes, compositionClasses()).reduce(0.0) { sum, pair in
            let (n, classes) = pair
            let decorations = classes.classes.reduce(0.0) { $0 + decorationCount(classes, $1) }
            return sum + Superlattice.hermiteFormCount(index: n, periodicAxes: lattice.periodicAxes) * decorations / Double(n * rotations)
        }
    }

    /// The exact number of distinct structures, per size, without making them. Each superlattice is
    /// one task, spread over the job's ranks and `threads` threads as `enumerate` spreads them.
    public func countsBySize(limit: Int? = nil, threads: Int = Threads.count, ranks: RankCommunicator = Ranks.current) throws -> [Int] {
        let classes = try compositionClasses()
        if let limit {
            let about = try estimate()
            if about > 100 * Double(max(limit, 1)) { throw tooMany(about, exact: false, limit: limit) }
        }
        let tasks = try superlatticeTasks(classes)
        // The symmetry's elements (rotations x n) act on n cells' sites: about n^2 per superlattice.
        let counts = distributedMap(costs: tasks.map { Double($0.superlattice.index * $0.superlattice.index) }, threads: threads, ranks: ranks) { t in
            Result {
                let symmetry = try SupercellSymmetry(lattice: lattice, superlattice: tasks[t].superlattice, action: action)
                return try StructureCount.distinct(symmetry: symmetry, classes: tasks[t].classes)
            }
        }
        try pollInterruption()
        // Summed in task order, superlattice by superlattice, as one process would.
        var totals = [Double](repeating: 0, count: sizes.count)
        for (task, count) in zip(tasks, counts) { totals[task.size] += try count.get() }
        return totals.map { Int(min($0.rounded(), 9e18)) }
    }

    /// One task per superlattice of every size some composition class fits, by size then superlattice
    /// (`size` indexes `sizes`).
    private func superlatticeTasks(_ classes: [CompositionClasses]) throws -> [(size: Int, superlattice: Superlattice, classes: CompositionClasses)] {
        var tasks: [(size: Int, superlattice: Superlattice, classes: CompositionClasses)] = []
        for (k, composition) in classes.enumerated() where !composition.classes.isEmpty {
            for superlattice in try Superlattice.classes(of: lattice, index: sizes[k]) { tasks.append((k, superlattice, composition)) }
        }
        return tasks
    }

    /// The exact number of distinct structures over all sizes.
    public func count() throws -> Int { try countsBySize().reduce(0, +) }

    /// Every distinct structure, by size, superlattice, composition and decoration. Counts them
    /// first and throws, before making any, when there would be more than `limit`. Each superlattice
    /// is one task, spread over the job's ranks and `threads` threads by its estimated cost and
    /// gathered back in order: the same structures in the same order for any rank and thread count.
    public func enumerate(limit: Int = DerivativeStructureEnumerator.defaultLimit, threads: Int = Threads.count,
                          ranks: RankCommunicator = Ranks.current) throws -> DerivativeStructureSet {
        let perSize = try countsBySize(limit: limit, threads: threads, ranks: ranks)
        let total = perSize.reduce(0, +)
        if total > limit { throw tooMany(Double(total), exact: true, limit: limit) }
        let tasks = try superlatticeTasks(try compositionClasses())
        // A walk visits every decoration of every composition and maps each orbit's first through
        // the symmetry: about decorations x sites, whatever the superlattice's symmetry.
        let costs: [Double?] = tasks.map { task in
            Double(task.superlattice.index * lattice.sites.count) * task.classes.classes.reduce(0.0) { $0 + decorationCount(task.classes, $1) }
        }
        let chunks = distributedMap(costs: costs, threads: threads, ranks: ranks) { t in
            Result { try decorations(on: tasks[t].superlattice, classes: tasks[t].classes) }
        }
        try pollInterruption()
        var builder = DerivativeStructureSet.Builder(lattice: lattice)
        for (task, chunk) in zip(tasks, chunks) {
            let chunk = try chunk.get()
            guard !chunk.occupations.isEmpty else { continue }
            builder.beginSupercell(try supercell(of: task.superlattice), superlattice: task.superlattice)
            for start in stride(from: 0, to: chunk.occupations.count, by: chunk.siteCount) {
                builder.add(chunk.occupations[start..<(start + chunk.siteCount)])
            }
        }
        let set = builder.finish()
        guard set.count == total else {
            throw LatticeError("internal: \(set.count) structures enumerated but \(total) counted")
        }
        return set
    }

    /// The distinct decorations of one superlattice, one after another, each in its supercell's site order.
    struct Decorations: RankPortable {
        let siteCount: Int
        let occupations: [UInt8]

        init(siteCount: Int, occupations: [UInt8]) {
            self.siteCount = siteCount
            self.occupations = occupations
        }

        func write(to out: inout RankBytes) { out.append(siteCount); out.append(bytes: occupations) }

        init(from input: inout RankBytes.Reader) throws {
            siteCount = try input.int()
            occupations = try input.byteArray()
            guard siteCount > 0, occupations.count % siteCount == 0 else {
                throw RankTransferError("another rank sent \(occupations.count) species for structures of \(siteCount) sites")
            }
        }
    }

    /// The supercell a superlattice's structures are given on: its reduced basis.
    private func supercell(of superlattice: Superlattice) throws -> Supercell {
        try Supercell(lattice: lattice, matrix: Superlattice.reducedBasis(superlattice.hermite, vectors: lattice.vectors).m)
    }

    /// Every distinct decoration of one superlattice with the composition classes, in walk order.
    private func decorations(on superlattice: Superlattice, classes composition: CompositionClasses) throws -> Decorations {
        let symmetry = try SupercellSymmetry(lattice: lattice, superlattice: superlattice, action: action)
        let supercell = try supercell(of: superlattice)
        let toGroup = symmetry.groupSites(of: supercell)
        let decorator = Decorator(symmetry: symmetry, classes: composition)
        var occupations: [UInt8] = []
        for counts in composition.classes {
            try decorator.enumerate(counts: counts) { labels in
                for site in toGroup { occupations.append(labels[site]) }
            }
        }
        return Decorations(siteCount: toGroup.count, occupations: occupations)
    }

    private func tooMany(_ count: Double, exact: Bool, limit: Int) -> LatticeError {
        let range = sizes.count == 1 ? "\(sizes[0]) cells" : "\(sizes.first ?? 1) to \(sizes.last ?? 1) cells"
        return LatticeError("enumerating \(lattice.name) at \(range) would make \(exact ? "" : "about ")\(formatCount(count)) structures, more than the limit of \(limit)")
    }

    private func format(_ x: Double) -> String { String(format: "%.4g", x) }
}

/// The number of decorations of one composition class: the product of each sublattice's multinomial.
func decorationCount(_ classes: CompositionClasses, _ counts: [Int]) -> Double {
    var product = 1.0
    for k in 0..<classes.sites.count {
        var left = classes.sites[k]
        for c in classes.offset[k]..<classes.offset[k + 1] {
            product *= binomial(left, counts[c])
            left -= counts[c]
        }
    }
    return product
}

/// Walks the decorations of one composition class on one superlattice in lexicographic order and
/// reports the first of every orbit that is not periodic in a smaller cell.
struct Decorator {
    let symmetry: SupercellSymmetry
    let classes: CompositionClasses
    /// Sites of each sublattice in group numbering, ascending; `order` concatenates them.
    let sublatticeSites: [[Int]]
    let order: [Int]

    init(symmetry: SupercellSymmetry, classes: CompositionClasses) {
        self.symmetry = symmetry
        self.classes = classes
        let lattice = symmetry.lattice
        let nPrim = lattice.sites.count
        sublatticeSites = lattice.sublattices.indices.map { k in
            (0..<symmetry.siteCount).filter { lattice.sublatticeOfSite[$0 % nPrim] == k }
        }
        order = sublatticeSites.flatMap { $0 }
    }

    /// Calls `emit` with the species index of every site (group numbering) of each distinct,
    /// non-superperiodic decoration with the given counts.
    func enumerate(counts: [Int], _ emit: ([UInt8]) -> Void) throws {
        var cursor = DecorationCursor(sublatticeSites: sublatticeSites, offset: classes.offset, counts: counts, siteCount: symmetry.siteCount)
        let total = decorationCount(classes, counts)
        if total <= Double(DerivativeStructureEnumerator.bitArrayLimit) {
            try walkWithBitArray(total: Int(total), counts: counts, cursor: &cursor, emit)
        } else {
            try walkByComparison(cursor: &cursor, emit)
        }
    }

    /// Marks every image of each orbit's first decoration in a bit array indexed by lexicographic rank.
    private func walkWithBitArray(total: Int, counts: [Int], cursor: inout DecorationCursor, _ emit: ([UInt8]) -> Void) throws {
        let n = symmetry.siteCount, elements = symmetry.elementCount, translations = symmetry.cellCount
        let subs = sublatticeSites.count
        // Rank = Σ_k rank_k · stride_k, the last sublattice fastest; rank_k by the multinomial number system.
        var multinomials = [Int](repeating: 1, count: subs)
        for k in 0..<subs {
            var left = classes.sites[k], product = 1.0
            for c in classes.offset[k]..<classes.offset[k + 1] { product *= binomial(left, counts[c]); left -= counts[c] }
            multinomials[k] = Int(product)
        }
        var strides = [Int](repeating: 1, count: subs)
        for k in stride(from: subs - 2, through: 0, by: -1) { strides[k] = strides[k + 1] * multinomials[k + 1] }
        var seen = [UInt64](repeating: 0, count: (total + 63) / 64)
        var image = [UInt8](repeating: 0, count: n)
        var remaining = [Int](repeating: 0, count: counts.count)
        let offsets = classes.offset
        try symmetry.images.withUnsafeBufferPointer { images in
            for rank in 0..<total {
                if rank & 0xFFF == 0 { try pollInterruption() }
                if seen[rank >> 6] & (1 << UInt64(rank & 63)) == 0 {
                    var periodic = false
                    for e in 0..<elements {
                        let base = e * n
                        for i in 0..<n { image[Int(images[base + i])] = cursor.labels[i] }
                        // The image's rank.
                        var r = 0
                        for k in 0..<subs {
                            var sub = 0, arrangements = multinomials[k], left = classes.sites[k]
                            for c in offsets[k]..<offsets[k + 1] { remaining[c] = counts[c] }
                            for site in sublatticeSites[k] {
                                let v = Int(image[site])
                                for c in 0..<v where remaining[offsets[k] + c] > 0 {
                                    sub += arrangements * remaining[offsets[k] + c] / left
                                }
                                arrangements = arrangements * remaining[offsets[k] + v] / left
                                remaining[offsets[k] + v] -= 1
                                left -= 1
                            }
                            r += sub * strides[k]
                        }
                        seen[r >> 6] |= 1 << UInt64(r & 63)
                        if e > 0 && e < translations && r == rank { periodic = true }
                    }
                    if !periodic { emit(cursor.labels) }
                }
                _ = cursor.advance()
            }
        }
    }

    /// Keeps a decoration when no image is lexicographically smaller and no translation fixes it.
    private func walkByComparison(cursor: inout DecorationCursor, _ emit: ([UInt8]) -> Void) throws {
        let n = symmetry.siteCount, elements = symmetry.elementCount, translations = symmetry.cellCount
        var step = 0
        repeat {
            step += 1
            if step & 0xFFF == 0 { try pollInterruption() }
            var keep = true
            let labels = cursor.labels
            symmetry.preimages.withUnsafeBufferPointer { preimages in
                for e in 1..<elements where keep {
                    let base = e * n
                    var comparison = 0
                    for site in order {
                        let a = labels[Int(preimages[base + site])], b = labels[site]
                        if a != b { comparison = a < b ? -1 : 1; break }
                    }
                    if comparison < 0 || (comparison == 0 && e < translations) { keep = false }
                }
            }
            if keep { emit(labels) }
        } while cursor.advance()
    }
}

/// The current decoration of a walk through one composition class, in lexicographic order:
/// each sublattice's species (over its sites in ascending order) step through their
/// multiset permutations, the last sublattice fastest.
struct DecorationCursor {
    let sublatticeSites: [[Int]]
    let offset: [Int]
    let counts: [Int]
    /// The species index of every site.
    private(set) var labels: [UInt8]

    /// Starts at the first decoration: each sublattice's species in ascending order.
    init(sublatticeSites: [[Int]], offset: [Int], counts: [Int], siteCount: Int) {
        self.sublatticeSites = sublatticeSites
        self.offset = offset
        self.counts = counts
        labels = [UInt8](repeating: 0, count: siteCount)
        for k in sublatticeSites.indices { reset(k) }
    }

    private mutating func reset(_ k: Int) {
        var p = 0
        for c in 0..<(offset[k + 1] - offset[k]) {
            for _ in 0..<counts[offset[k] + c] { labels[sublatticeSites[k][p]] = UInt8(c); p += 1 }
        }
    }

    /// Moves to the next decoration; false (and back at the first) after the last.
    mutating func advance() -> Bool {
        for k in stride(from: sublatticeSites.count - 1, through: 0, by: -1) {
            if nextPermutation(sublatticeSites[k]) { return true }
            reset(k)
        }
        return false
    }

    /// The next multiset permutation of the species on `sites`; false after the last.
    private mutating func nextPermutation(_ sites: [Int]) -> Bool {
        guard sites.count > 1 else { return false }
        var i = sites.count - 2
        while i >= 0 && labels[sites[i]] >= labels[sites[i + 1]] { i -= 1 }
        guard i >= 0 else { return false }
        var j = sites.count - 1
        while labels[sites[j]] <= labels[sites[i]] { j -= 1 }
        labels.swapAt(sites[i], sites[j])
        var lo = i + 1, hi = sites.count - 1
        while lo < hi { labels.swapAt(sites[lo], sites[hi]); lo += 1; hi -= 1 }
        return true
    }
}
