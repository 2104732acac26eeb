// The commands that make structures from a lattice: enumerate, hull,
// next_structures and write_structures, binding the Structures engine to the
// language. The work is in the engine and in StructureAnalysis; these
// declarations read arguments and make result objects.
import Formats
import Foundation
import Language
import Lattice
import Regression
import Structures

/// Builtins of the "structures" category.
enum DerivedStructureCommands {
    static var all: [Builtin] { [enumerate, hull, groundStates, lowestEnergy, sqs, nextStructures, writeStructures] }

    // MARK: enumerate

    struct EnumerateParameters: Parameters {
        var lat = Param<LatticeObject>("lat", "a lattice (a primitive cell)")
        var sizes = Param<Either<Int, [Int]>>("sizes", default: .first(8), unit: "primitive cells", "n (every size from 1 to n), or a list or range of sizes")
        var composition = Param<MapValue?>("composition", default: nil, "bounds per species: {\"Pd\": [0, 0.5]} or {\"Pd\": 0.25}; fractions of the sites that may hold it")
        var limit = Param("limit", default: DerivativeStructureEnumerator.defaultLimit, "the most structures to make; more stops before any is made")
    }

    static let enumerate = Builtin(
        "enumerate", EnumerateParameters.self,
        summary: "Every symmetrically distinct derivative structure of a lattice up to a size (Hart-Forcade).",
        doc: """
            Supercells by Hermite normal form up to the lattice's rotations, decorations up
            to the supercell's symmetry, none periodic in a smaller cell: icet's
            enumerate_structures and ATAT's enum. Any lattice (a primitive cell), any number
            of species and sublattices, vacancies ("Vac") included. The count is known before
            any structure is made: a request beyond limit= says how many it would make.
            Fields: count, ids, cells (size of each), sizes, counts (per size), compositions;
            en.configuration(k) is structure k; features(en, cs) its correlations.
            Example:
                fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
                en = enumerate(fcc, sizes=6)               # 137 structures: 2, 2, 6, 19, 28, 80
                enumerate(fcc, sizes=[4, 8], composition={"Pd": [0.25, 0.5]})
            """,
        category: "structures"
    ) { args in
        let lat = try args.lat.lattice
        let sizes: [Int]
        switch try args.sizes {
        case .first(let n):
            guard n >= 1 else { throw RuntimeError("enumerate: sizes must be at least 1, got \(n)") }
            sizes = Array(1...min(n, DerivativeStructureEnumerator.maximumSize + 1))
        case .second(let list): sizes = list
        }
        let limit = try args.limit
        guard limit >= 1 else { throw RuntimeError("enumerate: limit must be at least 1, got \(limit)") }
        let bounds = try compositionBounds(try args.composition, lattice: lat)
        return try interruptible {
            let enumerator = try DerivativeStructureEnumerator(lattice: lat, sizes: sizes, bounds: bounds)
            let set = try enumerator.enumerate(limit: limit)
            var perSize = [Int](repeating: 0, count: (enumerator.sizes.last ?? 0) + 1)
            for k in 0..<set.count { perSize[set.cellCount(of: k)] += 1 }
            return .object(EnumerationObject(set, sizes: enumerator.sizes, countsBySize: enumerator.sizes.map { perSize[$0] }))
        }
    }

    // MARK: hull

    struct HullParameters: Parameters {
        var structures = Param<Value>("structures", "structures with energies, an enumeration, configurations, or a list of them")
        var energies = Param<[Double]?>("energies", default: nil, unit: "eV/prim", "energy per primitive cell of each structure (default: the structures' own, e.g. DFT)")
        var unit = Param("unit", default: "eV/prim", "the unit of the energies, for tables and pictures")
    }

