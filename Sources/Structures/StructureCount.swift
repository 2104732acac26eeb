// Counting distinct derivative structures without making them: Burnside's
// lemma over a supercell's symmetry group, restricted to decorations that no
// translation of the supercell fixes by a Möbius sum over translation subgroups.
import Foundation

/// Exact counts of distinct, non-superperiodic decorations of one superlattice.
///
/// With G the supercell's group (translations T times the operations keeping it),
/// the decorations whose translation stabiliser is trivial number, up to G,
///
///     (1/|G|) Σ_{g ∈ G} Σ_{K ≤ T} μ(K) · #{decorations fixed by g and by all of K},
///
/// where μ(K) = Π_p (-1)^r p^(r(r-1)/2) when the p-part of K is (Z_p)^r and 0 otherwise
/// (the Möbius function of the subgroup lattice of an abelian group). A decoration fixed by
/// a group is constant on its orbits, so the fixed ones are counted from the orbit lengths.
enum StructureCount {
    /// The number of distinct structures on `symmetry`'s superlattice over the composition `classes`.
    static func distinct(symmetry: SupercellSymmetry, classes: CompositionClasses) throws -> Double {
        let n = symmetry.siteCount
        let nPrim = symmetry.lattice.sites.count
        let subOf = (0..<n).map { symmetry.lattice.sublatticeOfSite[$0 % nPrim] }
        let subgroups = translationSubgroups(diagonal: symmetry.diagonal)
        var cache: [[Int]: Double] = [:]
        var parent = [Int](repeating: 0, count: n)
        func find(_ i: Int) -> Int {
            var r = i
            while parent[r] != r { r = parent[r] }
            var j = i
            while parent[j] != r { let next = parent[j]; parent[j] = r; j = next }
            return r
        }
        var total = 0.0
        for e in 0..<symmetry.elementCount {
            try pollInterruption()
            for subgroup in subgroups {
                for i in 0..<n { parent[i] = i }
                for generator in [e] + subgroup.generators {
                    for i in 0..<n {
                        let a = find(i), b = find(symmetry.image(element: generator, site: i))
                        if a != b { parent[max(a, b)] = min(a, b) }
                    }
                }
                // Orbit lengths per sublattice: the signature the count depends on.
                var length = [Int](repeating: 0, count: n)
                for i in 0..<n { length[find(i)] += 1 }
                var signature: [Int] = []
                for k in classes.sites.indices {
                    var histogram: [Int: Int] = [:]
                    for i in 0..<n where parent[i] == i && subOf[i] == k { histogram[length[i], default: 0] += 1 }
                    signature.append(-1)
                    for l in histogram.keys.sorted() { signature += [l, histogram[l] ?? 0] }
                }
                let fixed: Double
                if let known = cache[signature] {
                    fixed = known
                } else {
                    fixed = fixedDecorations(signature: signature, classes: classes)
                    cache[signature] = fixed
                }
                total += subgroup.mobius * fixed
            }
        }
        return (total / Double(symmetry.elementCount)).rounded()
    }

    /// Decorations constant on orbits with the given lengths, summed over the composition classes.
    static func fixedDecorations(signature: [Int], classes: CompositionClasses) -> Double {
        // Per sublattice: its (length, orbits) pairs.
        var perSublattice: [[(length: Int, orbits: Int)]] = []
        var i = 0
        while i < signature.count {
            if signature[i] == -1 { perSublattice.append([]); i += 1; continue }
            perSublattice[perSublattice.count - 1].append((signature[i], signature[i + 1]))
            i += 2
        }
        var sum = 0.0
        for counts in classes.classes {
            var product = 1.0
            for k in perSublattice.indices where product != 0 {
                product *= ways(perSublattice[k], Array(counts[classes.offset[k]..<classes.offset[k + 1]]))
            }
            sum += product
        }
        return sum
    }

