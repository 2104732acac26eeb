// Temperature schedules: stepwise (any list, geometric or linear spacing),
// linear ramps, and concatenations; sweeps per stage and equilibration sweeps
// that per-stage averages leave out.

/// A temperature schedule: stages run in order, each at a fixed temperature or a linear ramp.
///
///     let s = try AnnealSchedule.geometric(from: 1.0, to: 0.01, count: 20, sweeps: 200, equilibration: 50)
///     s.totalSweeps   // 4000
public struct AnnealSchedule: Sendable, Equatable {
    /// One stage: `sweeps` sweeps with T going linearly from `from` to `to` (equal for a step).
    public struct Stage: Sendable, Equatable {
        /// Temperature at the first sweep.
        public var from: Double
        /// Temperature at the last sweep.
        public var to: Double
        /// Sweeps in the stage.
        public var sweeps: Int
        /// Leading sweeps left out of the stage's averages.
        public var equilibration: Int

        /// Creates a stage.
        public init(from: Double, to: Double, sweeps: Int, equilibration: Int = 0) {
            self.from = from
            self.to = to
            self.sweeps = sweeps
            self.equilibration = equilibration
        }

        /// The temperature of sweep k (0-based) of the stage.
        public func temperature(at k: Int) -> Double {
            sweeps <= 1 || from == to ? from : from + (to - from) * Double(k) / Double(sweeps - 1)
        }
    }

    /// The stages in order.
    public let stages: [Stage]

    /// Creates a schedule after checking temperatures are finite and >= 0 and sweeps positive.
    public init(stages: [Stage]) throws {
        guard !stages.isEmpty else { throw MonteCarloError("a schedule needs at least one stage") }
        for s in stages {
            guard s.from.isFinite, s.to.isFinite, s.from >= 0, s.to >= 0 else {
                throw MonteCarloError("temperatures must be finite and >= 0, got \(s.from) → \(s.to)")
            }
            guard s.sweeps >= 1 else { throw MonteCarloError("each stage needs at least one sweep, got \(s.sweeps)") }
            guard s.equilibration >= 0, s.equilibration < s.sweeps else {
                throw MonteCarloError("equilibration sweeps (\(s.equilibration)) must be fewer than the \(s.sweeps) sweeps of a stage")
            }
        }
        self.stages = stages
    }

    /// Steps at the given temperatures, each for `sweeps` sweeps.
    public static func steps(_ temperatures: [Double], sweeps: Int, equilibration: Int = 0) throws -> AnnealSchedule {
        try AnnealSchedule(stages: temperatures.map { Stage(from: $0, to: $0, sweeps: sweeps, equilibration: equilibration) })
    }

    /// `count` steps geometrically spaced from `from` to `to` (both > 0).
    public static func geometric(from: Double, to: Double, count: Int, sweeps: Int, equilibration: Int = 0) throws -> AnnealSchedule {
        guard from > 0, to > 0 else { throw MonteCarloError("geometric spacing needs positive temperatures, got \(from) → \(to)") }
        return try steps(spaced(from, to, count) { a, b, f in a * pow(b / a, f) }, sweeps: sweeps, equilibration: equilibration)
    }

    /// `count` steps linearly spaced from `from` to `to`.
    public static func linear(from: Double, to: Double, count: Int, sweeps: Int, equilibration: Int = 0) throws -> AnnealSchedule {
        try steps(spaced(from, to, count) { a, b, f in a + (b - a) * f }, sweeps: sweeps, equilibration: equilibration)
    }

    /// One linear ramp from `from` to `to` over `sweeps` sweeps (T changes every sweep).
    public static func ramp(from: Double, to: Double, sweeps: Int) throws -> AnnealSchedule {
        try AnnealSchedule(stages: [Stage(from: from, to: to, sweeps: sweeps)])
    }

    private static func spaced(_ a: Double, _ b: Double, _ count: Int, _ f: (Double, Double, Double) -> Double) throws -> [Double] {
        guard count >= 1 else { throw MonteCarloError("a stepwise schedule needs at least one step, got \(count)") }
        try MemoryBudget.check(count: count, bytesEach: MemoryLayout<Stage>.stride + MemoryLayout<StageSummary>.stride,
                               for: "a schedule of \(count) steps")
        if count == 1 { return [a] }
        return (0..<count).map { k in k == count - 1 ? b : f(a, b, Double(k) / Double(count - 1)) }
    }

    /// The schedule followed by `other`.
    public func then(_ other: AnnealSchedule) -> AnnealSchedule {
        // Both parts were validated, so the concatenation is valid.
        (try? AnnealSchedule(stages: stages + other.stages)) ?? self
    }

    /// All sweeps of all stages.
    public var totalSweeps: Int { stages.reduce(0) { MemoryBudget.sum($0, $1.sweeps) } }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