    static let hull = Builtin(
        "hull", HullParameters.self,
        summary: "The lower convex hull of energies over composition: ground states and distances above it.",
        doc: """
            Compositions are the counts of each species per primitive cell, for any number
            of components; the hull is exact (linear programs), and agrees with scipy's
            ConvexHull. Formation energies are against the lowest structures at the corners
            of the compositions present (the end members) when those make a simplex.
            Fields: ground_states (ids), vertices, distances (above the hull), energies,
            formation_energies, hull_energies, on_hull, compositions. plot(h) draws binaries
            and ternaries.
            Example:
                fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
                en = enumerate(fcc, sizes=4)
                h = hull(en, energies=map(fn(r) { return -0.1 * r[2] + 0.02 * r[3] }, features(en, clusters(fcc, cutoffs={2: 4.5})).X))
                h.ground_states
            """,
        category: "structures"
    ) { args in
        var entries = try StructureSources.collect(try args.structures, callee: "hull")
        if let energies = try args.energies {
            guard energies.count == entries.count else {
                throw RuntimeError("hull: \(energies.count) energies for \(entries.count) structures")
            }
            for k in entries.indices { entries[k].energy = energies[k] }
        }
        return .object(try StructureAnalysis.hull(entries, unit: try args.unit, callee: "hull"))
    }

    // MARK: ground_states

    /// How the features of a fit were made (as features(...) made them), and the energy unit.
    struct FeatureOptionParameters: Parameters {
        var basis = Param("basis", default: "sinusoid", "the site basis of the features")
        var ewald = Param("ewald", default: false, "the features had an Ewald column")
        var multiplicity = Param("multiplicity", default: true, "the features were times multiplicity")
        var unit = Param<String?>("unit", default: nil, "the energy unit (default: the fit's)")
    }

    struct GroundStatesParameters: Parameters {
        var fit = Param<FitObject>("fit", "a fit of the training structures' features")
        var clusters = Param<ClusterSpaceObject>("clusters", "the cluster space of those features")
        var candidates = Param<Value>("candidates", "structures to predict: an enumeration, lowest_energy results, configurations, or a list")
        var training = Param<Value>("training", "the training structures (with their DFT energies) the fit was made on, in its order")
        var features = FeatureOptionParameters()
    }

    static let groundStates = Builtin(
        "ground_states", GroundStatesParameters.self,
        summary: "The ground states a fitted model predicts, checked against the DFT hull of its training data.",
        doc: """
            Predicts every candidate and training structure, takes the hull of the predicted
            energies, and for each predicted ground state says whether the training data have
            it (same correlations) and how far it lies below the DFT hull at its composition.
            New ground states below the DFT hull by more than the fit's CV RMSE (else its
            train RMSE) are the ones to compute (ATAT maps' "new ground states").
            The training features are recomputed and must equal the fit's own: a different
            basis, cluster space or order of structures is an error, not a silent mismatch.
            Fields: ids, new, below, distances, allowance, predicted (hull), dft (hull).
            Example:
                fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
                cs = clusters(fcc, cutoffs={2: 4.5})
                train = enumerate(fcc, sizes=4)
                f = features(train, cs)
                y = map(fn(r) { return -0.1 * r[2] + 0.02 * r[3] }, f.X)
                e = fit(features=f.X, energies=y, groups=f.groups)
                gs = ground_states(e, cs, candidates=enumerate(fcc, sizes=6), training=hull(train, energies=y))
                gs.new
            """,
        category: "structures"
    ) { args in
        let fit = try args.fit
        let space = try args.clusters
        let options = try StructureAnalysis.FeatureOptions(args.features, fit: fit)
        let candidates = try StructureSources.collect(try args.candidates, callee: "ground_states")
        let training = try StructureSources.collect(try args.training, callee: "ground_states")
        return .object(try interruptible {
            try StructureAnalysis.groundStates(fit: fit, space: space, candidates: candidates, training: training, options: options, context: args.context)
        })
    }

    // MARK: lowest_energy

