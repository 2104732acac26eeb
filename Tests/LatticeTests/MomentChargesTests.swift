// Charges from magnetic moments on synthetic data built from limn3of's relaxed
// cells: Mn3+ pairs turned into Mn2+/Mn4+ (the cell stays neutral), moments drawn
// around 4.6 / 3.9 / 3.1 μB. Bayesian optimisation against the exact optimum,
// the mixture, fixed cutoffs, thread independence.
import Testing
import Foundation
@testable import Lattice

/// limn3of's relaxed cells, each `copies` times, with Mn states mixed at random and moments drawn with noise `sd`.
func syntheticMoments(copies: Int, sd: Double, seed: UInt64) throws -> (structures: [AtomicStructure], truth: [[Double]]) {
    let frames = try Files.structures(.extendedXYZ, try SharedData.text("limn3of/structures.extxyz"))
    var rng = RandomStream(seed: seed)
    var out: [AtomicStructure] = [], truth: [[Double]] = []
    for copy in 0..<copies {
        for f in frames {
            var s = f
            s.id = "\(f.id)#\(copy)"
            var mn = s.elements.indices.filter { s.elements[$0] == "Mn" }
            rng.shuffle(&mn)
            var state = [Int: Double]()
            for k in mn { state[k] = 3 }
            // Disproportionate a random number of Mn3+ pairs into Mn2+ + Mn4+.
            let pairs = mn.count / 2 == 0 ? 0 : rng.int(below: mn.count / 2 + 1)
            for p in 0..<pairs { state[mn[2 * p]] = 2; state[mn[2 * p + 1]] = 4 }
            let centre: [Double: Double] = [2: 4.6, 3: 3.9, 4: 3.1]
            s.magneticMoments = s.elements.indices.map { k in
                guard let q = state[k] else { return rng.normal(mean: 0, sd: 0.02) }
                return (rng.uniform() < 0.5 ? -1 : 1) * rng.normal(mean: centre[q] ?? 0, sd: sd)
            }
            truth.append(s.elements.indices.compactMap { state[$0] })
            s.charges = s.elements.map { _ in nil }
            out.append(s)
        }
    }
    return (out, truth)
}

private let fixedCharges: [String: Double] = ["Li": 1, "O": -2, "F": -1]

@Test func bayesianCutoffsReachTheExactOptimum() throws {
    let (structures, _) = try syntheticMoments(copies: 3, sd: 0.1, seed: 5)
    let problem = try MomentCharges(structures: structures, element: "Mn", states: [4, 3, 2], charges: fixedCharges)
    let domains = [(2.9, 3.7), (3.7, 4.5)]
    let exact = try problem.solve(.exact(domains: domains))
    let bo = try problem.solve(.bayesian(domains: domains, calls: 60, initialPoints: 10, candidates: 1000, seed: 1), threads: 1)
    print("charges: exact \(exact.cutoffs) balances \(exact.balancedCount), Bayesian \(bo.cutoffs) balances \(bo.balancedCount) of \(structures.count)")
    // No cutoffs balance more than the exhaustive sweep finds, and the Bayesian ones reach it.
    var rng = RandomStream(seed: 77)
    for _ in 0..<200 {
        #expect(problem.balancedCount(cutoffs: [rng.uniform(2.9, 3.7), rng.uniform(3.7, 4.5)]) <= exact.balancedCount)
    }
    #expect(bo.balancedCount == exact.balancedCount)
    #expect(Double(bo.balancedCount) >= 0.99 * Double(structures.count))
    for i in 0..<2 { #expect(abs(bo.cutoffs[i] - exact.cutoffs[i]) <= 0.05) }
    // The same seed gives the same search on two and on three threads (more threads than cores).
    for threads in [2, 3] {
        let again = try problem.solve(.bayesian(domains: domains, calls: 60, initialPoints: 10, candidates: 1000, seed: 1), threads: threads)
        #expect(again.cutoffs == bo.cutoffs)
        #expect(again.evaluations.map(\.cutoffs) == bo.evaluations.map(\.cutoffs))
    }
}

@Test func mixtureAndFixedCutoffsAssignStates() throws {
    let (structures, truth) = try syntheticMoments(copies: 1, sd: 0.08, seed: 9)
    let problem = try MomentCharges(structures: structures, element: "Mn", states: [4, 3, 2], charges: fixedCharges)
    let mixture = try problem.solve(.mixture)
    let means = try #require(mixture.mixture?.means)
    #expect(abs(means[0] - 3.1) < 0.05 && abs(means[1] - 3.9) < 0.05 && abs(means[2] - 4.6) < 0.05)
    #expect(Double(mixture.balancedCount) >= 0.99 * Double(structures.count))
    let fixed = try problem.solve(.fixed([3.5, 4.25]))
    // With 0.08 μB noise every state is recovered.
    #expect(fixed.assignment.states.map { $0.map { $0 ?? 0 } } == truth)
    #expect(fixed.balancedCount == structures.count)
    // An upper bound below the Mn2+ moments leaves those structures without a state.
    let bounded = problem.assign(cutoffs: [3.5, 4.25, 4.3])
    #expect(bounded.balancedCount == truth.filter { !$0.contains(2) }.count)
    #expect(throws: LatticeError.self) { try problem.solve(.fixed([4.25, 3.5])) }
    // Decorated structures carry the states.
    let decorated = problem.decorate(structures[0], structure: 0, fixed.assignment, charges: fixedCharges)
    #expect(decorated.charges.allSatisfy { $0 != nil })
    #expect(abs(decorated.charges.reduce(0) { $0 + ($1 ?? 0) }) < 1e-9)
}

@Test func chargesNeedMomentsAndOtherCharges() throws {
    var frames = try Files.structures(.extendedXYZ, try SharedData.text("limn3of/structures.extxyz"))
    #expect(throws: LatticeError.self) { try MomentCharges(structures: frames, element: "Mn", states: [4, 3, 2], charges: [:]) }
    frames[0].magneticMoments = frames[0].elements.map { _ in 3.0 }
    frames[0].charges = frames[0].elements.map { _ in nil }
    do {
        _ = try MomentCharges(structures: [frames[0]], element: "Mn", states: [4, 3, 2], charges: [:])
        Issue.record("no charge for Li was accepted")
    } catch let e as LatticeError {
        #expect(e.message.contains("has no charge"))
    }
}