    /// The ways to give each orbit one species so that species c covers exactly `target[c]` sites.
    static func ways(_ orbits: [(length: Int, orbits: Int)], _ target: [Int]) -> Double {
        func recurse(_ index: Int, _ left: [Int]) -> Double {
            if index == orbits.count { return left.allSatisfy { $0 == 0 } ? 1 : 0 }
            let (l, a) = orbits[index]
            if index == orbits.count - 1 {
                // The last length takes what is left, when it divides.
                guard left.allSatisfy({ $0 % l == 0 }), left.reduce(0, +) == l * a else { return 0 }
                return multinomial(a, left.map { $0 / l })
            }
            var total = 0.0
            var split = [Int](repeating: 0, count: left.count)
            func distribute(_ c: Int, _ remaining: Int) {
                if c == left.count - 1 {
                    guard remaining * l <= left[c] else { return }
                    split[c] = remaining
                    var next = left
                    for s in 0..<left.count { next[s] -= split[s] * l }
                    total += multinomial(a, split) * recurse(index + 1, next)
                    return
                }
                for v in 0...remaining where v * l <= left[c] {
                    split[c] = v
                    distribute(c + 1, remaining - v)
                }
            }
            distribute(0, a)
            return total
        }
        return recurse(0, target)
    }

    /// a! / Π parts!.
    static func multinomial(_ a: Int, _ parts: [Int]) -> Double {
        var left = a, product = 1.0
        for p in parts { product *= binomial(left, p); left -= p }
        return product
    }

    /// The subgroups K of Z_d1 × Z_d2 × Z_d3 with μ(K) ≠ 0 (elementary abelian in every prime),
    /// by generators (translation element indices, as `SupercellSymmetry` numbers them) and μ.
    static func translationSubgroups(diagonal d: SIMD3<Int>) -> [(generators: [Int], mobius: Double)] {
        let n = d.x * d.y * d.z
        let dims = [d.x, d.y, d.z]
        let index = { (h: [Int]) -> Int in
            (positiveModulo(h[0], dims[0]) * dims[1] + positiveModulo(h[1], dims[1])) * dims[2] + positiveModulo(h[2], dims[2])
        }
        var result: [(generators: [Int], mobius: Double)] = [([], 1)]
        for p in primeFactors(n) {
            // The p-torsion basis: (d_i / p) e_i for each axis whose d_i p divides.
            let axes = (0..<3).filter { dims[$0] % p == 0 }
            let r = axes.count
            var here: [(generators: [Int], mobius: Double)] = []
            // Every subspace of F_p^r by its reduced row echelon basis.
            for k in 0...r {
                for pivots in combinations(r, k) {
                    // Free entries: in row j, the non-pivot columns right of its pivot.
                    let free = (0..<k).flatMap { j in (0..<r).filter { $0 > pivots[j] && !pivots.contains($0) }.map { (j, $0) } }
                    var values = [Int](repeating: 0, count: free.count)
                    while true {
                        var generators: [Int] = []
                        for j in 0..<k {
                            var row = [Int](repeating: 0, count: r)
                            row[pivots[j]] = 1
                            for (f, (fj, column)) in free.enumerated() where fj == j { row[column] = values[f] }
                            var h = [0, 0, 0]
                            for (c, axis) in axes.enumerated() { h[axis] = row[c] * (dims[axis] / p) }
                            generators.append(index(h))
                        }
                        let sign: Double = k % 2 == 0 ? 1 : -1
                        here.append((generators, sign * pow(Double(p), Double(k * (k - 1) / 2))))
                        // Next assignment of the free entries (base p odometer).
                        var f = 0
                        while f < values.count { values[f] += 1; if values[f] < p { break }; values[f] = 0; f += 1 }
                        if f == values.count { break }
                    }
                }
            }
            result = result.flatMap { a in here.map { b in (a.generators + b.generators, a.mobius * b.mobius) } }
        }
        return result
    }

    /// The distinct prime factors of n, ascending.
    static func primeFactors(_ n: Int) -> [Int] {
        var factors: [Int] = [], m = n, p = 2
        while p * p <= m {
            if m % p == 0 { factors.append(p); while m % p == 0 { m /= p } }
            p += 1
        }
        if m > 1 { factors.append(m) }
        return factors
    }

    /// The k-subsets of 0..<r, ascending.
    static func combinations(_ r: Int, _ k: Int) -> [[Int]] {
        if k == 0 { return [[]] }
        guard k <= r else { return [] }
        var result: [[Int]] = []
        func pick(_ start: Int, _ chosen: [Int]) {
            if chosen.count == k { result.append(chosen); return }
            for i in start..<r { pick(i + 1, chosen + [i]) }
        }
        pick(0, [])
        return result
    }
}