    /// Where and how long an annealing searches.
    struct SearchParameters: Parameters {
        var size = Param<Int?>("size", default: nil, unit: "primitive cells", "search every distinct supercell of this many primitive cells")
        var supercell = Param<Value?>("supercell", default: nil, "or one supercell: n, [n1, n2, n3] or a 3x3 matrix")
        var steps = Param("steps", default: 100_000, "trial swaps per chain")
        var chains = Param("chains", default: 1, "independent chains (the best is kept; the same for any --threads)")
        var seed = Param("seed", default: 0, "seed of the chains' streams")
    }

    struct LowestEnergyParameters: Parameters {
        var fit = Param<FitObject>("fit", "a fit of correlation features (no Ewald column)")
        var clusters = Param<ClusterSpaceObject>("clusters", "the cluster space of those features")
        var composition = Param<Either<MapValue, [[Double]]>>("composition", "species fractions: {\"Pd\": 0.25}, or one list per sublattice [[0.75, 0.25]]")
        var search = SearchParameters()
        var temperatures = Param("temperatures", default: [0.1, 0.001], unit: "eV", "kT from start to stop (icet's logarithmic schedule)")
        var basis = Param("basis", default: "sinusoid", "the site basis of the features")
        var multiplicity = Param("multiplicity", default: true, "the features were times multiplicity")
    }

    /// lowest_energy of a model: its lattice, basis and convention, so nothing can disagree with the fit.
    struct LowestEnergyModelParameters: Parameters {
        var model = Param<ModelObject>("model", "a model (model(fit, features)) without an Ewald term")
        var composition = Param<Either<MapValue, [[Double]]>>("composition", "species fractions: {\"Pd\": 0.25}, or one list per sublattice [[0.75, 0.25]]")
        var search = SearchParameters()
        var temperatures = Param<[Double]?>("temperatures", default: nil, unit: "eV", "kT from start to stop (icet's logarithmic schedule; default [0.1, 0.001])")
        var temperature = Param<[Double]?>("temperature", default: nil, unit: "K", "start and stop in kelvin instead of temperatures= (models in eV or meV)")
    }

    static var lowestEnergy: Builtin {
        Builtin(
            "lowest_energy",
            summary: "The lowest-energy structure a fitted model gives larger cells at a composition, by simulated annealing.",
            doc: """
                Anneals the model's energy (per supercell) over decorations at the exact
                composition, of one supercell or of every distinct supercell of a size (the chain
                moves between them), with correlations updated locally on each swap. Add the result
                to the candidates of ground_states(...) to search cells too large to enumerate.
                lowest_energy(model, composition): the model's lattice, basis and convention (give
                temperature=[start, stop] in K for a model in eV, or temperatures= as kT);
                lowest_energy(fit, clusters, composition, basis=, multiplicity=): a fit of
                features(s, clusters) made with that basis and multiplicity (prefer the model,
                which cannot disagree with the features the fit was made on).
                Fields: configuration, energy (per primitive cell), supercell, steps, accepted.
                Example:
                    fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
                    cs = clusters(fcc, cutoffs={2: 4.5})
                    train = enumerate(fcc, sizes=4)
                    f = features(train, cs)
                    e = fit(features=f.X, energies=map(fn(r) { return -0.1 * r[2] + 0.02 * r[3] }, f.X), groups=f.groups)
                    low = lowest_energy(e, cs, {"Pd": 0.25}, supercell=4, steps=5000, seed=1)
                    low.energy
                    m = model(cs, eci=[0, 0, 0.02, 0.005], multiplicity=true)
                    lowest_energy(m, {"Pd": 0.5}, supercell=2, steps=2000, seed=1).energy
                """,
            category: "structures", forms: [lowestEnergyOfModel, lowestEnergyOfFit])
    }

