// Wang-Landau windows sent between the ranks of an MPI job bit for bit, so the
// windows of one walk can run on different ranks and be joined as if run in one process.
import Numerics

extension WangLandauWindowState: RankPortable {
    func write(to out: inout RankBytes) {
        walk.write(to: &out)
        out.append(occupation.map(Int.init))
        rng.write(to: &out)
        out.append(sweeps); out.append(interrupted)
    }

    init(from input: inout RankBytes.Reader) throws {
        walk = try WangLandauWalk?(from: &input)
        occupation = try input.ints().map { v in
            guard let x = UInt8(exactly: v) else { throw RankTransferError("a window from another rank holds species \(v)") }
            return x
        }
        rng = try RandomStream(from: &input)
        sweeps = try input.int()
        interrupted = try input.bool()
    }
}

extension WangLandauWalk: RankPortable {
    func write(to out: inout RankBytes) {
        out.append(width); out.append(logFactor); out.append(iterations); out.append(isInverseTime); out.append(production); out.append(energy)
        out.append(firstBin); out.append(logG); out.append(histogram); out.append(energySums); out.append(visits)
        transitions.write(to: &out)
    }

    init(from input: inout RankBytes.Reader) throws {
        width = try input.double()
        logFactor = try input.double()
        iterations = try input.int()
        isInverseTime = try input.bool()
        production = try input.int()
        energy = try input.double()
        firstBin = try input.int()
        logG = try input.doubles()
        histogram = try input.ints()
        energySums = try input.doubles()
        visits = try input.ints()
        transitions = try TransitionCounts(from: &input)
        // The walk indexes all four per bin from `firstBin`.
        guard !logG.isEmpty, histogram.count == logG.count, energySums.count == logG.count, visits.count == logG.count,
              transitions.bins == logG.count else {
            throw RankTransferError("a window from another rank has \(logG.count) bins of ln g, \(histogram.count) of histogram, \(energySums.count) of energy sums, \(visits.count) of visits and \(transitions.bins) of transition counts")
        }
    }
}

extension TransitionCounts: RankPortable {
    func write(to out: inout RankBytes) {
        out.append(span); out.append(proposals); out.append(pairs); out.append(scans); out.append(moves); out.append(squares)
    }

    init(from input: inout RankBytes.Reader) throws {
        do {
            try self.init(span: input.int(), proposals: input.ints(), pairs: input.ints(), scans: input.ints(),
                          moves: input.doubles(), squares: input.doubles())
        } catch let error as MonteCarloError {
            throw RankTransferError("a window from another rank: \(error)")
        }
    }
}
