// One Markov chain: the occupation, its random stream and the move tables,
// with sweeps specialised per move kind and per energy kernel. This is the
// hot loop: raw pointers, no allocation, no dynamic dispatch per attempt.
// The chain holds no kernel: each sweep is given one, so a run can change
// kernels between sweeps (see `KernelChoice`) without touching the chain.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A Metropolis chain (internal; see `anneal` and `sampleEquilibrium`).
final class MetropolisChain {
    let model: EnergyModel
    let moves: MoveSet
    let n: Int
    var rng: RandomStream
    let occ: UnsafeMutablePointer<UInt8>
    let sublattice: UnsafeMutablePointer<Int32>
    let speciesCount: UnsafeMutablePointer<UInt8>
    /// The running energy (ΔE sums; reset from a full recomputation at every record).
    var energy: Double
    /// |ΔE| below this is rounding (see `snapped`).
    let zeroTolerance: Double
    var attempts = 0
    var accepted = 0
    /// Species tally (flips change it).
    var tally: [Int]

    // Non-local swaps: per (sublattice, species) block of member sites.
    let base: Int
    var blockStart: UnsafeMutablePointer<Int32>
    var blockCount: UnsafeMutablePointer<Int32>
    var blockSites: UnsafeMutablePointer<Int32>
    var position: UnsafeMutablePointer<Int32>
    var sublatticeSize: UnsafeMutablePointer<Int32>
    /// The number of sublattices (the swap blocks are per sublattice and species).
    let sublatticeCount: Int
    // Neighbour swaps.
    let neighbours: UnsafeMutablePointer<Int32>
    let degree: Int
    // Flips: μ per site and species, flat site * base + species.
    let siteValues: UnsafeMutablePointer<Double>
    // Charge-conserving flips: charges, laid out as siteValues.
    let chargeValues: UnsafeMutablePointer<Double>
    // Mixtures: the kind of each part and the cumulative normalised weights.
    let mixtureKinds: [MoveKind]
    let mixtureBounds: [Double]
    // Variance-constrained flips: per sublattice, N_s, the count of species 1 and N_s φ_s.
    let constrainedSize: [Int]
    var constrainedCount: [Int]
    let constrainedShift: [Double]
    let kappa: Double
    // Umbrella bias (at most one of the three): tabulated by count, of the energy, or a function of the state.
    let countBias: CountBias?
    let energyBias: EnergyBias?
    let functionBias: FunctionBias?
    // Attempts and accepted moves per kind of move (one entry for a pure set, one per part of a mixture).
    let kindAttempts: UnsafeMutablePointer<Int>
    let kindAccepted: UnsafeMutablePointer<Int>
    let kindCount: Int
    // Cache of exp(-x) keyed by the bits of x.
    let expKeys: UnsafeMutablePointer<UInt64>
    let expValues: UnsafeMutablePointer<Double>

    init(model: EnergyModel, configuration: Configuration, moves: MoveSet, rng: RandomStream, bias: Bias? = nil) {
        self.model = model
        self.moves = moves
        self.rng = rng
        let c = configuration
        n = c.siteCount
        base = c.maxSpecies
        occ = allocatedCopy(c.occupation)
        sublattice = allocatedCopy(c.sublattices)
        speciesCount = allocatedCopy(c.speciesCounts)
        energy = model.energy(of: c.occupation)
        zeroTolerance = 1e-10 * model.clusters.siteEnergyScale
        tally = c.speciesTally

        let subs = c.sublatticeCount
        sublatticeCount = subs
        var sizes = [Int32](repeating: 0, count: subs)
        for s in c.sublattices { sizes[Int(s)] += 1 }
        var starts = [Int32](repeating: 0, count: subs * base)
        var counts = [Int32](repeating: 0, count: subs * base)
        var offset: Int32 = 0
        for s in 0..<subs {
            for sp in 0..<base { starts[s * base + sp] = offset + Int32(sp) * sizes[s] }
            offset += Int32(base) * sizes[s]
        }
        var sites = [Int32](repeating: 0, count: max(1, Int(offset)))
        var pos = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let key = Int(c.sublattices[i]) * base + Int(c.occupation[i])
            let p = starts[key] + counts[key]
            sites[Int(p)] = Int32(i)
            pos[i] = p
            counts[key] += 1
        }
        blockStart = allocatedCopy(starts)
        blockCount = allocatedCopy(counts)
        blockSites = allocatedCopy(sites)
        position = allocatedCopy(pos)
        sublatticeSize = allocatedCopy(sizes)

