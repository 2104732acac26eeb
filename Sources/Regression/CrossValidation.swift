// Splitting structures into training and test sets (k-fold with repeats, repeated
// random splits, leave-one-out, or folds the user gives), checked and seeded.

/// One training/test partition of the structures.
public struct Split: Sendable, Equatable, Codable {
    public var train: [Int]
    public var test: [Int]

    public init(train: [Int], test: [Int]) { self.train = train; self.test = test }
}

/// How structures are split for cross-validation.
///
///     let scheme = CrossValidationScheme.randomSplits(count: 50, testFraction: 0.2)  // the paper's
///     let splits = try scheme.splits(rows: 428, seed: 1)
public enum CrossValidationScheme: Sendable, Equatable, Codable, CustomStringConvertible {
    /// k folds of a seeded shuffle, each the test set once; `repeats` independent shuffles.
    case kFold(Int, repeats: Int = 1)
    /// `count` independent shuffles; the first `testFraction` of each is the test set.
    case randomSplits(count: Int, testFraction: Double)
    /// Each structure is the test set once.
    case leaveOneOut
    /// Splits the user gave (checked by `CrossValidationScheme.folds(...)`), and where from.
    case given([Split], source: String)

    public var description: String {
        switch self {
        case .kFold(let k, let r): return r == 1 ? "\(k)-fold" : "\(k)-fold x \(r) repeats"
        case .randomSplits(let c, let f): return "\(c) random splits, test fraction \(f)"
        case .leaveOneOut: return "leave-one-out"
        case .given(let s, let source): return "\(s.count) given folds" + (source.isEmpty ? "" : " (\(source))")
        }
    }

    /// Checks what does not depend on the data: k >= 2, repeats and a count >= 1, a test fraction in (0, 1).
    public func validate() throws {
        switch self {
        case .kFold(let k, let repeats):
            guard k >= 2 else { throw RegressionError.invalidInput("k-fold needs k >= 2, got k = \(k)") }
            guard repeats >= 1 else { throw RegressionError.invalidInput("k-fold needs repeats >= 1, got \(repeats)") }
        case .randomSplits(let count, let fraction):
            guard count >= 1 else { throw RegressionError.invalidInput("random splits need a count >= 1, got \(count)") }
            guard fraction > 0 && fraction < 1 else {
                throw RegressionError.invalidInput("the test fraction must be in (0, 1), got \(fraction)")
            }
        case .leaveOneOut, .given:
            break
        }
    }

    /// The splits of `rows` structures; shuffle r draws from `RandomStream(seed: seed, stream: r)`.
    public func splits(rows n: Int, seed: UInt64) throws -> [Split] {
        try validate()
        switch self {
        case .kFold(let k, let repeats):
            guard k <= n else {
                throw RegressionError.invalidInput("k-fold needs 2 <= k <= \(n) structures, got k = \(k)")
            }
            return (0..<repeats).flatMap { r -> [Split] in
                var order = Array(0..<n)
                var rng = RandomStream(seed: seed, stream: UInt64(r))
                rng.shuffle(&order)
                return (0..<k).map { f in
                    let lo = f * n / k, hi = (f + 1) * n / k
                    let test = Array(order[lo..<hi]).sorted()
                    let train = (Array(order[0..<lo]) + Array(order[hi..<n])).sorted()
                    return Split(train: train, test: test)
                }
            }
        case .randomSplits(let count, let fraction):
            let testSize = Int((fraction * Double(n)).rounded())
            guard testSize >= 1 && testSize < n else {
                throw RegressionError.invalidInput("test fraction \(fraction) of \(n) structures leaves no test or no training set")
            }
            return (0..<count).map { s in
                var order = Array(0..<n)
                var rng = RandomStream(seed: seed, stream: UInt64(s))
                rng.shuffle(&order)
                return Split(train: Array(order[testSize...]).sorted(), test: Array(order[..<testSize]).sorted())
            }
        case .leaveOneOut:
            guard n >= 2 else { throw RegressionError.invalidInput("leave-one-out needs at least 2 structures") }
            return (0..<n).map { i in Split(train: (0..<n).filter { $0 != i }, test: [i]) }
        case .given(let splits, _):
            return try Self.checked(splits, rows: n)
        }
    }

    /// Whether the headline CV RMSE is the root of the mean fold MSE (leave-one-out, whose
    /// one-structure fold RMSEs would average to a mean absolute error) rather than the mean of
    /// the fold RMSEs (scikit-learn's `cross_val_score(...).mean()`).
    var headlineIsRootMeanMSE: Bool { if case .leaveOneOut = self { return true } else { return false } }

