// Chains sent between MPI ranks: they come back bit for bit, and bytes whose
// shapes disagree (values for another number of states) are refused, not indexed.
import Testing
import Inference
import Numerics

@Suite struct ChainTransferTests {
    private func chain(samples: [Double]) -> Chain {
        Chain(dimension: 2, samples: samples, costs: [1.5, -0.0, .nan], iterations: 30, proposed: [30, 12],
              accepted: [9, 4], sigma1: [0.1, 0.2], sigma2: [0.01, 0.02], interrupted: true)
    }

    @Test func aChainComesBackBitForBit() throws {
        let sent = chain(samples: [1, 2, 3, .infinity, -0.0, 6])
        var out = RankBytes()
        sent.write(to: &out)
        var input = RankBytes.Reader(out.bytes)
        let back = try Chain(from: &input)
        #expect(input.isAtEnd)
        #expect(back.samples.map(\.bitPattern) == sent.samples.map(\.bitPattern))
        #expect(back.costs.map(\.bitPattern) == sent.costs.map(\.bitPattern))
        #expect(back.dimension == 2 && back.iterations == 30 && back.interrupted)
        #expect(back.proposed == [30, 12] && back.accepted == [9, 4] && back.sigma2 == [0.01, 0.02])
    }

    @Test func valuesForAnotherNumberOfStatesAreRefused() {
        var out = RankBytes()
        chain(samples: [1, 2, 3, 4, 5]).write(to: &out)   // 5 values for 3 states of 2
        var input = RankBytes.Reader(out.bytes)
        #expect(throws: RankTransferError.self) { try Chain(from: &input) }
    }
}
