// Test fixture: nearest-neighbour-swap annealing of the charge-balance model
// (science.md §2) on an L × L triangular lattice, recording a census per
// sweep block, to give the closure tests seeded anneal data of the right kind.
@testable import Closure

enum TestAnnealer {
    /// A concentration series from annealing Li_x Mn_(1-x) (Li = "-") with |·| oxygen energies.
    static func series(x: Double, size: Int, steps: Int = 16, sweepsPerStep: Int = 8, seed: UInt64,
                       stream: UInt64 = 0) throws -> ConcentrationSeries {
        let lattice = WindowLattice.triangular
        let n = size * size
        let table = try lattice.neighbourTable(size: size)
        var rng = RandomStream(seed: seed, stream: stream)
        var spins = [Bool](repeating: true, count: n)   // true = Mn (+)
        let li = Int((x * Double(n)).rounded())
        var order = Array(0..<n)
        rng.shuffle(&order)
        for s in order.prefix(li) { spins[s] = false }
        // Oxygen triangles: up {(a,b),(a+1,b),(a,b+1)} and down {(a,b),(a-1,b),(a,b-1)}.
        var triangles: [[Int]] = []
        for b in 0..<size {
            for a in 0..<size {
                triangles.append([lattice.site(a, b, 0, size: size), lattice.site(a + 1, b, 0, size: size),
                                  lattice.site(a, b + 1, 0, size: size)])
                triangles.append([lattice.site(a, b, 0, size: size), lattice.site(a - 1, b, 0, size: size),
                                  lattice.site(a, b - 1, 0, size: size)])
            }
        }
        var touching = [[Int]](repeating: [], count: n)
        for (t, tri) in triangles.enumerated() { for s in tri { touching[s].append(t) } }
        let energyByLi = [0.5, 0.0, 0.5, 1.0]
        func energy(_ t: Int) -> Double { energyByLi[triangles[t].filter { !spins[$0] }.count] }
        func localEnergy(_ a: Int, _ b: Int) -> Double {
            var e = 0.0
            for t in touching[a] { e += energy(t) }
            for t in touching[b] where !touching[a].contains(t) { e += energy(t) }
            return e
        }
        var times: [Double] = [0]
        var censuses = [try WindowCensus(lattice: lattice, size: size, spins: spins)]
        let total = Double(steps * sweepsPerStep)
        var done = 0
        for step in 0..<steps {
            let temperature = 1.0 * pow(0.01 / 1.0, Double(step) / Double(steps - 1))
            for _ in 0..<sweepsPerStep {
                for _ in 0..<n {
                    let a = rng.int(below: n)
                    let b = table[a * 6 + rng.int(below: 6)]
                    if spins[a] == spins[b] { continue }
                    let before = localEnergy(a, b)
                    spins.swapAt(a, b)
                    let dE = localEnergy(a, b) - before
                    if dE > 0 && rng.uniform() >= exp(-dE / temperature) { spins.swapAt(a, b) }
                }
                done += 1
                times.append(Double(done) / total)
                censuses.append(try WindowCensus(lattice: lattice, size: size, spins: spins))
            }
        }
        return try ConcentrationSeries(times: times, censuses: censuses)
    }

    /// The ten stoichiometries of seed 003.
    static let compositions = [0.25, 0.30, 0.33, 0.36, 0.42, 0.50, 0.58, 0.64, 0.70, 0.75]

    /// Seeded anneal data, computed once for all tests: x = 1/3 and 1/2, and the ten x values.
    static let third: ConcentrationSeries? = try? series(x: 1.0 / 3, size: 18, seed: 2022)
    static let half: ConcentrationSeries? = try? series(x: 0.5, size: 18, seed: 2022, stream: 1)
    static let sweep: [ConcentrationSeries]? = {
        let runs = parallelMap(compositions.count, threads: 2) { i in
            try? series(x: compositions[i], size: 15, seed: 2022, stream: UInt64(10 + i))
        }
        let all = runs.compactMap { $0 }
        return all.count == runs.count ? all : nil
    }()
}

#if canImport(Glibc)
import Glibc
#endif
