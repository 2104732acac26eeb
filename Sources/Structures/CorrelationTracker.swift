// Correlation vectors kept up to date under swaps of two sites: the cluster
// tables of one supercell flattened into raw buffers (shared, read-only, by
// every chain on that cell), and each chain's sums of cluster functions, which
// a swap changes only through the clusters that hold one of its two sites.
import Lattice

/// The read-only tables a swap needs, in raw buffers: no bounds checks or reference
/// counting in the inner loop.
///
///     let kernel = SwapKernel(table: try ClusterTable(space: space, supercell: cell), basisTable: basis)
final class SwapKernel: @unchecked Sendable {
    let table: ClusterTable
    let siteCount: Int
    let functionCount: Int
    /// W: the largest number of species on a site (the stride of `phi`).
    let width: Int
    /// φ_α(σ) of supercell site i at `phi[(i * width + α) * width + σ]`.
    let phi: UnsafeMutablePointer<Double>
    /// Clusters holding site i: `siteClusters[siteClusterStart[i] ..< siteClusterStart[i + 1]]`.
    let siteClusterStart: UnsafeMutablePointer<Int32>
    let siteClusters: UnsafeMutablePointer<Int32>
    /// Sites of cluster c: `clusterSites[clusterSiteStart[c] ..< clusterSiteStart[c + 1]]`.
    let clusterSiteStart: UnsafeMutablePointer<Int32>
    let clusterSites: UnsafeMutablePointer<Int32>
    /// Functions of cluster c: `clusterFunctionStart[c] ..< clusterFunctionEnd[c]`.
    let clusterFunctionStart: UnsafeMutablePointer<Int32>
    let clusterFunctionEnd: UnsafeMutablePointer<Int32>
    /// Labelings per function.
    let labelingCount: UnsafeMutablePointer<Int32>
    /// For cluster c, from `entryStart[c]`: for each of its functions, each labeling, each site in order,
    /// the site and the offset of its φ_α row in `phi`, (site · W + α) · W.
    let entryStart: UnsafeMutablePointer<Int32>
    let entrySite: UnsafeMutablePointer<Int32>
    let entryRow: UnsafeMutablePointer<Int32>
    /// Clusters × labelings of each function: correlation = sum / norm.
    let norms: [Double]
    let clusterCount: Int

    init(table: ClusterTable, basisTable: BasisTable) {
        self.table = table
        let n = table.supercell.siteCount
        let nPrim = table.supercell.lattice.sites.count
        siteCount = n
        functionCount = table.functionOrbit.count
        width = basisTable.width
        phi = .allocate(capacity: n * width * width)
        phi.initialize(repeating: 0, count: n * width * width)
        for i in 0..<n {
            let s = i % nPrim, m = basisTable.counts[s]
            for a in 0..<m { for sigma in 0..<m {
                phi[(i * width + a) * width + sigma] = basisTable.values[basisTable.siteStart[s] + a * m + sigma]
            } }
        }
        func buffer(_ values: [Int]) -> UnsafeMutablePointer<Int32> {
            let p = UnsafeMutablePointer<Int32>.allocate(capacity: max(values.count, 1))
            for (k, v) in values.enumerated() { p[k] = Int32(v) }
            return p
        }
        func buffer(_ values: [Int32]) -> UnsafeMutablePointer<Int32> { buffer(values.map(Int.init)) }
        // Every orbit image translated to every cell, as supercell sites (an orbit's clusters contiguous),
        // and, by counting sort, the clusters through each site (once per occurrence of the site).
        let supercell = table.supercell
        var clusterOrbit: [Int] = [], orbitClusterStart = [0], memberStart = [0], memberSites: [Int] = []
        for (o, orbit) in table.space.orbits.enumerated() {
            for image in orbit.images {
                for t in supercell.cells {
                    for p in image { memberSites.append(supercell.siteIndex(site: p.site, cell: p.cell &+ t)) }
                    memberStart.append(memberSites.count)
                    clusterOrbit.append(o)
                }
            }
            orbitClusterStart.append(clusterOrbit.count)
        }
        var counts = [Int](repeating: 0, count: n + 1)
        for site in memberSites { counts[site + 1] += 1 }
        for i in 0..<n { counts[i + 1] += counts[i] }
        var fill = counts, lists = [Int](repeating: 0, count: memberSites.count)
        for c in clusterOrbit.indices {
            for k in memberStart[c]..<memberStart[c + 1] {
                lists[fill[memberSites[k]]] = c
                fill[memberSites[k]] += 1
            }
        }
        siteClusterStart = buffer(counts)
        siteClusters = buffer(lists)
        clusterSiteStart = buffer(memberStart)
        clusterSites = buffer(memberSites)
        // Functions are grouped by orbit, in orbit order.
        var orbitStart = [1], f = 1
        for o in 0..<table.orbitOrder.count {
            while f < functionCount && Int(table.functionOrbit[f]) == o { f += 1 }
            orbitStart.append(f)
        }
        clusterCount = clusterOrbit.count
        clusterFunctionStart = buffer(clusterOrbit.map { orbitStart[$0] })
        clusterFunctionEnd = buffer(clusterOrbit.map { orbitStart[$0 + 1] })
        labelingCount = buffer((0..<functionCount).map { f in
            f == 0 ? 0 : (table.functionLabelingStart[f + 1] - table.functionLabelingStart[f]) / table.orbitOrder[Int(table.functionOrbit[f])]
        })
        var starts: [Int] = [], sites: [Int] = [], rows: [Int] = []
        for c in 0..<clusterCount {
            starts.append(sites.count)
            let o = clusterOrbit[c]
            let members = Array(memberSites[memberStart[c]..<memberStart[c + 1]])
            for f in orbitStart[o]..<orbitStart[o + 1] {
                for (position, alpha) in table.labelings[table.functionLabelingStart[f]..<table.functionLabelingStart[f + 1]].enumerated() {
                    let site = members[position % members.count]
                    sites.append(site)
                    rows.append((site * width + Int(alpha)) * width)
                }
            }
        }
        starts.append(sites.count)
        entryStart = buffer(starts)
        entrySite = buffer(sites)
        entryRow = buffer(rows)
        norms = (0..<functionCount).map { f in
            guard f > 0 else { return 1 }
            let o = Int(table.functionOrbit[f])
            let clusters = orbitClusterStart[o + 1] - orbitClusterStart[o]
            let labelings = (table.functionLabelingStart[f + 1] - table.functionLabelingStart[f]) / table.orbitOrder[o]
            return Double(clusters * labelings)
        }
    }

