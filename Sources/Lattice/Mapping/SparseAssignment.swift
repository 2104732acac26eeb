// Minimum-cost assignment of atoms to sites over the few pairs a tolerance
// allows (what scipy's linear_sum_assignment solves densely for pymatgen):
// successive shortest augmenting paths with Dijkstra and potentials, so the
// cost follows the edges, not the square of the atom count.

/// Atoms (rows) to sites (columns), each atom to a distinct site, over sparse allowed pairs.
///
///     var a = SparseAssignment(columns: 3)
///     a.addRow([(0, 1.0), (1, 0.5)]); a.addRow([(1, 0.2)])
///     a.solve()   // [0, 1]: total cost 1.2
struct SparseAssignment {
    /// Number of columns (sites).
    let columnCount: Int
    private var rowStart: [Int] = [0]
    private var columns: [Int] = []
    private var costs: [Double] = []

    init(columns: Int) { columnCount = columns }

    /// Rows so far.
    var rowCount: Int { rowStart.count - 1 }

    /// Adds a row with its allowed (column, cost) pairs.
    mutating func addRow<S: Sequence>(_ edges: S) where S.Element == (Int, Double) {
        for (c, w) in edges { columns.append(c); costs.append(w) }
        rowStart.append(columns.count)
    }

    /// Adds one edge to the row being built; `closeRow` ends it.
    mutating func addEdge(_ column: Int, _ cost: Double) { columns.append(column); costs.append(cost) }
    mutating func closeRow() { rowStart.append(columns.count) }

    /// The column of each row in a minimum-cost assignment, or nil when no assignment covers every row.
    func solve() -> [Int]? {
        let n = rowCount
        var rowMatch = [Int](repeating: -1, count: n)
        var colMatch = [Int](repeating: -1, count: columnCount)
        // Fast path: every row's cheapest column distinct is optimal.
        var greedyOK = true
        for i in 0..<n {
            var best = -1, bestCost = Double.infinity
            for e in rowStart[i]..<rowStart[i + 1] where costs[e] < bestCost { bestCost = costs[e]; best = columns[e] }
            if best < 0 { return nil }
            if colMatch[best] >= 0 { greedyOK = false; break }
            colMatch[best] = i
            rowMatch[i] = best
        }
        if greedyOK { return rowMatch }
        rowMatch = [Int](repeating: -1, count: n)
        colMatch = [Int](repeating: -1, count: columnCount)
        var u = [Double](repeating: 0, count: n), v = [Double](repeating: 0, count: columnCount)
        var dist = [Double](repeating: .infinity, count: columnCount)
        var predecessor = [Int](repeating: -1, count: columnCount)
        var done = [Bool](repeating: false, count: columnCount)
        var touched: [Int] = [], finalized: [Int] = [], treeRows: [(row: Int, label: Double)] = []
        var heap = MinHeap()
        for s in 0..<n {
            touched.removeAll(keepingCapacity: true)
            finalized.removeAll(keepingCapacity: true)
            treeRows.removeAll(keepingCapacity: true)
            heap.removeAll()
            func relax(from row: Int, label: Double) {
                for e in rowStart[row]..<rowStart[row + 1] {
                    let j = columns[e]
                    if done[j] { continue }
                    let d = label + costs[e] - u[row] - v[j]
                    if d < dist[j] {
                        if dist[j] == .infinity { touched.append(j) }
                        dist[j] = d
                        predecessor[j] = row
                        heap.push(d, j)
                    }
                }
            }
            treeRows.append((s, 0))
            relax(from: s, label: 0)
            var sink = -1, total = 0.0
            while let (d, j) = heap.pop() {
                if done[j] || d > dist[j] { continue }
                done[j] = true
                finalized.append(j)
                if colMatch[j] < 0 { sink = j; total = d; break }
                let i = colMatch[j]
                treeRows.append((i, d))
                relax(from: i, label: d)
            }
            guard sink >= 0 else { return nil }
            for j in finalized { v[j] += dist[j] - total }
            for (i, label) in treeRows { u[i] += total - label }
            var j = sink
            while true {
                let i = predecessor[j]
                let previous = rowMatch[i]
                rowMatch[i] = j
                colMatch[j] = i
                if i == s { break }
                j = previous
            }
            for j in touched { dist[j] = .infinity; done[j] = false; predecessor[j] = -1 }
        }
        return rowMatch
    }
}

/// A binary min-heap of (key, value) pairs.
struct MinHeap {
    private var keys: [Double] = []
    private var values: [Int] = []

    mutating func removeAll() { keys.removeAll(keepingCapacity: true); values.removeAll(keepingCapacity: true) }

    mutating func push(_ key: Double, _ value: Int) {
        keys.append(key); values.append(value)
        var i = keys.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard keys[i] < keys[p] else { break }
            keys.swapAt(i, p); values.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard !keys.isEmpty else { return nil }
        let top = (keys[0], values[0])
        let last = keys.count - 1
        keys.swapAt(0, last); values.swapAt(0, last)
        keys.removeLast(); values.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < keys.count, keys[l] < keys[m] { m = l }
            if r < keys.count, keys[r] < keys[m] { m = r }
            if m == i { break }
            keys.swapAt(i, m); values.swapAt(i, m)
            i = m
        }
        return top
    }
}
