// Each feature column's cluster (body order and diameter): fcc's closed-form
// shell distances, the Ewald column without one, and icet's orbits when
// python3 has icet.
import Foundation
import Numerics
import PeerSupport
import Testing
@testable import Lattice

@Suite struct FeatureMatrixClusterTests {
    static let a = 4.0

    /// Features of one random configuration on fcc (a = 4 Å) with science.md's cutoffs {2: 5.0, 3: 4.1}.
    func fccFeatures() throws -> (space: ClusterSpace, matrix: FeatureMatrix) {
        let fcc = try CrystalLattice.builtin("fcc", a: Self.a, species: [["Ag", "Pd"]])
        let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 5.0, 3: 4.1])
        var rng = RandomStream(seed: 3)
        let conf = try Configuration.random(supercell: try Supercell(lattice: fcc, size: 3), rng: &rng)
        return (space, try FeatureMatrix(configurations: [conf], totalEnergies: [nil], space: space, basis: .sinusoid))
    }

    @Test func fccColumnsCarryOrdersAndClosedFormDiameters() throws {
        let (space, fm) = try fccFeatures()
        let a = Self.a
        // Multiplicities 1, 6, 3, 12, 8, 12 (point, three pair shells, two triplets): the pair shells sit at
        // a/√2, a and a·√(3/2); the 8-fold triplet is the equilateral nearest-neighbour triangle (diameter a/√2),
        // the 12-fold one two nearest-neighbour bonds and one second-neighbour bond (diameter a).
        #expect(space.orbits.map(\.multiplicity) == [1, 6, 3, 12, 8, 12])
        let want: [(order: Int, diameter: Double)] = [(0, 0), (1, 0), (2, a / 2.0.squareRoot()), (2, a), (2, a * 1.5.squareRoot()),
                                                      (3, a / 2.0.squareRoot()), (3, a)]
        #expect(fm.columns == want.count)
        #expect(fm.clusters.count == fm.columns)
        for (k, w) in want.enumerated() {
            let c = try #require(fm.clusters[k])
            #expect(c.order == w.order, "column \(k)")
            #expect(abs(c.diameter - w.diameter) < 1e-12, "column \(k): \(c.diameter) Å, want \(w.diameter) Å")
        }
        // The triplets' side lengths, so the diameter is their longest side, not a radius.
        let side = a / 2.0.squareRoot()
        #expect(zip(space.orbits[4].distances, [side, side, side]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(zip(space.orbits[5].distances, [side, side, a]).allSatisfy { abs($0 - $1) < 1e-12 })
        // The names agree with the orders.
        #expect(fm.columnNames.map { $0.split(separator: " ")[0] } == ["empty", "point", "pair", "pair", "pair", "triplet", "triplet"])
        #expect(ColumnCluster.orderName(2) == "pairs")
        #expect(ColumnCluster.orderName(9) == "9-site clusters")
    }

    @Test func multicomponentColumnsShareTheirOrbitsClusterAndEwaldHasNone() throws {
        let rocksalt = try CrystalLattice.builtin("rocksalt", a: 4.2, species: [["Li+", "Mn2+", "Vac"], ["O2-"]])
        let space = try ClusterSpace(lattice: rocksalt, cutoffs: [2: 4.0])
        var rng = RandomStream(seed: 1)
        let conf = try Configuration.random(supercell: try Supercell(lattice: rocksalt, size: 2), rng: &rng)
        let fm = try FeatureMatrix(configurations: [conf], totalEnergies: [nil], space: space, basis: .indicator, ewald: true)
        #expect(fm.clusters.count == fm.columns)
        #expect(fm.clusters.last == .some(nil))
        #expect(fm.columnNames.last == "ewald")
        // Three species, one pair orbit (2.97 Å): two point functions and three pair functions, each its orbit's cluster.
        for (j, group) in fm.groups.dropLast().enumerated() where group > 0 {
            let orbit = space.orbits[group - 1]
            #expect(fm.clusters[j] == ColumnCluster(order: orbit.order, diameter: orbit.diameter))
        }
        #expect(fm.clusters.compactMap { $0?.order } == [0, 1, 1, 2, 2, 2])
    }

    @Test func fccDiametersMatchIcet() throws {
        // icet's orbits, one column each on a binary: order and the longest intra-cluster distance.
        let script = """
            from ase.build import bulk
            from icet import ClusterSpace
            cs = ClusterSpace(bulk('Ag', 'fcc', a=4.0), [5.0, 4.1], ['Ag', 'Pd'])
            for i in range(len(cs.orbit_list)):
                c = cs.orbit_list.get_orbit(i).representative_cluster
                print(c.order, repr(max(c.distances) if c.order > 1 else 0.0), repr(c.radius))
            """
        let out = try Peer.run(script)
        let rows = out.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        let (space, fm) = try fccFeatures()
        #expect(rows.count == space.orbits.count)
        #expect(rows.allSatisfy { $0.count == 3 })
        for (k, row) in rows.enumerated() where row.count == 3 && k + 1 < fm.clusters.count {
            let c = try #require(fm.clusters[k + 1])
            #expect(c.order == Int(row[0]))
            #expect(abs(c.diameter - (Double(row[1]) ?? .nan)) < 1e-9, "orbit \(k + 1)")
            #expect(abs(space.orbits[k].radius - (Double(row[2]) ?? .nan)) < 1e-9, "orbit \(k + 1) radius")
        }
    }
}