    deinit {
        for p in [siteClusterStart, siteClusters, clusterSiteStart, clusterSites, clusterFunctionStart, clusterFunctionEnd, labelingCount,
                  entryStart, entrySite, entryRow] {
            p.deallocate()
        }
        phi.deallocate()
    }

    /// Adds the functions of cluster c under `occupation` to `sums`.
    @inline(__always)
    func add(cluster c: Int, occupation: UnsafePointer<Int32>, into sums: UnsafeMutablePointer<Double>) {
        let k = Int(clusterSiteStart[c &+ 1] &- clusterSiteStart[c])
        var e = Int(entryStart[c])
        for f in Int(clusterFunctionStart[c])..<Int(clusterFunctionEnd[c]) {
            for _ in 0..<Int(labelingCount[f]) {
                var product = 1.0
                for _ in 0..<k {
                    product *= phi[Int(entryRow[e] &+ occupation[Int(entrySite[e])])]
                    e &+= 1
                }
                sums[f] += product
            }
        }
    }

    /// Adds the change of cluster c's functions when sites i and j exchange species to `change`.
    @inline(__always)
    func addSwapChange(cluster c: Int, occupation: UnsafePointer<Int32>, swapping i: Int, _ j: Int, into change: UnsafeMutablePointer<Double>) {
        let k = clusterSiteStart[c &+ 1] &- clusterSiteStart[c]
        let i32 = Int32(truncatingIfNeeded: i), j32 = Int32(truncatingIfNeeded: j)
        let si = occupation[i], sj = occupation[j]
        var e = Int(entryStart[c])
        var f = Int(clusterFunctionStart[c])
        let fEnd = Int(clusterFunctionEnd[c])
        // While loops with wrapping arithmetic: no range or overflow checks in the innermost loop.
        while f < fEnd {
            var total = 0.0
            var l: Int32 = 0
            let labelings = labelingCount[f]
            while l < labelings {
                var before = 1.0, after = 1.0
                var m: Int32 = 0
                while m < k {
                    let site = entrySite[e], row = entryRow[e]
                    let now = occupation[Int(site)]
                    before *= phi[Int(row &+ now)]
                    after *= phi[Int(row &+ (site == i32 ? sj : site == j32 ? si : now))]
                    e &+= 1
                    m &+= 1
                }
                total += after - before
                l &+= 1
            }
            change[f] += total
            f &+= 1
        }
    }
}

