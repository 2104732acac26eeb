// The grouping of feature columns into orbits (groups B of science.md Eq. 6):
// which columns belong together, and the sqrt(p_B) group weights.
@_exported import Numerics

/// Feature columns partitioned into groups (one group per orbit; group ids in any order).
///
///     let groups = try FeatureGroups(ids: [0, 1, 1, 2, 2, 2])
///     groups.count          // 3
///     groups.columns[2]     // [3, 4, 5]
///     groups.weights[2]     // sqrt(3)
public struct FeatureGroups: Sendable, Equatable, Codable {
    /// The group id of every column, as given.
    public let ids: [Int]
    /// The distinct group ids, in order of first appearance.
    public let labels: [Int]
    /// Columns of each group (index into `labels`), ascending.
    public let columns: [[Int]]
    /// Index into `labels` of each column's group.
    public let groupOfColumn: [Int]
    /// sqrt(p_B) of each group: the group-lasso weights of Eq. 6 (stored: solvers read them per block).
    public let weights: [Double]

    /// Groups from one id per column; ids need not be contiguous or sorted.
    public init(ids: [Int]) throws {
        guard !ids.isEmpty else { throw RegressionError.invalidInput("the group layout is empty") }
        var index: [Int: Int] = [:]
        var labels: [Int] = [], columns: [[Int]] = [], groupOf: [Int] = []
        groupOf.reserveCapacity(ids.count)
        for (j, id) in ids.enumerated() {
            if let g = index[id] {
                columns[g].append(j); groupOf.append(g)
            } else {
                index[id] = labels.count
                groupOf.append(labels.count)
                labels.append(id); columns.append([j])
            }
        }
        self.ids = ids
        self.labels = labels
        self.columns = columns
        self.groupOfColumn = groupOf
        weights = columns.map { Double($0.count).squareRoot() }
    }

    /// Every column in its own group (lasso-style layout).
    public static func singletons(_ p: Int) -> FeatureGroups {
        // A non-empty id list never throws.
        (try? FeatureGroups(ids: Array(0..<max(1, p)))) ?? FeatureGroups(unchecked: Array(0..<max(1, p)))
    }

    private init(unchecked ids: [Int]) {
        self.ids = ids; labels = ids; columns = ids.map { [$0] }; groupOfColumn = ids
        weights = [Double](repeating: 1, count: ids.count)
    }

    /// Number of groups.
    public var count: Int { labels.count }
    /// Number of columns.
    public var columnCount: Int { ids.count }
    /// p_B of each group.
    public var sizes: [Int] { columns.map(\.count) }
}
