// The exact two-stage kernel on a few states: rows sum to 1, the target is
// invariant, and every second-stage path is balanced by its reverse. A
// second stage that ignores q1(y2, y1) (dropping the support indicator)
// breaks invariance, so these tests can fail.
import Testing
import Inference
import Foundation

private let target = [0.05, 0.3, 0.1, 0.25, 0.2, 0.1]

/// A non-symmetric first proposal with zeros (bounded support, like a uniform box).
private let q1: [[Double]] = [
    [0.0, 0.5, 0.5, 0.0, 0.0, 0.0],
    [0.3, 0.0, 0.3, 0.4, 0.0, 0.0],
    [0.2, 0.2, 0.0, 0.3, 0.3, 0.0],
    [0.0, 0.5, 0.1, 0.0, 0.2, 0.2],
    [0.0, 0.0, 0.6, 0.1, 0.0, 0.3],
    [0.0, 0.0, 0.0, 0.5, 0.5, 0.0],
]

/// A second proposal depending on x and the rejected y1: mostly near x, biased toward y1.
private let q2: [[[Double]]] = (0..<6).map { x in
    (0..<6).map { y1 in
        var row = (0..<6).map { y -> Double in abs(y - x) <= 1 ? 1.0 : 0.0 }
        row[y1] += 0.5
        let total = row.reduce(0, +)
        return row.map { $0 / total }
    }
}

private func stationarityError(_ p: [[Double]], _ pi: [Double]) -> Double {
    (0..<pi.count).map { y in abs((0..<pi.count).reduce(0) { $0 + pi[$1] * p[$1][y] } - pi[y]) }.max() ?? 0
}

@Test func exactKernelLeavesTargetInvariant() throws {
    let kernel = try DiscreteDelayedRejection(target: target, q1: q1, q2: q2)
    let p = kernel.transitionMatrix()
    for row in p {
        #expect(abs(row.reduce(0, +) - 1) < 1e-14)
        #expect(row.allSatisfy { $0 >= -1e-15 })
    }
    #expect(stationarityError(p, target) < 1e-14)
    // The whole kernel is reversible: pi(x) P(x, y) = pi(y) P(y, x).
    for x in 0..<6 { for y in 0..<6 { #expect(abs(target[x] * p[x][y] - target[y] * p[y][x]) < 1e-15) } }
    // The second stage moves probability: the kernel is not just the first stage.
    let flows = (0..<6).flatMap { x in (0..<6).flatMap { y1 in (0..<6).map { kernel.secondStageFlow(x, y1, $0) } } }
    #expect(flows.filter { $0 > 0 }.count > 10)
}

@Test func secondStageIsInDetailedBalancePathByPath() throws {
    let kernel = try DiscreteDelayedRejection(target: target, q1: q1, q2: q2)
    for x in 0..<6 {
        for y1 in 0..<6 {
            for y2 in 0..<6 where y2 != x {
                let forward = kernel.secondStageFlow(x, y1, y2)
                let reverse = kernel.secondStageFlow(y2, y1, x)
                #expect(abs(forward - reverse) < 1e-15, "path \(x) -> \(y1) -> \(y2)")
            }
        }
    }
}

@Test func ignoringTheFirstStageSupportBreaksInvariance() throws {
    // The same kernel with q1(y2, y1) treated as if it were q1(x, y1) (the
    // "symmetric proposals cancel" shortcut): pi is no longer invariant.
    let kernel = try DiscreteDelayedRejection(target: target, q1: q1, q2: q2)
    var p = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
    for x in 0..<6 {
        for y1 in 0..<6 where q1[x][y1] > 0 {
            let a1 = kernel.firstStage(x, y1)
            p[x][y1] += q1[x][y1] * a1
            for y2 in 0..<6 where q2[x][y1][y2] > 0 && a1 < 1 {
                let naive = DelayedRejection.secondStage(
                    logTargetX: log(target[x]), logTargetY2: log(target[y2]),
                    forwardLogRatio: log(target[y1] / target[x]), reverseLogRatio: log(target[y1] / target[y2]))
                p[x][y2] += q1[x][y1] * (1 - a1) * q2[x][y1][y2] * naive
            }
        }
        p[x][x] += 1 - p[x].reduce(0, +)
    }
    #expect(stationarityError(p, target) > 1e-3)
}

@Test func uniformBoxProposalOnALineLeavesTargetInvariant() throws {
    // The continuous sampler's kernel on a grid: uniform steps of half-width
    // 2 then 1, with the box support indicator, on 7 states.
    let pi = [1.0, 3, 2, 5, 1, 4, 2]
    let n = pi.count
    let q1 = (0..<n).map { x in (0..<n).map { y in abs(y - x) <= 2 ? 1.0 / 5 : 0 } }
        .map { row -> [Double] in let t = row.reduce(0, +); return row.map { $0 / t } }
    // Renormalised rows near the edges are not symmetric: q1(x, y) != q1(y, x) there.
    let q2 = (0..<n).map { x in (0..<n).map { y in abs(y - x) <= 1 ? 1.0 : 0 } }
        .map { row -> [Double] in let t = row.reduce(0, +); return row.map { $0 / t } }
    let kernel = try DiscreteDelayedRejection(target: pi, q1: q1, q2: q2)
    #expect(stationarityError(kernel.transitionMatrix(), kernel.target) < 1e-14)
}
