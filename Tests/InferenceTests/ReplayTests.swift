// Seeded chains replay byte for byte, for any number of threads.
import Testing
import Inference

private func run(threads: Int, seed: UInt64 = 5) throws -> Posterior {
    var s = SamplerSettings()
    s.samples = 5000
    s.burnIn = 200
    s.thin = 3
    s.chains = 4
    s.seed = seed
    s.method = .adaptive
    s.adaptInterval = 50
    let sampler = PosteriorSampler(prior: .positiveOrthant(dimension: 3)) { x in
        (x[0] - 1) * (x[0] - 1) + 4 * (x[1] - 2) * (x[1] - 2) + (x[2] - 0.1) * (x[2] - 0.1) * 10
    }
    return try sampler.run(start: [1, 1, 1], settings: s, threads: threads)
}

private func bits(_ x: [Double]) -> [UInt64] { x.map(\.bitPattern) }

@Test func fourChainsOnTwoThreadsEqualOneThread() throws {
    let serial = try run(threads: 1)
    let parallel = try run(threads: 2)
    #expect(serial.chains.count == 4)
    #expect(serial.count == 4 * 1667)
    #expect(bits(serial.samples) == bits(parallel.samples))
    #expect(bits(serial.costs) == bits(parallel.costs))
    for (a, b) in zip(serial.chains, parallel.chains) {
        #expect(a.accepted == b.accepted && a.proposed == b.proposed)
        #expect(bits(a.sigma1) == bits(b.sigma1))
    }
}

@Test func sameSeedReplaysAndOtherSeedDiffers() throws {
    let a = try run(threads: 2), b = try run(threads: 2), c = try run(threads: 2, seed: 6)
    #expect(bits(a.samples) == bits(b.samples))
    #expect(bits(a.samples) != bits(c.samples))
    // Chains use distinct streams.
    #expect(bits(a.chains[0].samples) != bits(a.chains[1].samples))
}

@Test func chainCostsMatchTheirSamples() throws {
    let post = try run(threads: 1)
    for i in stride(from: 0, to: post.count, by: 97) {
        let x = post.sample(i)
        let j = (x[0] - 1) * (x[0] - 1) + 4 * (x[1] - 2) * (x[1] - 2) + (x[2] - 0.1) * (x[2] - 0.1) * 10
        #expect(post.costs[i] == j)
    }
}
