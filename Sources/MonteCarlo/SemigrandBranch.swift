// A chemical-potential sweep's points sent between the ranks of an MPI job bit for
// bit, so the branches of a phase diagram can run on different ranks.
import Numerics

/// One branch of a phase diagram: the points of `sweepChemicalPotential` and whether an interrupt cut it short.
///
///     let up = SemigrandBranch(try sweepChemicalPotential(start, model: m, temperature: 0.05, path: path, sweeps: 200, seed: 1))
public struct SemigrandBranch: Sendable, RankPortable {
    public var points: [SemigrandPoint]
    public var interrupted: Bool

    public init(_ run: (points: [SemigrandPoint], interrupted: Bool)) {
        points = run.points
        interrupted = run.interrupted
    }

    /// Whether every point has `species` composition entries and a final configuration of `siteCount`
    /// sites, as a branch run here has: what came from another rank is checked before it is read.
    public func hasShape(species: Int, siteCount: Int) -> Bool {
        points.allSatisfy { $0.composition.count == species && $0.final.siteCount == siteCount }
    }

    public func write(to out: inout RankBytes) {
        points.write(to: &out)
        out.append(interrupted)
    }

    public init(from input: inout RankBytes.Reader) throws {
        points = try [SemigrandPoint](from: &input)
        interrupted = try input.bool()
    }
}

extension SemigrandPoint: RankPortable {
    public func write(to out: inout RankBytes) {
        out.append(chemicalPotentials.count)
        for mu in chemicalPotentials { out.append(mu) }
        energy.write(to: &out)
        composition.write(to: &out)
        out.append(acceptance)
        final.write(to: &out)
    }

    public init(from input: inout RankBytes.Reader) throws {
        chemicalPotentials = try (0..<input.count(width: 8)).map { _ in try input.doubles() }
        energy = try Estimate(from: &input)
        composition = try [Estimate](from: &input)
        acceptance = try input.double()
        final = try Configuration(from: &input)
    }
}

extension Estimate: RankPortable {
    public func write(to out: inout RankBytes) {
        out.append(mean); out.append(error); out.append(tau)
    }

    public init(from input: inout RankBytes.Reader) throws {
        self.init(mean: try input.double(), error: try input.double(), tau: try input.double())
    }
}