    /// Splits given as [train, test] pairs: each must name existing rows, once each, with no
    /// row in both, and every structure in one of the two.
    public static func folds(_ splits: [Split], rows n: Int, source: String = "") throws -> CrossValidationScheme {
        .given(try checked(splits, rows: n), source: source)
    }

    /// Folds given as test sets only (k-fold style): every structure in exactly one test set;
    /// fold f trains on the rest.
    public static func folds(testSets folds: [[Int]], rows n: Int, source: String = "") throws -> CrossValidationScheme {
        guard folds.count >= 2 else {
            throw RegressionError.invalidInput("give at least 2 test folds, got \(folds.count)")
        }
        var foldOf = [Int](repeating: -1, count: n)
        for (f, fold) in folds.enumerated() {
            guard !fold.isEmpty else { throw RegressionError.invalidInput("test fold \(f) is empty") }
            for i in fold {
                guard i >= 0 && i < n else {
                    throw RegressionError.invalidInput("test fold \(f) names row \(i), but there are only \(n) structures (rows 0...\(n - 1))")
                }
                guard foldOf[i] < 0 else {
                    throw RegressionError.invalidInput(
                        foldOf[i] == f ? "test fold \(f) lists row \(i) twice" : "the test folds overlap: row \(i) is in folds \(foldOf[i]) and \(f)")
                }
                foldOf[i] = f
            }
        }
        let missing = (0..<n).filter { foldOf[$0] < 0 }
        guard missing.isEmpty else {
            throw RegressionError.invalidInput("\(RegressionProblem.rowList(missing)) \(missing.count == 1 ? "is" : "are") in no test fold: every structure must be tested once")
        }
        let splits = folds.map { fold in
            Split(train: (0..<n).filter { !fold.contains($0) }, test: fold.sorted())
        }
        return .given(splits, source: source)
    }

    /// Folds as one label per structure (scikit-learn's PredefinedSplit `test_fold`): structures
    /// labelled f >= 0 form test fold f; -1 keeps a structure in every training set.
    public static func folds(labels: [Int], rows n: Int, source: String = "") throws -> CrossValidationScheme {
        guard labels.count == n else {
            throw RegressionError.invalidInput("\(labels.count) fold labels for \(n) structures")
        }
        if let bad = labels.firstIndex(where: { $0 < -1 }) {
            throw RegressionError.invalidInput("fold label \(labels[bad]) of row \(bad): labels are fold numbers >= 0, or -1 for always-training")
        }
        let ids = Array(Set(labels.filter { $0 >= 0 })).sorted()
        guard !ids.isEmpty else { throw RegressionError.invalidInput("no structure has a test fold label >= 0") }
        let splits = ids.map { f in
            Split(train: (0..<n).filter { labels[$0] != f }, test: (0..<n).filter { labels[$0] == f })
        }
        return .given(try checked(splits, rows: n), source: source)
    }

    private static func checked(_ splits: [Split], rows n: Int) throws -> [Split] {
        guard !splits.isEmpty else { throw RegressionError.invalidInput("no folds given") }
        return try splits.enumerated().map { s, split in
            var seen = [UInt8](repeating: 0, count: n)   // 1 train, 2 test
            for (part, list, mark) in [("training", split.train, UInt8(1)), ("test", split.test, UInt8(2))] {
                for i in list {
                    guard i >= 0 && i < n else {
                        throw RegressionError.invalidInput("fold \(s) names row \(i) in its \(part) rows, but there are only \(n) structures (rows 0...\(n - 1))")
                    }
                    guard seen[i] == 0 else {
                        throw RegressionError.invalidInput(seen[i] == mark
                            ? "fold \(s) lists row \(i) twice in its \(part) rows"
                            : "fold \(s) has row \(i) in both its training and test rows")
                    }
                    seen[i] = mark
                }
            }
            let missing = (0..<n).filter { seen[$0] == 0 }
            guard missing.isEmpty else {
                throw RegressionError.invalidInput("fold \(s) misses \(RegressionProblem.rowList(missing)): every structure must be in its training or its test rows")
            }
            guard !split.test.isEmpty, split.train.count >= 2 else {
                throw RegressionError.invalidInput("fold \(s) needs at least 1 test and 2 training structures")
            }
            return Split(train: split.train.sorted(), test: split.test.sorted())
        }
    }
}
