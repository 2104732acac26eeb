// What hull, ground_states and next_structures do with structures, a fit and
// its cluster space: compositions and hulls, predictions from features that
// are checked against the fit's own, and the rankings of the Structures engine.
import Inference
import Language
import Lattice
import Regression
import Structures

enum StructureAnalysis {
    /// How the features of a fit were made (features(...)'s options) and the energy unit.
    struct FeatureOptions {
        let basis: SiteBasis
        let ewald: Bool
        let multiplicity: Bool
        let unit: String

        init(_ args: Arguments<DerivedStructureCommands.FeatureOptionParameters>, fit: FitObject) throws {
            basis = try SiteBasis(name: try args.basis)
            ewald = try args.ewald
            multiplicity = try args.multiplicity
            unit = try args.unit ?? fit.fit.unit
        }
    }

    /// The hull of structures with energies (per primitive cell).
    static func hull(_ entries: [StructureEntry], unit: String, callee: String) throws -> HullObject {
        let lattice = try StructureSources.commonLattice(entries, callee: callee)
        if let missing = entries.first(where: { $0.energy == nil }) {
            throw RuntimeError("\(callee): structure \(missing.id) has no energy; give energies= (one per structure, per primitive cell)")
        }
        let axes = CompositionAxes(lattice: lattice)
        let hull = try DerivedStructureCommands.interruptible {
            try CompositionHull(compositions: entries.map { axes.counts(of: $0.configuration) }, energies: entries.map { $0.energy ?? .nan })
        }
        return try HullObject(hull: hull, entries: entries, axes: axes, unit: unit)
    }

    /// The training features, recomputed and checked against the ones `fit` was made on.
    static func checkedTrainingFeatures(fit: FitObject, space: ClusterSpaceObject, training: [StructureEntry], options: FeatureOptions,
                                        callee: String) throws -> Matrix {
        guard let problem = fit.problem else {
            throw RuntimeError("\(callee): this fit does not carry its data (it was loaded from a file); fit the training features again with fit(...)")
        }
        let x = try StructureSources.features(training, space: space, basis: options.basis, ewald: options.ewald, multiplicity: options.multiplicity)
        let given = problem.features
        let same = x.rows == given.rows && x.columns == given.columns
            && zip(x.storage, given.storage).allSatisfy { abs($0 - $1) <= 1e-9 * (1 + abs($1)) }
        guard same else {
            throw RuntimeError("\(callee): the fit was made on other features than features(training, clusters, basis=\"\(options.basis.rawValue)\", "
                + "ewald=\(options.ewald), multiplicity=\(options.multiplicity)) (\(given.rows) x \(given.columns) against \(x.rows) x \(x.columns)); "
                + "give the training structures in the order fitted, the same cluster space and the same options")
        }
        return x
    }

    /// Rows of correlations as keys: structures with equal keys have the same correlations (to 1e-8).
    static func correlationKeys(_ x: Matrix) -> [[Int64]] {
        (0..<x.rows).map { i in x.row(i).map { Int64(($0 * 1e8).rounded()) } }
    }

    /// The predicted hull over training and candidates against the DFT hull of the training structures.
    static func groundStates(fit: FitObject, space: ClusterSpaceObject, candidates: [StructureEntry], training: [StructureEntry],
                             options: FeatureOptions, context: CallContext) throws -> GroundStatesObject {
        let callee = "ground_states"
        _ = try StructureSources.commonLattice(candidates + training, callee: callee, lattice: space.space.lattice)
        let trainX = try checkedTrainingFeatures(fit: fit, space: space, training: training, options: options, callee: callee)
        try context.checkInterrupt()
        let candidateX = try StructureSources.features(candidates, space: space, basis: options.basis, ewald: options.ewald, multiplicity: options.multiplicity)
        let trainPredicted = try fit.fit.predict(trainX)
        let candidatePredicted = try fit.fit.predict(candidateX)
        let known = Set(correlationKeys(trainX))
        var all = training, inTraining = training.map { _ in true }
        for (k, e) in trainPredicted.enumerated() { all[k].energy = e }
        for (k, key) in correlationKeys(candidateX).enumerated() {
            all.append(StructureEntry(id: candidates[k].id, configuration: candidates[k].configuration, energy: candidatePredicted[k]))
            inTraining.append(known.contains(key))
        }
        let predicted = try hull(all, unit: options.unit, callee: callee)
        let reference = try hull(training, unit: options.unit, callee: callee)
        let axes = predicted.axes
        let below = try all.indices.map { k -> Double in
            let x = axes.counts(of: all[k].configuration)
            return try reference.hull.hullEnergy(at: x).map { predicted.hull.energies[k] - $0 } ?? .nan
        }
        let allowance: (Double, String) = fit.fit.crossValidation.map { ($0.rmse, "CV RMSE") } ?? (fit.fit.trainRMSE, "train RMSE")
        return GroundStatesObject(predicted: predicted, reference: reference, inTraining: inTraining, belowReference: below, allowance: allowance)
    }