/// One chain's correlation sums on one supercell (raw buffers: a step touches no array).
///
///     let tracker = CorrelationTracker(kernel: kernel, occupation: start)
///     tracker.correlationsAfterSwap(i, j, into: &trial)     // measure
///     tracker.applySwap(i, j)                                // keep it
final class CorrelationTracker {
    let kernel: SwapKernel
    /// σ per site.
    private let occupation: UnsafeMutablePointer<Int32>
    /// Σ over clusters and labelings of each function.
    private let sums: UnsafeMutablePointer<Double>
    /// The change of the sums the last measured swap makes, and which swap that was.
    private let change: UnsafeMutablePointer<Double>
    private var measured: (Int, Int)? = nil
    /// Which clusters the current measurement has visited (those marked with `epoch`).
    private let stamp: UnsafeMutablePointer<UInt32>
    private var epoch: UInt32 = 0
    /// Sites of each sublattice with more than one species present.
    private let swappable: [[Int]]

    init(kernel: SwapKernel, occupation start: [Int]) {
        self.kernel = kernel
        let n = kernel.siteCount, functions = kernel.functionCount
        occupation = .allocate(capacity: n)
        for i in 0..<n { occupation[i] = Int32(start[i]) }
        let cell = kernel.table.supercell
        let lattice = cell.lattice
        swappable = lattice.sublattices.indices.compactMap { k -> [Int]? in
            let sites = (0..<cell.siteCount).filter { lattice.sublatticeOfSite[$0 % lattice.sites.count] == k }
            return Set(sites.map { start[$0] }).count > 1 ? sites : nil
        }
        stamp = .allocate(capacity: max(kernel.clusterCount, 1))
        stamp.initialize(repeating: 0, count: max(kernel.clusterCount, 1))
        change = .allocate(capacity: functions)
        change.initialize(repeating: 0, count: functions)
        sums = .allocate(capacity: functions)
        sums.initialize(repeating: 0, count: functions)
        for c in 0..<kernel.clusterCount { kernel.add(cluster: c, occupation: occupation, into: sums) }
        sums[0] = 1
    }

    deinit {
        occupation.deallocate(); sums.deallocate(); change.deallocate(); stamp.deallocate()
    }

    /// The current correlation vector.
    var correlations: [Double] { (0..<kernel.functionCount).map { sums[$0] / kernel.norms[$0] } }

    /// The occupation as ints.
    var occupationList: [Int] { (0..<kernel.siteCount).map { Int(occupation[$0]) } }

    /// Two sites of one sublattice holding different species; nil when no sublattice can swap.
    func proposeSwap(rng: inout RandomStream) -> (Int, Int)? {
        guard !swappable.isEmpty else { return nil }
        var sites = swappable[0]
        if swappable.count > 1 {
            let total = swappable.reduce(0) { $0 + $1.count }
            var pick = rng.int(below: total)
            for list in swappable { if pick < list.count { sites = list; break }; pick -= list.count }
        }
        let i = sites[rng.int(below: sites.count)]
        while true {
            let j = sites[rng.int(below: sites.count)]
            if occupation[j] != occupation[i] { return (i, j) }
        }
    }

    /// The correlations after swapping sites i and j, into `result`; the tracker keeps its state
    /// and remembers the change for `applySwap`.
    func correlationsAfterSwap(_ i: Int, _ j: Int, into result: inout [Double]) {
        measure(i, j)
        let norms = kernel.norms
        for f in result.indices { result[f] = (sums[f] + change[f]) / norms[f] }
    }

    /// Swaps sites i and j and updates the sums (with the change just measured for them).
    func applySwap(_ i: Int, _ j: Int) {
        if measured.map({ $0 != (i, j) }) ?? true { measure(i, j) }
        for f in 0..<kernel.functionCount { sums[f] += change[f] }
        let t = occupation[i]
        occupation[i] = occupation[j]
        occupation[j] = t
        measured = nil
    }

    /// `change` = the sums with i and j exchanged minus the sums now: every cluster holding i or j, once.
    private func measure(_ i: Int, _ j: Int) {
        epoch &+= 1
        if epoch == 0 { stamp.update(repeating: 0, count: max(kernel.clusterCount, 1)); epoch = 1 }
        let kernel = self.kernel, e = epoch
        change.update(repeating: 0, count: kernel.functionCount)
        for pass in 0..<2 {
            let site = pass == 0 ? i : j
            var k = Int(kernel.siteClusterStart[site])
            let end = Int(kernel.siteClusterStart[site &+ 1])
            while k < end {
                let c = Int(kernel.siteClusters[k])
                if stamp[c] != e {
                    stamp[c] = e
                    kernel.addSwapChange(cluster: c, occupation: occupation, swapping: i, j, into: change)
                }
                k &+= 1
            }
        }
        measured = (i, j)
    }
}
