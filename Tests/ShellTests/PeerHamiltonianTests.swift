// The Monte Carlo benchmarks run ce, icet and smol on one Hamiltonian: the
// model bench/mc/peer.py gives the peers, converted by bench/mc/model.ce, must
// give the energies icet and smol give for the same configurations, through
// the commands the benchmark runs (`anneal`'s energy of its start).
import Foundation
import PeerSupport
import Testing
@testable import Shell

@Suite struct PeerHamiltonianTests {
    /// Random configurations of two supercells (108 sites, conventional 3 x 3 x 3, and 64 sites,
    /// a skewed cell) at uneven compositions, with the energy `anneal` starts from.
    static let script = """
        use "\(Peer.repository.path)/bench/mc/model.ce"
        peer = peer_model(args[0])
        lat = peer["lattice"]
        n = len(lat.species[0])
        cells = [[[-3, 3, 3], [3, -3, 3], [3, 3, -3]], [[4, 0, 0], [1, 4, 0], [0, 1, 4]]]
        compositions = [[0.25, 0.75], [0.2, 0.3, 0.5]]
        species = []
        for k, cell in cells {
            out = []
            for seed in range(0, 3) {
                c = configuration(lat, supercell=cell, composition=[compositions[n - 2]], seed=seed)
                run = anneal(c, energy=peer["model"], kT=peer["kT"], sweeps=1,
                             moves="swap", record=["energy"], every=1, seed=1)
                print(format(run.energy[0], digits=15))
                append(out, c.species)
            }
            save({"cell": c.cell, "positions": c.positions, "species": out}, "${args[1]}/${k}.json")
        }
        """

    @Test(arguments: ["binary", "ternary"])
    func benchModelHasThePeersEnergies(system: String) throws {
        let dir = try temporaryDirectory()
        _ = try Peer.runFile("bench/mc/peer.py", arguments: ["model", system, "\(dir)/model.json"])
        try Self.script.write(toFile: "\(dir)/energies.ce", atomically: true, encoding: .utf8)
        let run = CERunner.run(["\(dir)/energies.ce", "\(dir)/model.json", dir])
        try #require(run.status == 0, "ce failed: \(run.stderr)")
        let ce = run.stdout.split(separator: "\n").compactMap { Double($0) }
        try #require(ce.count == 6, "ce printed \(run.stdout)")
        var peers: [(icet: Double, smol: Double)] = []
        let out = try Peer.runFile("bench/mc/peer.py", arguments: ["energies", system, "\(dir)/0.json", "\(dir)/1.json"])
        for line in out.split(separator: "\n") {
            let v = line.split(separator: " ").compactMap { Double($0) }
            try #require(v.count == 2, "peer printed \(line)")
            peers.append((v[0], v[1]))
        }
        try #require(peers.count == 6)
        for (e, p) in zip(ce, peers) {
            #expect(abs(e - p.icet) <= 1e-9 * max(1, abs(e)), "\(system): ce \(e), icet \(p.icet)")
            #expect(abs(e - p.smol) <= 1e-9 * max(1, abs(e)), "\(system): ce \(e), smol \(p.smol)")
        }
        // Random configurations of a nonzero Hamiltonian differ: the comparison is not of zeros.
        #expect(Set(ce.map { ($0 * 1e6).rounded() }).count == 6)
    }
}