    static let lowestEnergyOfModel = Builtin("lowest_energy", LowestEnergyModelParameters.self, summary: "", category: "structures") { args in
        let expansion = try args.model.expansion
        guard expansion.ewald == nil else {
            throw RuntimeError("lowest_energy: the model has an Ewald term, which the correlation annealing does not update; anneal it with anneal(...)")
        }
        let energy = try ClusterExpansionEnergy(coefficients: expansion.correlationCoefficients)
        var temperatures = try args.temperatures ?? [0.1, 0.001]
        if let kelvin = try args.temperature {
            guard try args.temperatures == nil else { throw RuntimeError("lowest_energy: give temperature= (K) or temperatures= (kT), not both") }
            let kB = try EnergyScale(unit: expansion.energyUnit).factor(kelvin: true, callee: "lowest_energy", model: "model's")
            guard kelvin.count == 2 else { throw RuntimeError("lowest_energy: temperature must be [start, stop] in K") }
            temperatures = kelvin.map { $0 * kB }
        }
        return try lowestEnergy(space: expansion.space, basis: expansion.basis, energy: energy, composition: try args.composition,
                                search: args.search, temperatures: temperatures, unit: "\(expansion.energyUnit)/prim")
    }

    static let lowestEnergyOfFit = Builtin("lowest_energy", LowestEnergyParameters.self, summary: "", category: "structures") { args in
        let fit = try args.fit
        let space = try args.clusters
        guard fit.fit.eci.count == space.space.functionCount else {
            throw RuntimeError("lowest_energy: the fit has \(fit.fit.eci.count) ECIs but the cluster space has \(space.space.functionCount) correlation functions; "
                + "fit features(..., clusters) without an Ewald column (ionic models anneal with anneal(...))")
        }
        let multiplicities = try args.multiplicity ? space.space.functionMultiplicities.map(Double.init) : Array(repeating: 1, count: fit.fit.eci.count)
        let energy = try ClusterExpansionEnergy(coefficients: zip(fit.fit.eci, multiplicities).map { $0 * $1 }, constant: fit.fit.intercept)
        return try lowestEnergy(space: space.space, basis: try SiteBasis(name: try args.basis), energy: energy, composition: try args.composition,
                                search: args.search, temperatures: try args.temperatures, unit: fit.fit.unit)
    }

    /// Anneals `energy` (the coefficients of plain correlations) at a composition over the searched supercells.
    static func lowestEnergy(space: ClusterSpace, basis: SiteBasis, energy: ClusterExpansionEnergy, composition: Either<MapValue, [[Double]]>,
                             search: Arguments<SearchParameters>, temperatures: [Double], unit: String) throws -> Value {
        let lattice = space.lattice
        let fractions = try sublatticeFractions(composition, lattice: lattice, callee: "lowest_energy")
        guard temperatures.count == 2 else { throw RuntimeError("lowest_energy: temperatures must be [start, stop] in eV") }
        let search = try Search(search, lattice: lattice, callee: "lowest_energy")
        let annealing = try CorrelationAnnealing(space: space, basis: basis, supercells: search.cells, composition: fractions)
        let result = try interruptible {
            try annealing.run(objective: energy, steps: search.steps, seed: search.seed, chains: search.chains, threads: Threads.count,
                              temperatures: (temperatures[0], temperatures[1]))
        }
        return .object(AnnealedObject(result, unit: unit))
    }

    // MARK: sqs

    struct SQSParameters: Parameters {
        var clusters = Param<ClusterSpaceObject>("clusters", "the cluster space whose correlations should match the random alloy's")
        var composition = Param<Either<MapValue, [[Double]]>>("composition", "species fractions: {\"Au\": 0.5, \"Pd\": 0.5}, or one list per sublattice [[0.5, 0.5]]")
        var search = SearchParameters()
        var basis = Param("basis", default: "sinusoid", "site basis of the correlations")
        var weights = Param<[Double]?>("weights", default: nil, "one weight per orbit (default 1 each, as icet)")
        var optimality_weight = Param("optimality_weight", default: 1.0, unit: "1/Å", "ω: reward per Å of perfectly matched pair radius")
        var tolerance = Param("tolerance", default: 1e-5, "a correlation within this of the target matches")
    }

