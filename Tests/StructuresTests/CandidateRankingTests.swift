// Candidate rankings against brute force: predictive variances against the
// sample variance of the predicted energies, greedy D-optimal picks against
// log-determinants recomputed for every candidate.
import Foundation
import Testing
@testable import Structures

private func randomMatrix(_ rows: Int, _ columns: Int, _ rng: inout RandomStream) throws -> Matrix {
    try Matrix(rows: rows, columns: columns, rowMajor: (0..<(rows * columns)).map { _ in rng.normal() })
}

@Test func predictiveVarianceIsTheVarianceOfPredictions() throws {
    var rng = RandomStream(seed: 11)
    let design = try randomMatrix(300, 6, &rng)
    // Correlated samples: w = z · L for a random L.
    let mixing = try randomMatrix(6, 6, &rng)
    let samples = try randomMatrix(400, 6, &rng) * mixing
    let variances = try CandidateRanking.predictiveVariances(design: design, samples: samples)
    let predictions = design * samples.transposed()   // 300 x 400
    for i in 0..<design.rows {
        let e = predictions.row(i)
        let mean = e.reduce(0, +) / Double(e.count)
        let brute = e.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(e.count - 1)
        #expect(abs(variances[i] - brute) <= 1e-10 * max(1, brute))
    }
    let top = CandidateRanking.order(variances, descending: true)[0]
    #expect(variances[top] == variances.max())
}

@Test func greedyDOptimalMatchesLogDeterminants() throws {
    var rng = RandomStream(seed: 5)
    let training = try randomMatrix(4, 5, &rng)         // fewer rows than columns: the ridge keeps M invertible
    let candidates = try randomMatrix(40, 5, &rng)
    let picks = try CandidateRanking.dOptimal(training: training, candidates: candidates, count: 4, ridge: 1e-3)
    var m = training.gram()
    let lambda = 1e-3 * max((0..<5).reduce(0.0) { $0 + m[$1, $1] } / 5, 1)
    for j in 0..<5 { m[j, j] += lambda }
    var taken = Set<Int>()
    for pick in picks {
        let base = try m.cholesky().logDeterminant
        var best = -1, bestGain = -Double.infinity
        for i in 0..<candidates.rows where !taken.contains(i) {
            var grown = m
            let x = candidates.row(i)
            for a in 0..<5 { for b in 0..<5 { grown[a, b] += x[a] * x[b] } }
            let gain = try grown.cholesky().logDeterminant - base
            if gain > bestGain { bestGain = gain; best = i }
        }
        #expect(pick.candidate == best)
        #expect(abs(pick.gain - bestGain) < 1e-9)
        let x = candidates.row(best)
        for a in 0..<5 { for b in 0..<5 { m[a, b] += x[a] * x[b] } }
        taken.insert(best)
    }
}

@Test func configurationAtomsLeaveVacanciesOut() throws {
    let rocksalt = try CrystalLattice.builtin("rocksalt", a: 4.2, species: [["Li+", "Ni3+", "Vac"], ["O2-"]])
    let cell = try Supercell(lattice: rocksalt, size: 2)
    let occupation = (0..<cell.siteCount).map { i in cell.primSite(i) == 1 ? 0 : (i / 2) % 3 }
    let atoms = AtomicStructure(configuration: try Configuration(supercell: cell, occupation: occupation), id: "c", energy: -2)
    let kept = occupation.indices.filter { cell.primSite($0) == 1 || occupation[$0] != 2 }
    #expect(atoms.elements == kept.map { cell.space($0).species[occupation[$0]].element })
    #expect(zip(atoms.positions, kept.map(cell.position)).allSatisfy { (($0 - $1) * ($0 - $1)).sum() == 0 })
    #expect(atoms.charges == kept.map { Optional(cell.space($0).species[occupation[$0]].charge) })
    #expect(atoms.energy == -2 && atoms.vectors == cell.vectors)
}
