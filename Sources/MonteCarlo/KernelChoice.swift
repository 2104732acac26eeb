// The energy kernel of each sweep of a run, chosen by the acceptance the run
// measures: direct evaluation costs the same for every attempt, local fields
// make attempts nearly free and accepted moves expensive.

/// The kernels of one run and the rule that picks one for every sweep.
///
/// A model whose sites see few others gets its whole-neighbourhood tables
/// (`NeighbourhoodKernel`) for every sweep. A model of two species otherwise switches between
/// direct evaluation (`ClusterKernel`) and local fields (`LocalFieldKernel`), one of three or four
/// species with clusters of up to three sites between direct evaluation and per-species fields
/// (`SpeciesFieldKernel`): fields while the last sweep accepted fewer than `fieldsBelow` of its
/// attempts, direct evaluation once it accepted more than `directAbove` (the gap keeps a run
/// near the threshold from switching back and forth; each switch to fields recomputes them). The choice depends only on the
/// chain's own counts, so a seed gives the same run whatever the machine. Every kernel is
/// exact, so the choice changes the speed, not the physics.
///
///     let kernels = KernelChoice(model, chain: chain)
///     kernels.sweep(chain, beta: 1 / 0.3, lastAcceptance: 0.42)
final class KernelChoice {
    /// Acceptance below which local fields are used, and above which direct evaluation is.
    /// Measured (callgrind) on the fcc binary of `scripts/bench` (mc.fcc_binary): a direct attempt
    /// costs about 2,300 instructions, a field attempt about 370 plus 2,400 per accepted swap (two
    /// updates of 42 fields each), so the kernels cost the same near 0.8.
    static let fieldsBelow = 0.7
    static let directAbove = 0.85
    /// The same for per-species fields, measured (CPU time, release) on the fcc ternary of mc.fcc_ternary:
    /// a direct swap costs about 250 ns at any acceptance, a field swap about 35 ns plus 250 ns per
    /// accepted swap (two updates of 42 slots' fields, 60 chunks each), so they cost the same near 0.87.
    static let speciesFieldsBelow = 0.8
    static let speciesDirectAbove = 0.9

    let direct: ClusterKernel
    let neighbourhood: NeighbourhoodKernel?
    let fields: LocalFieldKernel?
    let ternaryFields: SpeciesFieldKernel<SIMD2<Double>>?
    let quaternaryFields: SpeciesFieldKernel<SIMD4<Double>>?
    let ewald: EwaldKernel?
    /// Whether the last sweep used local fields (they are current only then).
    var usingFields = false
    /// Sweeps run with each kernel: neighbourhood, direct, fields.
    private(set) var sweepsBy = [0, 0, 0]

    /// Which kernels a run may use: chosen by acceptance, or one of them always (for tests).
    enum Policy: Sendable { case byAcceptance, direct, fields }
    let policy: Policy

    init(_ model: EnergyModel, chain: MetropolisChain, policy: Policy = .byAcceptance) {
        self.policy = policy
        direct = ClusterKernel(model.clusters)
        neighbourhood = NeighbourhoodKernel.make(model.clusters)
        fields = neighbourhood == nil ? LocalFieldKernel(model.clusters) : nil
        let perSpecies = neighbourhood == nil && fields == nil
        ternaryFields = perSpecies ? SpeciesFieldKernel(model.clusters) : nil
        quaternaryFields = perSpecies ? SpeciesFieldKernel(model.clusters) : nil
        ewald = model.ewald.map { EwaldKernel($0, occupation: chain.occupation) }
    }

    /// One sweep of `chain` at inverse temperature `beta` with the kernel its last sweep's acceptance calls for.
    func sweep(_ chain: MetropolisChain, beta: Double, lastAcceptance: Double?) {
        if let local = neighbourhood {
            sweepsBy[0] += 1
            if let ewald { chain.sweep(ClusterEwaldKernel(local, ewald), beta: beta) } else { chain.sweep(local, beta: beta) }
            return
        }
        if let fields {
            choose(reset: { fields.reset(chain.occ) }, below: Self.fieldsBelow, above: Self.directAbove, lastAcceptance)
        } else if let ternaryFields {
            choose(reset: { ternaryFields.reset(chain.occ) }, below: Self.speciesFieldsBelow, above: Self.speciesDirectAbove, lastAcceptance)
        } else if let quaternaryFields {
            choose(reset: { quaternaryFields.reset(chain.occ) }, below: Self.speciesFieldsBelow, above: Self.speciesDirectAbove, lastAcceptance)
        }
        if usingFields {
            sweepsBy[2] += 1
            if let fields { sweep(chain, fields, beta) } else if let ternaryFields { sweep(chain, ternaryFields, beta) } else if let quaternaryFields { sweep(chain, quaternaryFields, beta) }
        } else {
            sweepsBy[1] += 1
            sweep(chain, direct, beta)
        }
    }

    /// One sweep with `kernel`, plus the Ewald term when the model has one.
    private func sweep<K: EnergyKernel>(_ chain: MetropolisChain, _ kernel: K, _ beta: Double) {
        if let ewald { chain.sweep(ClusterEwaldKernel(kernel, ewald), beta: beta) } else { chain.sweep(kernel, beta: beta) }
    }

    /// Switches to the fields (recomputed by `reset`) or back to direct evaluation as the policy and
    /// the last sweep's acceptance say.
    private func choose(reset: () -> Void, below: Double, above: Double, _ lastAcceptance: Double?) {
        switch policy {
        case .fields where !usingFields:
            reset()
            usingFields = true
        case .byAcceptance:
            guard let a = lastAcceptance else { return }
            if !usingFields && a < below {
                reset()
                usingFields = true
            } else if usingFields && a > above {
                usingFields = false
            }
        default:
            break
        }
    }
}