        let parts = moves.parts
        if let table = parts.lazy.compactMap({ if case .neighbourSwap(let t) = $0 { return t } else { return nil } }).first {
            neighbours = allocatedCopy(table.neighbours)
            degree = table.degree
        } else {
            neighbours = allocatedCopy([Int32(0)])
            degree = 0
        }
        let width = c.maxSpecies
        let perSite = { (table: [[Double]]?) -> [Double] in
            var values = [Double](repeating: 0, count: c.siteCount * width)
            guard let table else { return values }
            for i in 0..<c.siteCount {
                for (s, v) in table[Int(c.sublattices[i])].enumerated() { values[i * width + s] = v }
            }
            return values
        }
        // μ of flips, or of charge-conserving flips in a semigrand run (validated equal when both are mixed).
        let mu = parts.lazy.compactMap { part -> [[Double]]? in
            switch part {
            case .flip(let mu): return mu
            case .chargeConservingFlip(_, let mu): return mu
            default: return nil
            }
        }.first
        siteValues = allocatedCopy(perSite(mu))
        chargeValues = allocatedCopy(perSite(parts.lazy.compactMap { if case .chargeConservingFlip(let q, _) = $0 { return q } else { return nil } }.first))
        if case .mixture(let weighted) = moves {
            mixtureKinds = weighted.map { MoveKind($0.moves) }
            let total = weighted.reduce(0) { $0 + $1.weight }
            var sum = 0.0
            mixtureBounds = weighted.map { sum += $0.weight / total; return sum }
        } else {
            mixtureKinds = []
            mixtureBounds = []
        }
        constrainedSize = sizes.map { Int($0) }
        var ones = [Int](repeating: 0, count: subs)
        for i in 0..<n where c.occupation[i] == 1 { ones[Int(c.sublattices[i])] += 1 }
        constrainedCount = ones
        if case .constrainedFlip(let phi, let k) = moves {
            constrainedShift = (0..<subs).map { Double(sizes[$0]) * phi[$0] }
            kappa = k
        } else {
            constrainedShift = [Double](repeating: 0, count: subs)
            kappa = 0
        }
        countBias = bias.flatMap { b in if case .fraction(let s) = b.on { CountBias(b, species: s, sites: c.siteCount) } else { nil } }
        energyBias = bias.flatMap { $0.on == .energyPerSite ? EnergyBias(bias: $0, sites: Double(c.siteCount)) : nil }
        functionBias = bias.flatMap { if case .function(let f) = $0.shape { FunctionBias(f, sites: c.siteCount) } else { nil } }
        kindCount = max(1, mixtureKinds.count)
        kindAttempts = allocatedCopy([Int](repeating: 0, count: kindCount))
        kindAccepted = allocatedCopy([Int](repeating: 0, count: kindCount))
        expKeys = allocatedCopy([UInt64](repeating: UInt64.max, count: 64))
        expValues = allocatedCopy([Double](repeating: 0, count: 64))
    }

    deinit {
        occ.deallocate(); sublattice.deallocate(); speciesCount.deallocate()
        blockStart.deallocate(); blockCount.deallocate(); blockSites.deallocate()
        position.deallocate(); sublatticeSize.deallocate(); neighbours.deallocate(); siteValues.deallocate(); chargeValues.deallocate()
        expKeys.deallocate(); expValues.deallocate(); kindAttempts.deallocate(); kindAccepted.deallocate()
    }

    /// The current occupation as an array.
    var occupation: [UInt8] { Array(UnsafeBufferPointer(start: occ, count: n)) }

    /// Recomputes the energy from scratch (removes rounding drift of the ΔE sums).
    func resynchronise() { energy = model.energy(of: occupation) }

    /// ΔE, or exactly 0 when it is below the model's rounding scale: a change that costs nothing
    /// costs exactly nothing whichever kernel summed it, so every kernel draws the same random
    /// numbers (the test draws only for ΔE > 0) and a run does not depend on the kernel choice.
    @inline(__always)
    func snapped(_ delta: Double) -> Double { abs(delta) < zeroTolerance ? 0 : delta }

    /// Whether `u < exp(-x)` for x > 0 and u in [0, 1), decided without exp when u lies clearly
    /// outside cubic bounds on e^-x; nil in the band between them, where only exp can tell.
    /// For x ≥ 0, e^x ≥ 1 + x + x²/2 + x³/6 bounds e^-x from above, and the alternating series
    /// 1 - x + x²/2 - x³/6 bounds it from below. The margins (1e-12, relative above, absolute
    /// below) exceed by far the rounding of these few operations and of exp (about 1e-15: the
    /// lower bound is positive only for x < 1.6, where its terms are below 2), so the answer is
    /// the one `u < exp(-x)` gives (`MetropolisBoundsTests`).
    ///
    ///     MetropolisChain.decided(3, 0.9)    // false: e^-3 ≤ 1/(1 + 3 + 4.5 + 4.5) < 0.9
    ///     MetropolisChain.decided(0.1, 0.5)  // true: 0.5 < 1 - 0.1 + 0.005 - 0.000167 ≤ e^-0.1
    @inline(__always)
    static func decided(_ x: Double, _ u: Double) -> Bool? {
        let above = 1 + x * (1 + x * (0.5 + x * (1.0 / 6)))
        if u * above >= 1 + 1e-12 { return false }
        if u < 1 - x * (1 - x * (0.5 - x * (1.0 / 6))) - 1e-12 { return true }
        return nil
    }

    /// Metropolis-Hastings test with log proposal ratio `logRatio`; draws only when needed.
    @inline(__always)
    func accept(_ delta: Double, beta: Double, logRatio: Double = 0, rng: inout RandomStream) -> Bool {
        let x = beta * delta - logRatio
        if x <= 0 { return true }
        if !beta.isFinite { return false }
        let u = rng.uniform()
        // Most draws fall outside the bounds: exp only for the rest (4 % of draws at x = 1).
        if let outcome = Self.decided(x, u) { return outcome }
        // exp(-x) through a small direct-mapped cache: ΔE takes few distinct values.
        let bits = x.bitPattern
        let slot = Int(truncatingIfNeeded: (bits ^ (bits >> 29) ^ (bits >> 41)) & 63)
        let p: Double
        if expKeys[slot] == bits {
            p = expValues[slot]
        } else {
            p = exp(-x)
            expKeys[slot] = bits
            expValues[slot] = p
        }
        return u < p
    }

    /// Attempts and accepted moves so far per kind of move (the parts of a mixture in order).
    var kindCounts: (attempts: [Int], accepted: [Int]) {
        (Array(UnsafeBufferPointer(start: kindAttempts, count: kindCount)), Array(UnsafeBufferPointer(start: kindAccepted, count: kindCount)))
    }

    /// One sweep (N attempts) at inverse temperature `beta` with energy differences from `kernel`.
    func sweep<K: EnergyKernel>(_ kernel: K, beta: Double) {
        let before = accepted
        if let countBias {
            sweep(kernel, beta: beta, countBias)
        } else if let energyBias {
            sweep(kernel, beta: beta, energyBias)
        } else if let functionBias {
            sweep(kernel, beta: beta, functionBias)
        } else {
            sweep(kernel, beta: beta, NoBias())
        }
        attempts += n
        // A mixture counts per attempt; a pure set's one kind takes the whole sweep.
        if mixtureKinds.isEmpty {
            kindAttempts[0] += n
            kindAccepted[0] += accepted - before
        }
    }

    /// One sweep with bias `bias` (`NoBias` compiles to the unbiased loops).
    func sweep<K: EnergyKernel, B: BiasTerm>(_ kernel: K, beta: Double, _ bias: B) {
        switch moves {
        case .swap: swapSweep(kernel, beta: beta, bias)
        case .neighbourSwap: neighbourSweep(kernel, beta: beta, bias)
        case .flip: flipSweep(kernel, beta: beta, bias)
        case .chargeConservingFlip: chargeFlipSweep(kernel, beta: beta, bias)
        case .constrainedFlip: constrainedFlipSweep(kernel, beta: beta, bias)
        case .mixture: mixtureSweep(kernel, beta: beta, bias)
        }
    }

    /// ΔW of a move changing the energy by `delta` and the species as `move` says.
    @inline(__always)
    func biasChange<B: BiasTerm>(_ bias: B, _ energy: Double, _ delta: Double, _ move: SpeciesChange) -> Double {
        if B.self == NoBias.self { return 0 }
        return bias.change(tally, energy: energy, delta: delta, move)
    }

    @inline(__always)
    func exchange<K: EnergyKernel>(_ kernel: K, _ i: Int, _ j: Int, _ a: UInt8, _ b: UInt8) {
        occ[i] = b
        kernel.commit(occ, i, from: a, to: b)
        occ[j] = a
        kernel.commit(occ, j, from: b, to: a)
        let pi = position[i], pj = position[j]
        blockSites[Int(pi)] = Int32(j)
        blockSites[Int(pj)] = Int32(i)
        position[i] = pj
        position[j] = pi
    }

    /// Site `i` changes from species `a` to `b`: the kernel's state, the swap blocks if swaps are
    /// mixed in (`rebin`), and the species counts follow.
    @inline(__always)
    func change<K: EnergyKernel>(_ kernel: K, _ i: Int, from a: Int, to b: Int, rebin: Bool) {
        occ[i] = UInt8(b)
        kernel.commit(occ, i, from: UInt8(a), to: UInt8(b))
        if rebin { self.rebin(i, from: a, to: b) }
        tally[a] -= 1
        tally[b] += 1
    }

    /// Moves site `i` from the swap block of species `a` to that of `b` (its sublattice's), so that
    /// swaps mixed with flips still draw partners uniformly. Each block has room for the whole sublattice.
    @inline(__always)
    func rebin(_ i: Int, from a: Int, to b: Int) {
        let sub = Int(sublattice[i])
        let from = sub * base + a, to = sub * base + b
        let last = blockStart[from] + blockCount[from] - 1
        let moved = blockSites[Int(last)]
        blockSites[Int(position[i])] = moved
        position[Int(moved)] = position[i]
        blockCount[from] -= 1
        let slot = blockStart[to] + blockCount[to]
        blockSites[Int(slot)] = Int32(i)
        position[i] = slot
        blockCount[to] += 1
    }

    /// A uniformly random site of `i`'s sublattice holding another species than `a` (= occ[i]),
    /// and its species; nil when there is none. The proposal is symmetric: counts do not change.
    @inline(__always)
    func swapPartner(of i: Int, holding a: UInt8, rng: inout RandomStream) -> (site: Int, species: UInt8)? {
        let sub = Int(sublattice[i])
        let others = Int(sublatticeSize[sub] - blockCount[sub * base + Int(a)])
        if others == 0 { return nil }
        var r = Int32(rng.int(below: others))
        var b = 0
        while true {
            if b != Int(a) {
                let c = blockCount[sub * base + b]
                if r < c { break }
                r -= c
            }
            b += 1
        }
        return (Int(blockSites[Int(blockStart[sub * base + b] + r)]), UInt8(b))
    }

    // The sweeps keep rng, energy and accepted in locals, not stored properties, in the loop: no
    // exclusivity checks or reloads per attempt. Each attempt is inlined into its sweep, so a pure
    // sweep is the loop it always was; `rebin` is a constant there (false) and folds away.

    func swapSweep<K: EnergyKernel, B: BiasTerm>(_ kernel: K, beta: Double, _ bias: B) {
        var rng = self.rng, energy = self.energy, accepted = self.accepted
        defer { self.rng = rng; self.energy = energy; self.accepted = accepted }
        for _ in 0..<n { swapAttempt(kernel, beta, bias, &rng, &energy, &accepted) }
    }

    @inline(__always)
    func swapAttempt<K: EnergyKernel, B: BiasTerm>(_ kernel: K, _ beta: Double, _ bias: B, _ rng: inout RandomStream, _ energy: inout Double,
                                                   _ accepted: inout Int) {
        let i = rng.int(below: n)
        let a = occ[i]
        guard let (j, b) = swapPartner(of: i, holding: a, rng: &rng) else { return }
        let delta = snapped(kernel.pairDelta(occ, i, b, j, a))
        if accept(delta, beta: beta, logRatio: -biasChange(bias, energy, delta, .none), rng: &rng) {
            exchange(kernel, i, j, a, b)
            energy += delta
            accepted += 1
        }
    }

    func neighbourSweep<K: EnergyKernel, B: BiasTerm>(_ kernel: K, beta: Double, _ bias: B) {
        var rng = self.rng, energy = self.energy, accepted = self.accepted
        defer { self.rng = rng; self.energy = energy; self.accepted = accepted }
        let bound = n * degree
        for _ in 0..<n { neighbourAttempt(kernel, beta, bias, bound, &rng, &energy, &accepted) }
    }

    @inline(__always)
    func neighbourAttempt<K: EnergyKernel, B: BiasTerm>(_ kernel: K, _ beta: Double, _ bias: B, _ bound: Int, _ rng: inout RandomStream,
                                                        _ energy: inout Double, _ accepted: inout Int) {
        let k = rng.int(below: bound)   // bound = n * degree, hoisted by the caller
        let i = k / degree
        let j = Int(neighbours[k])
        let a = occ[i], b = occ[j]
        if a == b || sublattice[i] != sublattice[j] { return }
        let delta = snapped(kernel.pairDelta(occ, i, b, j, a))
        if accept(delta, beta: beta, logRatio: -biasChange(bias, energy, delta, .none), rng: &rng) {
            exchange(kernel, i, j, a, b)
            energy += delta
            accepted += 1
        }
    }

    func flipSweep<K: EnergyKernel, B: BiasTerm>(_ kernel: K, beta: Double, _ bias: B) {
        var rng = self.rng, energy = self.energy, accepted = self.accepted
        defer { self.rng = rng; self.energy = energy; self.accepted = accepted }
        for _ in 0..<n { flipAttempt(kernel, beta, bias, &rng, &energy, &accepted, rebin: false) }
    }

    @inline(__always)
    func flipAttempt<K: EnergyKernel, B: BiasTerm>(_ kernel: K, _ beta: Double, _ bias: B, _ rng: inout RandomStream, _ energy: inout Double,
                                                   _ accepted: inout Int, rebin: Bool) {
        let i = rng.int(below: n)
        let m = Int(speciesCount[i])
        if m < 2 { return }
        let a = Int(occ[i])
        // A binary site has one other species: no draw for it.
        var b = 1 - a
        if m > 2 {
            b = rng.int(below: m - 1)
            if b >= a { b += 1 }
        }
        let delta = snapped(kernel.flipDelta(occ, i, UInt8(b)))
        let work = siteValues[i * base + b] - siteValues[i * base + a]   // Δ(μ·N)
        let logRatio = -biasChange(bias, energy, delta, SpeciesChange(a: a, b: b, c: a, d: a))
        if accept(delta - work, beta: beta, logRatio: logRatio, rng: &rng) {
            change(kernel, i, from: a, to: b, rebin: rebin)
            energy += delta
            accepted += 1
        }
    }

    /// VCSGC flips: Δ(κ N (c + φ/2)²) = κ/N (±(2 N₁ + N φ) + 1) for N₁ → N₁ ± 1 (icet's do_vcsgc_flip),
    /// a term already in units of kT, so it enters the test as a log weight.
    func constrainedFlipSweep<K: EnergyKernel, B: BiasTerm>(_ kernel: K, beta: Double, _ bias: B) {
        // Locals, not stored properties, in the loop: no exclusivity checks or reloads per attempt.
        var rng = self.rng, energy = self.energy, accepted = self.accepted
        defer { self.rng = rng; self.energy = energy; self.accepted = accepted }
        for _ in 0..<n {
            let i = rng.int(below: n)
            if speciesCount[i] < 2 { continue }
            let a = Int(occ[i]), b = 1 - a
            let s = Int(sublattice[i])
            let size = Double(constrainedSize[s])
            let sign = b == 1 ? 1.0 : -1.0
            let constraint = kappa / size * (sign * (2 * Double(constrainedCount[s]) + constrainedShift[s]) + 1)
            let delta = snapped(kernel.flipDelta(occ, i, UInt8(b)))
            let w = biasChange(bias, energy, delta, SpeciesChange(a: a, b: b, c: a, d: a))
            if accept(delta, beta: beta, logRatio: -constraint - w, rng: &rng) {
                change(kernel, i, from: a, to: b, rebin: false)
                constrainedCount[s] += b == 1 ? 1 : -1
                energy += delta
                accepted += 1
            }
        }
    }

    /// Species of site `site` whose charge equals `q` (tolerance for rounding of given charges).
    @inline(__always)
    func speciesWithCharge(_ site: Int, _ q: Double) -> Int {
        var count = 0
        for s in 0..<Int(speciesCount[site]) where abs(chargeValues[site * base + s] - q) < 1e-9 { count += 1 }
        return count
    }

    func chargeFlipSweep<K: EnergyKernel, B: BiasTerm>(_ kernel: K, beta: Double, _ bias: B) {
        var rng = self.rng, energy = self.energy, accepted = self.accepted
        defer { self.rng = rng; self.energy = energy; self.accepted = accepted }
        guard n >= 2 else { return }
        for _ in 0..<n { chargeFlipAttempt(kernel, beta, bias, &rng, &energy, &accepted, rebin: false) }
    }

    /// One charge-conserving paired flip; needs n >= 2. With chemical potentials (a semigrand run)
    /// the weight includes Δ(Σ μ N) of both sites, as for flips.
    @inline(__always)
    func chargeFlipAttempt<K: EnergyKernel, B: BiasTerm>(_ kernel: K, _ beta: Double, _ bias: B, _ rng: inout RandomStream, _ energy: inout Double,
                                                         _ accepted: inout Int, rebin: Bool) {
        let i = rng.int(below: n)
        var j = rng.int(below: n - 1)
        if j >= i { j += 1 }
        let mi = Int(speciesCount[i]), mj = Int(speciesCount[j])
        if mi < 2 { return }
        let a = Int(occ[i]), b = Int(occ[j])
        var a2 = rng.int(below: mi - 1)
        if a2 >= a { a2 += 1 }
        let qa = chargeValues[i * base + a], qa2 = chargeValues[i * base + a2]
        let qb = chargeValues[j * base + b]
        let wanted = qb - (qa2 - qa)
        let candidates = speciesWithCharge(j, wanted)
        if candidates == 0 { return }
        var pick = rng.int(below: candidates)
        var b2 = 0
        for s in 0..<mj where abs(chargeValues[j * base + s] - wanted) < 1e-9 {
            if pick == 0 { b2 = s; break }
            pick -= 1
        }
        // Proposal probabilities of this change and its reverse, over both site orders.
        var forward = 1 / Double((mi - 1) * candidates)
        var reverse = 1 / Double((mi - 1) * speciesWithCharge(j, qb))
        if b2 != b && mj >= 2 {
            forward += 1 / Double((mj - 1) * speciesWithCharge(i, qa2))
            reverse += 1 / Double((mj - 1) * speciesWithCharge(i, qa))
        }
        let delta = snapped(b2 == b ? kernel.flipDelta(occ, i, UInt8(a2)) : kernel.pairDelta(occ, i, UInt8(a2), j, UInt8(b2)))
        // Δ(μ·N) of both sites (zero without chemical potentials; b2 == b leaves j unchanged).
        let work = siteValues[i * base + a2] - siteValues[i * base + a] + siteValues[j * base + b2] - siteValues[j * base + b]
        let w = biasChange(bias, energy, delta, SpeciesChange(a: a, b: a2, c: b, d: b2))
        if accept(delta - work, beta: beta, logRatio: log(reverse / forward) - w, rng: &rng) {
            change(kernel, i, from: a, to: a2, rebin: rebin)
            if b2 != b { change(kernel, j, from: b, to: b2, rebin: rebin) }
            energy += delta
            accepted += 1
        }
    }

    /// A mixture: per attempt one uniform draw picks the kind by its cumulative weight, then that
    /// kind's attempt runs unchanged. Flips keep the swap blocks current (`rebin`).
    func mixtureSweep<K: EnergyKernel, B: BiasTerm>(_ kernel: K, beta: Double, _ bias: B) {
        var rng = self.rng, energy = self.energy, accepted = self.accepted
        defer { self.rng = rng; self.energy = energy; self.accepted = accepted }
        let last = mixtureBounds.count - 1
        for _ in 0..<n {
            let u = rng.uniform()
            var k = 0
            while k < last && u >= mixtureBounds[k] { k += 1 }
            let before = accepted
            switch mixtureKinds[k] {
            case .swap: swapAttempt(kernel, beta, bias, &rng, &energy, &accepted)
            case .neighbour: neighbourAttempt(kernel, beta, bias, n * degree, &rng, &energy, &accepted)
            case .flip: flipAttempt(kernel, beta, bias, &rng, &energy, &accepted, rebin: true)
            case .chargeFlip: if n >= 2 { chargeFlipAttempt(kernel, beta, bias, &rng, &energy, &accepted, rebin: true) }
            }
            kindAttempts[k] += 1
            kindAccepted[k] += accepted - before
        }
    }
}

/// The kind of one part of a mixture (validated: never a mixture or a constrained flip).
enum MoveKind {
    case swap, neighbour, flip, chargeFlip

    init(_ moves: MoveSet) {
        switch moves {
        case .swap: self = .swap
        case .neighbourSwap: self = .neighbour
        case .flip: self = .flip
        case .chargeConservingFlip, .constrainedFlip, .mixture: self = .chargeFlip
        }
    }
}