    static let sqs = Builtin(
        "sqs", SQSParameters.self,
        summary: "A special quasirandom structure: correlations matched to the random alloy by simulated annealing.",
        doc: """
            Minimises Q = Σ w |Γ - Γ_random| - ω L (icet's generate_sqs, ATAT's mcsqs; L is
            the radius of the longest pair matched with every shorter one) over decorations
            at the exact composition, with icet's schedule (T from 5 to 0.001, logarithmic).
            With size= the chain moves between every distinct supercell of that size.
            Fields: configuration, objective, correlations, target, matched_radius,
            supercell, sites; show(q) lists every correlation against the random alloy's.
            Example:
                fcc = lattice("fcc", a=4.0, species=["Au", "Pd"])
                q = sqs(clusters(fcc, cutoffs={2: 5.0}), {"Au": 0.5, "Pd": 0.5}, size=8, steps=20000, seed=1)
                q.objective
            """,
        category: "structures"
    ) { args in
        let space = try args.clusters
        let lattice = space.space.lattice
        let composition = try sublatticeFractions(try args.composition, lattice: lattice, callee: "sqs")
        let basis = try SiteBasis(name: try args.basis)
        let search = try Search(args.search, lattice: lattice, callee: "sqs")
        let objective = try SQSObjective(space: space.space, basis: basis, composition: composition, orbitWeights: try args.weights,
                                         optimalityWeight: try args.optimality_weight, tolerance: try args.tolerance)
        let annealing = try CorrelationAnnealing(space: space.space, basis: basis, supercells: search.cells, composition: composition)
        let result = try interruptible {
            try annealing.run(objective: objective, steps: search.steps, seed: search.seed, chains: search.chains, threads: Threads.count)
        }
        return .object(QuasirandomObject(result, objective: objective, space: space.space))
    }

    // MARK: next_structures

    struct NextStructuresParameters: Parameters {
        var fit = Param<FitObject>("fit", "the fit whose uncertainty or data should guide the choice")
        var clusters = Param<ClusterSpaceObject>("clusters", "the cluster space of its features")
        var candidates = Param<Value>("candidates", "structures to choose from: an enumeration, configurations, or a list")
        var training = Param<Value>("training", "the training structures the fit was made on, in its order (left out of the candidates)")
        var by = Param("by", default: "variance", "variance | hull | d-optimal")
        var chain = Param<ChainObject?>("chain", default: nil, "by=\"variance\": posterior samples of the fit's ECIs, sample(fit, ...)")
        var count = Param("count", default: 10, "how many to return")
        var features = FeatureOptionParameters()
    }

    static let nextStructures = Builtin(
        "next_structures", NextStructuresParameters.self,
        summary: "Which structures to compute next: by posterior variance, by distance to the hull, or D-optimal.",
        doc: """
            by="variance": the largest posterior predictive variance of the energy, over the
            samples of chain= (sample(fit, ...)): where the Bayesian cluster expansion is least
            sure. by="hull": the smallest predicted distance above the hull of training and
            candidates: the likeliest new ground states. by="d-optimal": greedy D-optimal
            design, each pick raising log det XᵀX of the training features the most.
            Candidates with the correlations of a training structure are left out. The result
            prints a ranked table; write_structures(n, "next.extxyz") writes them for DFT.
            Example:
                fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
                cs = clusters(fcc, cutoffs={2: 4.5})
                train = enumerate(fcc, sizes=4)
                f = features(train, cs)
                e = fit(features=f.X, energies=map(fn(r) { return -0.1 * r[2] + 0.02 * r[3] + 0.01 * r[1] ^ 2 }, f.X), groups=f.groups)
                post = sample(e, n=2000, seed=1)
                n = next_structures(e, cs, candidates=enumerate(fcc, sizes=6), training=train, chain=post, count=3)
                next_structures(e, cs, candidates=enumerate(fcc, sizes=6), training=train, by="d-optimal", count=3)
            """,
        category: "structures"
    ) { args in
        let fit = try args.fit
        let space = try args.clusters
        let options = try StructureAnalysis.FeatureOptions(args.features, fit: fit)
        let candidates = try StructureSources.collect(try args.candidates, callee: "next_structures")
        let training = try StructureSources.collect(try args.training, callee: "next_structures")
        let count = try args.count
        guard count >= 1 else { throw RuntimeError("next_structures: count must be at least 1, got \(count)") }
        let by = try args.by, chain = try args.chain
        return .object(try interruptible {
            try StructureAnalysis.nextStructures(fit: fit, space: space, candidates: candidates, training: training,
                                                 by: by, chain: chain, count: count, options: options, context: args.context)
        })
    }

