// Naming feature columns in fit arguments: free="ewald", free=["points", 7],
// free=["pair 3"]: words, column names and indices resolved against what the
// data knows about its columns.
import Language
import Lattice

/// What a fit knows about its columns: names ("point 1", "ewald") and clusters (order, diameter).
struct ColumnCatalogue {
    var count: Int
    var names: [String]?
    var clusters: [ColumnCluster?]?
    /// Columns whose value is the same in every row (the empty cluster).
    var constant: [Int]

    /// The columns a free= value names: an index, a column name, "constant", "points",
    /// "ewald", or a list of these; ascending, each once.
    func resolve(_ value: Value, argument: String, callee: String) throws -> [Int] {
        var chosen: [Int] = []
        func add(_ v: Value) throws {
            switch v {
            case .int(let j):
                guard j >= 0 && j < count else {
                    throw RuntimeError("\(callee): \(argument) names column \(j), but the features have columns 0...\(count - 1)")
                }
                chosen.append(j)
            case .string(let word):
                chosen += try columns(named: word, argument: argument, callee: callee)
            case .list(let list):
                for item in list.items { try add(item) }
            default:
                throw RuntimeError("\(callee): \(argument) takes column indices, column names or \"constant\", \"points\", \"ewald\"; got \(v.typeName)")
            }
        }
        try add(value)
        return Array(Set(chosen)).sorted()
    }

    private func columns(named word: String, argument: String, callee: String) throws -> [Int] {
        switch word.lowercased() {
        case "constant", "empty":
            guard !constant.isEmpty else {
                throw RuntimeError("\(callee): \(argument)=\"constant\": no column is constant (J_0 is always free when intercept=\"fitted\")")
            }
            return constant
        case "points", "point":
            guard let clusters else {
                throw RuntimeError("\(callee): \(argument)=\"points\" needs each column's cluster order: fit features(...) data, or give orders= and diameters=")
            }
            let points = clusters.indices.filter { clusters[$0]?.order == 1 }
            guard !points.isEmpty else { throw RuntimeError("\(callee): \(argument)=\"points\": the features have no point-function column") }
            return points
        case "ewald":
            guard let names else {
                throw RuntimeError("\(callee): \(argument)=\"ewald\" needs column names: fit features(..., ewald=true) data, or give the Ewald column's index")
            }
            guard let j = names.firstIndex(of: "ewald") else {
                throw RuntimeError("\(callee): \(argument)=\"ewald\": the features have no Ewald column (features(..., ewald=true) adds it)")
            }
            return [j]
        default:
            guard let names, let j = names.firstIndex(of: word) else {
                let known = names.map { " (columns: \($0.prefix(6).joined(separator: ", "))\($0.count > 6 ? ", ..." : ""))" } ?? ""
                throw RuntimeError("\(callee): \(argument) names no column \"\(word)\"; use an index, a column name, \"constant\", \"points\" or \"ewald\"\(known)")
            }
            return [j]
        }
    }
}
