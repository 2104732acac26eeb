// Structures whose correlation vectors coincide (smol's
// `unique_corr_vector_indices`): a cluster expansion cannot tell them apart, so
// only the lowest-energy one of each set stays in the fit.

/// The rows to keep when duplicate correlation vectors are merged, and the ones dropped.
///
///     let u = UniqueRows(features: x, energies: y, columns: Array(0..<(x.columns - 1)))  // all but Ewald
///     u.kept, u.dropped     // dropped[k].row duplicates dropped[k].keptRow
public struct UniqueRows: Sendable, Equatable {
    /// Rows kept, ascending.
    public let kept: [Int]
    /// Each dropped row with the kept row it duplicates, ascending by row.
    public let dropped: [(row: Int, keptRow: Int)]

    public static func == (a: UniqueRows, b: UniqueRows) -> Bool {
        a.kept == b.kept && a.dropped.map(\.row) == b.dropped.map(\.row) && a.dropped.map(\.keptRow) == b.dropped.map(\.keptRow)
    }

    /// Rows are duplicates when their `columns` agree after rounding to `decimals` decimals (NumPy's
    /// `around`: half to even); of each set, the row with the lowest energy stays (the first on a tie).
    public init(features: Matrix, energies: [Double], columns: [Int], decimals: Int = 12) throws {
        guard energies.count == features.rows else {
            throw RegressionError.invalidInput("\(energies.count) energies for \(features.rows) feature rows")
        }
        for j in columns where j < 0 || j >= features.columns {
            throw RegressionError.invalidInput("column \(j) is out of range 0..<\(features.columns)")
        }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        var sets: [[Double]: [Int]] = [:]
        var order: [[Double]] = []
        for i in 0..<features.rows {
            let key = columns.map { (features[i, $0] * scale).rounded(.toNearestOrEven) }
            if sets[key] == nil { order.append(key) }
            sets[key, default: []].append(i)
        }
        var drop: [(row: Int, keptRow: Int)] = []
        for key in order {
            guard let rows = sets[key], rows.count > 1 else { continue }
            let keeper = rows.min { energies[$0] < energies[$1] || (energies[$0] == energies[$1] && $0 < $1) } ?? rows[0]
            for r in rows where r != keeper { drop.append((r, keeper)) }
        }
        drop.sort { $0.row < $1.row }
        let droppedSet = Set(drop.map(\.row))
        kept = (0..<features.rows).filter { !droppedSet.contains($0) }
        dropped = drop
    }
}
