// The two-stage delayed-rejection kernel on a finite state space, with its
// transition matrix computed exactly: the check that Eq. 24 leaves the
// target invariant, through the same acceptance code the sampler runs.
import Foundation

/// Delayed-rejection Metropolis-Hastings on states 0..<n with proposal
/// matrices q1[x][y] and q2[x][y1][y2] (second proposal from x after y1 was
/// rejected); rows of q1 and of each q2[x][y1] sum to 1.
///
///     let k = try DiscreteDelayedRejection(target: [0.5, 0.3, 0.2], q1: q1, q2: q2)
///     let p = k.transitionMatrix()       // rows sum to 1, and pi P = pi
public struct DiscreteDelayedRejection {
    public let target: [Double]
    public let q1: [[Double]]
    public let q2: [[[Double]]]

    /// Checks shapes, non-negativity and row sums; the target may be unnormalised.
    public init(target: [Double], q1: [[Double]], q2: [[[Double]]]) throws {
        let n = target.count
        guard n > 0, target.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw InferenceError("the discrete target needs positive finite weights")
        }
        guard q1.count == n, q1.allSatisfy({ $0.count == n && $0.allSatisfy { $0 >= 0 } && abs($0.reduce(0, +) - 1) < 1e-12 }) else {
            throw InferenceError("q1 must be an \(n) x \(n) stochastic matrix")
        }
        guard q2.count == n, q2.allSatisfy({ row in
            row.count == n && row.allSatisfy { $0.count == n && $0.allSatisfy { $0 >= 0 } && abs($0.reduce(0, +) - 1) < 1e-12 }
        }) else {
            throw InferenceError("q2 must be \(n) x \(n) x \(n) with stochastic last index")
        }
        let total = target.reduce(0, +)
        self.target = target.map { $0 / total }
        self.q1 = q1
        self.q2 = q2
    }

    /// A second stage that ignores y1: q2[x][y1][y2] = q2[x][y2].
    public init(target: [Double], q1: [[Double]], q2: [[Double]]) throws {
        try self.init(target: target, q1: q1, q2: q2.map { row in [[Double]](repeating: row, count: q2.count) })
    }

    private func lg(_ v: Double) -> Double { v > 0 ? log(v) : -.infinity }

    /// alpha1(x, y).
    public func firstStage(_ x: Int, _ y: Int) -> Double {
        DelayedRejection.acceptance(forwardLogRatio(x, y))
    }

    private func forwardLogRatio(_ x: Int, _ y: Int) -> Double {
        DelayedRejection.logRatio(
            logTargetFrom: lg(target[x]), logTargetTo: lg(target[y]), logQForward: lg(q1[x][y]), logQReverse: lg(q1[y][x]))
    }

    /// alpha2(x, y1, y2) by Eq. 24; defined where q1(x, y1) (1 - alpha1(x, y1)) q2(x, y1, y2) > 0.
    public func secondStage(_ x: Int, _ y1: Int, _ y2: Int) -> Double {
        DelayedRejection.secondStage(
            logTargetX: lg(target[x]), logTargetY2: lg(target[y2]),
            forwardLogRatio: forwardLogRatio(x, y1), reverseLogRatio: forwardLogRatio(y2, y1),
            logQ1XY1: lg(q1[x][y1]), logQ1Y2Y1: lg(q1[y2][y1]),
            logQ2XY1Y2: lg(q2[x][y1][y2]), logQ2Y2Y1X: lg(q2[y2][y1][x]))
    }

    /// The probability flow pi(x) q1(x,y1) (1 - alpha1(x,y1)) q2(x,y1,y2) alpha2(x,y1,y2)
    /// from x to y2 through the rejected y1; detailed balance of the second
    /// stage means it equals the flow from y2 to x through the same y1.
    public func secondStageFlow(_ x: Int, _ y1: Int, _ y2: Int) -> Double {
        let path = target[x] * q1[x][y1] * (1 - firstStage(x, y1)) * q2[x][y1][y2]
        return path > 0 ? path * secondStage(x, y1, y2) : 0
    }

    /// The exact transition matrix P[x][y] of one delayed-rejection step.
    public func transitionMatrix() -> [[Double]] {
        let n = target.count
        var p = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for x in 0..<n {
            for y1 in 0..<n where q1[x][y1] > 0 {
                let a1 = firstStage(x, y1)
                p[x][y1] += q1[x][y1] * a1
                for y2 in 0..<n where q2[x][y1][y2] > 0 {
                    let a2 = (1 - a1) > 0 ? secondStage(x, y1, y2) : 0
                    p[x][y2] += q1[x][y1] * (1 - a1) * q2[x][y1][y2] * a2
                }
            }
            let moved = p[x].enumerated().reduce(0) { $0 + ($1.offset == x ? 0 : $1.element) }
            p[x][x] = 1 - moved
        }
        return p
    }
}
