// Ewald sums against Madelung constants, η independence and the matrix form.
import Testing
@testable import Lattice

private func madelung(vectors: Matrix3, fractional: [Vector3], charges: [Double], pairs: Double, nearest: Double, eta: Double? = nil) -> Double {
    let e = EwaldSummation(vectors: vectors, positions: fractional.map { vectors.leftMultiply($0) }, eta: eta)
    return -e.energy(charges: charges).total / EwaldSummation.coulombConstant * nearest / pairs
}

@Test func madelungConstantsOfRocksaltAndCsCl() {
    let a = 2.0
    let cube = Matrix3(rows: [[a, 0, 0], [0, a, 0], [0, 0, a]])
    let fcc: [Vector3] = [Vector3(0, 0, 0), Vector3(0, 0.5, 0.5), Vector3(0.5, 0, 0.5), Vector3(0.5, 0.5, 0)]
    let rs = madelung(vectors: cube, fractional: fcc + fcc.map { $0 + Vector3(0.5, 0, 0) },
                      charges: [1, 1, 1, 1, -1, -1, -1, -1], pairs: 4, nearest: a / 2)
    #expect(abs(rs - 1.747565) / 1.747565 < 1e-6)
    let cs = madelung(vectors: cube, fractional: [Vector3(0, 0, 0), Vector3(0.5, 0.5, 0.5)], charges: [1, -1], pairs: 1, nearest: a * 3.0.squareRoot() / 2)
    #expect(abs(cs - 1.762675) / 1.762675 < 1e-6)
    // The sum does not depend on the splitting parameter.
    let other = madelung(vectors: cube, fractional: [Vector3(0, 0, 0), Vector3(0.5, 0.5, 0.5)], charges: [1, -1], pairs: 1, nearest: a * 3.0.squareRoot() / 2, eta: 2.7)
    #expect(abs(other - cs) < 1e-10)
}

@Test func interactionMatrixGivesTheSameEnergy() throws {
    let lat = try CrystalLattice.builtin("rocksalt", a: 4.2, species: [["Li+", "Mn3+"], ["O2-", "F-"]])
    let sc = try Supercell(lattice: lat, matrix: [2, 0, 0, 1, 2, 0, 0, 0, 1])
    var rng = RandomStream(seed: 11)
    let conf = try Configuration.random(supercell: sc, rng: &rng)
    let positions = (0..<sc.siteCount).map { sc.position($0) }
    let ewald = EwaldSummation(vectors: sc.vectors, positions: positions)
    let q = conf.charges
    let w = try ewald.interactionMatrix()
    var e = 0.0
    for i in q.indices { for j in q.indices { e += 0.5 * q[i] * q[j] * w[i * q.count + j] } }
    let direct = ewald.energy(charges: q).total
    #expect(abs(e - direct) < 1e-8)
    // A charged cell with a different η gives the same total (background term included).
    let other = EwaldSummation(vectors: sc.vectors, positions: positions, eta: ewald.eta * 1.3).energy(charges: q).total
    #expect(abs(other - direct) < 1e-8)
}

@Test func interactionMatrixRefusesSupercellsTooLargeToHold() {
    let n = EwaldSummation.maximumMatrixSites + 1
    let side = 200.0
    let positions = (0..<n).map { (i: Int) -> Vector3 in
        let x = Double(i % 200), y = Double(i / 200 % 200), z = Double(i / 40_000)
        return Vector3(x, y, z)
    }
    let ewald = EwaldSummation(vectors: Matrix3([side, 0, 0, 0, side, 0, 0, 0, side]), positions: positions)
    #expect(throws: LatticeError.self) { _ = try ewald.interactionMatrix() }
}