    // MARK: write_structures

    struct WriteParameters: Parameters {
        var structures = Param<Value>("structures", "structures: candidates, an sqs, an enumeration, configurations, or a list")
        var path = Param<String>("path", "a .extxyz/.xyz file (all frames), or a folder for POSCAR files")
        var format = Param<String?>("format", default: nil, "extxyz or poscar (default: from the path)")
    }

    static let writeStructures = Builtin(
        "write_structures", WriteParameters.self,
        summary: "Writes structures for DFT: one extended XYZ file, or a folder with one POSCAR per structure.",
        doc: """
            Atoms sit at the ideal lattice positions of each structure's supercell; vacancies
            are left out. extxyz frames carry id= and energy= (a predicted energy per cell,
            when known), as ASE reads them; POSCAR files go to PATH/<id>/POSCAR. Returns the
            paths written.
            Example:
                fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
                en = enumerate(fcc, sizes=3)
                write_structures(en, "small.extxyz")
                write_structures(en, "small", format="poscar")     # small/e1-1/POSCAR, ...
            """,
        category: "structures"
    ) { args in
        let entries = try StructureSources.collect(try args.structures, callee: "write_structures")
        let path = try args.path
        let lower = path.lowercased()
        let format = try args.format?.lowercased() ?? (lower.hasSuffix(".extxyz") || lower.hasSuffix(".xyz") ? "extxyz" : "poscar")
        let resolved = args.context.resolve(path)
        switch format {
        case "extxyz", "xyz":
            var atoms: [AtomicStructure] = []
            for e in entries {
                try args.context.checkInterrupt()
                atoms.append(e.atoms)
            }
            let text = try DataFile.naming(path, "write_structures") { try StructureWriter.text(atoms, as: .extendedXYZ) }
            try DataFile.write(Array(text.utf8), to: resolved, shownAs: path)
            return .strings([path])
        case "poscar", "vasp":
            var written: [String] = []
            for e in entries {
                try args.context.checkInterrupt()
                let shown = (path as NSString).appendingPathComponent(e.id) + "/POSCAR"
                let text = try DataFile.naming(shown, "write_structures") {
                    try StructureWriter.text([e.atoms], as: .poscar)
                }
                let folder = (resolved as NSString).appendingPathComponent(e.id)
                do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                    throw RuntimeError("write_structures: cannot make the folder '\((path as NSString).appendingPathComponent(e.id))'")
                }
                try DataFile.write(Array(text.utf8), to: (folder as NSString).appendingPathComponent("POSCAR"), shownAs: shown)
                written.append(shown)
            }
            return .strings(written)
        default:
            throw RuntimeError("write_structures: format must be extxyz or poscar, got \"\(format)\"")
        }
    }

    // MARK: helpers

    /// Runs engine code that polls Ctrl-C, turning the engine's interruption into the language's.
    static func interruptible<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch is StructuresInterrupted { throw Interrupted() }
    }

    /// The supercells, length and seed of an annealing, checked.
    struct Search {
        let cells: [Supercell]
        let steps: Int
        let chains: Int
        let seed: UInt64

        init(_ args: Arguments<SearchParameters>, lattice: CrystalLattice, callee: String) throws {
            steps = try args.steps
            chains = try args.chains
            seed = UInt64(truncatingIfNeeded: try args.seed)
            guard steps >= 1, steps <= 1_000_000_000 else { throw RuntimeError("\(callee): steps must be between 1 and 10^9, got \(steps)") }
            guard chains >= 1, chains <= 10_000 else { throw RuntimeError("\(callee): chains must be between 1 and 10000, got \(chains)") }
            switch (try args.size, try args.supercell) {
            case (let n?, nil):
                guard n >= 1, n <= DerivativeStructureEnumerator.maximumSize else {
                    throw RuntimeError("\(callee): size must be between 1 and \(DerivativeStructureEnumerator.maximumSize) primitive cells, got \(n)")
                }
                cells = try interruptible {
                    try Superlattice.classes(of: lattice, index: n).map {
                        try Supercell(lattice: lattice, matrix: Superlattice.reducedBasis($0.hermite, vectors: lattice.vectors).m)
                    }
                }
            case (nil, let cell?):
                cells = [try LatticeCommands.supercell(cell, lattice)]
            default:
                throw RuntimeError("\(callee): give size= (every supercell of that many primitive cells) or supercell= (one cell), not both")
            }
        }
    }

    /// composition= as {species: fraction} or {species: [min, max]}.
    static func compositionBounds(_ map: MapValue?, lattice: CrystalLattice) throws -> [CompositionBound] {
        guard let map else { return [] }
        return try map.pairs.map { key, bound in
            guard case .string(let species) = key else { throw RuntimeError("enumerate: composition keys are species names, got \(key.value.typeName)") }
            let range: [Double]
            switch bound {
            case .int, .double: let x = LatticeCommands.number(bound) ?? 0; range = [x, x]
            case .list(let l): range = try l.items.map { item in
                guard let x = LatticeCommands.number(item) else { throw RuntimeError("enumerate: the bounds of \(species) must be numbers") }
                return x
            }
            default: throw RuntimeError("enumerate: the bound of \(species) must be a fraction or [min, max], got \(bound.typeName)")
            }
            guard range.count == 2 else { throw RuntimeError("enumerate: the bounds of \(species) must be [min, max], got \(range.count) numbers") }
            return try CompositionBound(lattice: lattice, species: species, minimum: range[0], maximum: range[1])
        }
    }

    /// composition= as one list of fractions per sublattice, or {species: fraction} (each active
    /// sublattice's species given, or all but one, which takes the rest; inactive ones are full).
    static func sublatticeFractions(_ value: Either<MapValue, [[Double]]>, lattice: CrystalLattice, callee: String) throws -> [[Double]] {
        let map: MapValue
        switch value {
        case .second(let lists): return lists
        case .first(let m): map = m
        }
        var given: [(Species, Double)] = []
        for (key, v) in map.pairs {
            guard case .string(let name) = key, let x = LatticeCommands.number(v) else {
                throw RuntimeError("\(callee): composition maps species names to fractions, e.g. {\"Au\": 0.5, \"Pd\": 0.5}")
            }
            given.append((try Species(parsing: name), x))
        }
        var used = Set<Int>()
        let fractions = try lattice.sublattices.map { sub -> [Double] in
            guard sub.space.isActive else { return [1] }
            var row = [Double?](repeating: nil, count: sub.space.count)
            for (k, (species, x)) in given.enumerated() {
                if let j = sub.space.species.firstIndex(of: species) ?? sub.space.index(element: species.element, charge: species.hasCharge ? species.charge : nil) {
                    row[j] = x; used.insert(k)
                }
            }
            let missing = row.indices.filter { row[$0] == nil }
            let sum = row.compactMap { $0 }.reduce(0, +)
            if missing.count == 1 { row[missing[0]] = 1 - sum }
            guard missing.count <= 1 else {
                throw RuntimeError("\(callee): give the fractions of sublattice \(sub.label) \(sub.space) (all, or all but one)")
            }
            return row.map { $0 ?? 0 }
        }
        if let k = given.indices.first(where: { !used.contains($0) }) {
            throw RuntimeError("\(callee): \(given[k].0) is not a species of an active sublattice of \(lattice.name)")
        }
        return fractions
    }
}
