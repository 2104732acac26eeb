// The cv= argument of the fit commands: a scheme from splits(), kfold(), loo()
// or an int, or folds the user gives as lists or in a .json or .npy file.
import Formats
import Language
import Regression

/// Turning a cv= value into a cross-validation scheme for `rows` structures.
///
///     cv=5                              # 5-fold
///     cv=kfold(5, repeats=3)            # repeated, reshuffled k-fold
///     cv=[[train0, test0], [train1, test1]]
///     cv=[[0, 1, 2], [3, 4, 5]]         # test sets of a k-fold partition
///     cv="folds.json"                   # either form, from a file; "folds.npy": one fold label per row
enum FitFolds {
    static func scheme(_ value: Value, rows: Int, context: CallContext, callee: String) throws -> CrossValidationScheme {
        switch value {
        case .int(let k): return .kFold(k)
        case .map(let m): return try named(m, callee: callee)
        case .list(let list): return try given(list.items, rows: rows, source: "", callee: callee)
        case .string(let path):
            let resolved = context.resolve(path)
            let lower = path.lowercased()
            if lower.hasSuffix(".json") {
                guard case .list(let list) = try JSONCodec.read(resolved) else {
                    throw RuntimeError("\(callee): \(path) must hold a list of [train, test] pairs or of test sets")
                }
                return try given(list.items, rows: rows, source: path, callee: callee)
            }
            if lower.hasSuffix(".npy") {
                let bytes = try DataFile.bounded(resolved, shownAs: path)
                let labels = try DataFile.naming(path) { try DataFileBuiltins.values(of: try NpyFile.decode(bytes)) }
                guard case .list(let items) = labels else {
                    throw RuntimeError("\(callee): \(path) must hold one integer fold label per structure")
                }
                return try engine { try .folds(labels: try integers(items.items, what: "\(path)", callee: callee), rows: rows, source: path) }
            }
            throw RuntimeError("\(callee): a folds file must end in .json ([train, test] pairs or test sets) or .npy (a fold label per structure), got '\(path)'")
        default:
            throw RuntimeError("\(callee): cv must be an int k, kfold(...), splits(...), loo(), a list of folds or a .json/.npy file of them, got \(value.typeName)")
        }
    }

    /// A scheme from the record splits(), kfold() or loo() made.
    private static func named(_ m: MapValue, callee: String) throws -> CrossValidationScheme {
        func number(_ key: String) -> Double? {
            switch m[key] { case .int(let i)?: return Double(i); case .double(let d)?: return d; default: return nil }
        }
        if case .string(let kind)? = m["scheme"] {
            switch kind {
            case "random": if let c = number("count"), let t = number("test") { return .randomSplits(count: Int(c), testFraction: t) }
            case "kfold": if let k = number("k") { return .kFold(Int(k), repeats: Int(number("repeats") ?? 1)) }
            case "loo": return .leaveOneOut
            default: break
            }
        }
        throw RuntimeError("\(callee): cv must be an int k, kfold(...), splits(...), loo(), a list of folds or a .json/.npy file of them")
    }

    /// Folds as [train, test] pairs (each a pair of index lists) or as test sets (each an index list).
    private static func given(_ items: [Value], rows: Int, source: String, callee: String) throws -> CrossValidationScheme {
        let origin = source.isEmpty ? "cv" : source
        guard !items.isEmpty else { throw RuntimeError("\(callee): \(origin) holds no folds") }
        let pairs = items.allSatisfy { item in
            guard case .list(let pair) = item, pair.items.count == 2,
                  case .list = pair.items[0], case .list = pair.items[1] else { return false }
            return true
        }
        if pairs {
            let splits = try items.enumerated().map { f, item -> Split in
                guard case .list(let pair) = item, case .list(let train) = pair.items[0], case .list(let test) = pair.items[1] else {
                    throw RuntimeError("\(callee): fold \(f) of \(origin) must be [train rows, test rows]")
                }
                return Split(train: try integers(train.items, what: "fold \(f)'s training rows", callee: callee),
                             test: try integers(test.items, what: "fold \(f)'s test rows", callee: callee))
            }
            return try engine { try .folds(splits, rows: rows, source: source) }
        }
        let sets = try items.enumerated().map { f, item -> [Int] in
            guard case .list(let set) = item else {
                throw RuntimeError("\(callee): \(origin) must hold [train, test] pairs or test sets (lists of row indices); item \(f) is \(item.typeName)")
            }
            return try integers(set.items, what: "test set \(f)", callee: callee)
        }
        return try engine { try .folds(testSets: sets, rows: rows, source: source) }
    }

    private static func integers(_ values: [Value], what: String, callee: String) throws -> [Int] {
        try values.map { v in
            switch v {
            case .int(let i): return i
            case .double(let d) where d.rounded() == d && abs(d) < 1e15: return Int(d)
            default: throw RuntimeError("\(callee): \(what) must hold row indices (integers), found \(v.typeName)")
            }
        }
    }

    private static func engine<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as RegressionError { throw RuntimeError(e.description) }
    }
}
