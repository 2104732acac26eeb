// Training sets of every structure of one data set, kept between fits: a second
// fit of the same data (another alpha, another method) reuses its projection and
// the Gram products its solver has computed, instead of starting again.
import Synchronization

/// The prepared whole-data training sets of one feature matrix, shared by the fits of it.
///
/// A data object owns one and hands it to each `RegressionProblem` it makes; a key made of
/// everything a preparation depends on (energies, weights, intercept, protocol, fixed and
/// free columns, group layout, unit) keeps fits of different settings apart. The sets it
/// hands out share their Gram caches: fits that use one must not run at the same time.
///
///     var problem = try RegressionProblem(features: x, energies: y)
///     problem.designCache = cache          // the same cache for every fit of x
public final class DesignCache: Sendable {
    struct Key: Hashable {
        var energies: [Double]
        var weights: [Double]?
        var groups: [Int]
        var intercept: InterceptMode
        var `protocol`: FitProtocol
        var fixed: [Int]
        var free: [Int]
        var grouped: Bool
        var unit: String
    }

    /// Most training sets kept (each may hold megabytes of Gram products); the oldest leaves first.
    static let capacity = 4

    private let entries = Mutex<[(key: Key, set: TrainingSet)]>([])

    public init() {}

    /// The training set of every row of `problem` for this layout, prepared once.
    func trainingSet(_ problem: RegressionProblem, grouped: Bool) throws -> TrainingSet {
        let key = Key(energies: problem.energies, weights: problem.weights, groups: problem.groups.ids,
                      intercept: problem.intercept, protocol: problem.protocol,
                      fixed: problem.fixedColumns.map(\.column), free: problem.unpenalisedColumns, grouped: grouped,
                      unit: problem.unit)
        if let hit = entries.withLock({ list in list.first { $0.key == key }?.set }) { return hit }
        let set = try TrainingSet(problem, rows: nil, grouped: grouped)
        entries.withLock { list in
            list.append((key, set))
            if list.count > Self.capacity { list.removeFirst() }
        }
        return set
    }
}