    /// Candidates ranked for the next DFT calculations.
    static func nextStructures(fit: FitObject, space: ClusterSpaceObject, candidates: [StructureEntry], training: [StructureEntry], by: String,
                               chain: ChainObject?, count: Int, options: FeatureOptions, context: CallContext) throws -> CandidatesObject {
        let callee = "next_structures"
        let lattice = try StructureSources.commonLattice(candidates + training, callee: callee, lattice: space.space.lattice)
        let trainX = try checkedTrainingFeatures(fit: fit, space: space, training: training, options: options, callee: callee)
        try context.checkInterrupt()
        let allX = try StructureSources.features(candidates, space: space, basis: options.basis, ewald: options.ewald, multiplicity: options.multiplicity)
        // Candidates the training data have, and repeats among the candidates, are left out.
        var seen = Set(correlationKeys(trainX))
        var kept: [Int] = []
        for (k, key) in correlationKeys(allX).enumerated() where seen.insert(key).inserted { kept.append(k) }
        guard !kept.isEmpty else { throw RuntimeError("\(callee): every candidate has the correlations of a training structure") }
        let x = allX.selectingRows(kept)
        var entries = kept.map { candidates[$0] }
        let predicted = try fit.fit.predict(x)
        for k in entries.indices { entries[k].energy = predicted[k] }
        let order: [Int], scores: [Double], name: String
        switch by.lowercased() {
        case "variance":
            guard let chain else {
                throw RuntimeError("\(callee): by=\"variance\" needs chain=, posterior samples of the fit's ECIs from sample(fit, ...)")
            }
            let variances = try predictiveVariances(fit: fit, chain: chain, features: x, callee: callee)
            order = Array(CandidateRanking.order(variances, descending: true).prefix(count))
            scores = order.map { variances[$0] }
            name = "variance ((\(options.unit))^2)"
        case "hull":
            let trainPredicted = try fit.fit.predict(trainX)
            var all = training
            for k in all.indices { all[k].energy = trainPredicted[k] }
            let h = try hull(all + entries, unit: options.unit, callee: callee)
            let distances = Array(h.hull.distances.suffix(entries.count))
            order = Array(CandidateRanking.order(distances, descending: false).prefix(count))
            scores = order.map { distances[$0] }
            name = "above hull (\(options.unit))"
        case "d-optimal", "doptimal", "d_optimal":
            let picks = try CandidateRanking.dOptimal(training: trainX, candidates: x, count: count)
            order = picks.map(\.candidate)
            scores = picks.map(\.gain)
            name = "log det gain"
        default:
            throw RuntimeError("\(callee): by must be \"variance\", \"hull\" or \"d-optimal\", got \"\(by)\"")
        }
        return CandidatesObject(entries: order.map { entries[$0] }, scores: scores, scoreName: name, axes: CompositionAxes(lattice: lattice), unit: options.unit)
    }

    /// The posterior predictive variance of each row's energy over the chain's samples of the fit's ECIs.
    static func predictiveVariances(fit: FitObject, chain: ChainObject, features: Matrix, callee: String) throws -> [Double] {
        let d = chain.posterior.dimension
        let model = try FitPosteriorModel.sampled(by: chain, of: fit, callee: callee)
        // The prediction is affine in the sampled ECIs: its columns are the responses to unit steps.
        let predictor = try model.posterior.predictor(features: features)
        let start = model.posterior.start
        let base = predictor(start)
        var design = Matrix(rows: features.rows, columns: d)
        for j in 0..<d {
            var w = start
            w[j] += 1
            let moved = predictor(w)
            for i in 0..<features.rows { design[i, j] = moved[i] - base[i] }
        }
        let samples = try Matrix(rows: chain.posterior.count, columns: d, rowMajor: chain.posterior.samples)
        return try CandidateRanking.predictiveVariances(design: design, samples: samples)
    }
}
