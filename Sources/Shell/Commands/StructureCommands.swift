// The structure commands: enumerate, hull, ground_states, sqs,
// next_structures and write_structures, binding the Structures engine to the
// language. The work is in the engine and in StructureAnalysis; these
// declarations read arguments and make result objects.
import Foundation
import Language
import Lattice
import Regression
import Structures

/// Builtins of the "structures" category.
enum StructureCommands {
    static var all: [Builtin] { [enumerate, hull, groundStates, lowestEnergy, sqs, nextStructures, writeStructures] }

    // MARK: enumerate

    static let enumerate = Builtin(
        "enumerate",
        [Parameter("lat", "a lattice"),
         Parameter("sizes", default: .int(8), "supercell sizes in primitive cells: n (1 to n), a list or a range"),
         Parameter("composition", default: .null, "bounds per species: {\"Pd\": [0, 0.5]} or {\"Pd\": 0.25}; fractions of the sites that may hold it"),
         Parameter("limit", default: .int(DerivativeStructureEnumerator.defaultLimit), "the most structures to make; more stops before any is made")],
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
        let lat = try args.object("lat", as: LatticeObject.self, typeName: "lattice")
        let sizes = try sizeList(args["sizes"])
        let limit = try args.int("limit")
        guard limit >= 1 else { throw RuntimeError("enumerate: limit must be at least 1, got \(limit)") }
        let bounds = try compositionBounds(args["composition"], lattice: lat.lattice)
        return try engine("enumerate") {
            let enumerator = try DerivativeStructureEnumerator(lattice: lat.lattice, sizes: sizes, bounds: bounds)
            let set = try enumerator.enumerate(limit: limit)
            var perSize = [Int](repeating: 0, count: (enumerator.sizes.last ?? 0) + 1)
            for k in 0..<set.count { perSize[set.cellCount(of: k)] += 1 }
            return .object(EnumerationObject(set, sizes: enumerator.sizes, countsBySize: enumerator.sizes.map { perSize[$0] }))
        }
    }

    // MARK: hull

    static let hull = Builtin(
        "hull",
        [Parameter("structures", "structures with energies, an enumeration, configurations, or a list of them"),
         Parameter("energies", default: .null, "energy per primitive cell of each structure (default: the structures' own, e.g. DFT)"),
         Parameter("unit", default: .string("eV/prim"), "the unit of the energies")],
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
                ag = lattice("data/agpd/lat.in")
                s = structures("data/agpd/structures.extxyz", ag, ltol=0.02, angle_tol=1)
                h = hull(s, unit="eV/atom")
                h.ground_states
            """,
        category: "structures"
    ) { args in
        var entries = try StructureSources.collect(args["structures"], callee: "hull")
        if !args.isNull("energies") {
            let energies = try args.doubles("energies")
            guard energies.count == entries.count else {
                throw RuntimeError("hull: \(energies.count) energies for \(entries.count) structures")
            }
            for k in entries.indices { entries[k].energy = energies[k] }
        }
        return .object(try StructureAnalysis.hull(entries, unit: try args.string("unit"), callee: "hull"))
    }

    // MARK: ground_states

    static let groundStates = Builtin(
        "ground_states",
        [Parameter("fit", "a fit of the training structures' features"),
         Parameter("clusters", "the cluster space of those features"),
         Parameter("candidates", "structures to predict: an enumeration, annealed configurations, or a list"),
         Parameter("training", "the training structures (with DFT energies) the fit was made on"),
         Parameter("basis", default: .string("sinusoid"), "the site basis of the features"),
         Parameter("ewald", default: .bool(false), "the features had an Ewald column"),
         Parameter("multiplicity", default: .bool(true), "the features were times multiplicity"),
         Parameter("unit", default: .null, "the energy unit (default: the fit's)")],
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
                gs = ground_states(e, cs, candidates=enumerate(ag, sizes=8), training=s)
                gs.below
            """,
        category: "structures"
    ) { args in
        let fit = try args.object("fit", as: FitObject.self, typeName: "fit")
        let space = try args.object("clusters", as: ClusterSpaceObject.self, typeName: "clusters")
        let options = try StructureAnalysis.FeatureOptions(args, fit: fit)
        let candidates = try StructureSources.collect(args["candidates"], callee: "ground_states")
        let training = try StructureSources.collect(args["training"], callee: "ground_states")
        return .object(try StructureAnalysis.groundStates(fit: fit, space: space, candidates: candidates, training: training,
                                                          options: options, context: args.context))
    }

    // MARK: lowest_energy

    static let lowestEnergy = Builtin(
        "lowest_energy",
        [Parameter("fit", "a fit of correlation features (no Ewald column)"),
         Parameter("clusters", "the cluster space of those features"),
         Parameter("composition", "species fractions: {\"Pd\": 0.25}, or one list per sublattice [[0.75, 0.25]]"),
         Parameter("size", default: .null, "search every distinct supercell of this many primitive cells"),
         Parameter("supercell", default: .null, "or one supercell: n, [n1, n2, n3] or a 3x3 matrix"),
         Parameter("steps", default: .int(100_000), "trial swaps per chain"),
         Parameter("chains", default: .int(1), "independent chains (the best is kept; the same for any --threads)"),
         Parameter("seed", default: .int(0), "seed of the chains' streams"),
         Parameter("temperatures", default: .doubles([0.1, 0.001]), "kT from start to stop, eV (icet's logarithmic schedule)"),
         Parameter("basis", default: .string("sinusoid"), "the site basis of the features"),
         Parameter("multiplicity", default: .bool(true), "the features were times multiplicity")],
        summary: "The lowest-energy structure a fitted model gives larger cells at a composition, by simulated annealing.",
        doc: """
            Anneals the model's energy (eV per supercell) over decorations at the exact
            composition, of one supercell or of every distinct supercell of a size (the chain
            moves between them), with correlations updated locally on each swap. Add the result
            to the candidates of ground_states(...) to search cells too large to enumerate.
            Fields: configuration, energy (eV per primitive cell), supercell, steps, accepted.
            Example:
                low = lowest_energy(e, cs, {"Pd": 0.25}, size=16, steps=20000, seed=1)
                ground_states(e, cs, candidates=[en, low], training=s)
            """,
        category: "structures"
    ) { args in
        let fit = try args.object("fit", as: FitObject.self, typeName: "fit")
        let space = try args.object("clusters", as: ClusterSpaceObject.self, typeName: "clusters")
        let lattice = space.space.lattice
        guard fit.fit.eci.count == space.space.functionCount else {
            throw RuntimeError("lowest_energy: the fit has \(fit.fit.eci.count) ECIs but the cluster space has \(space.space.functionCount) correlation functions; "
                + "fit features(..., clusters) without an Ewald column (ionic models anneal with anneal(...))")
        }
        let composition = try sublatticeFractions(args["composition"], lattice: lattice, callee: "lowest_energy")
        let basis = try engine("lowest_energy") { try SiteBasis(name: try args.string("basis")) }
        let temperatures = try args.doubles("temperatures")
        guard temperatures.count == 2 else { throw RuntimeError("lowest_energy: temperatures must be [start, stop] in eV") }
        let (steps, chains) = try annealingLength(args, callee: "lowest_energy")
        let cells = try searchCells(args, lattice: lattice, callee: "lowest_energy")
        let multiplicities = try args.bool("multiplicity") ? space.space.functionMultiplicities.map(Double.init) : Array(repeating: 1, count: fit.fit.eci.count)
        return try engine("lowest_energy") {
            let energy = try ClusterExpansionEnergy(coefficients: zip(fit.fit.eci, multiplicities).map { $0 * $1 }, constant: fit.fit.intercept)
            let search = try CorrelationAnnealing(space: space.space, basis: basis, supercells: cells, composition: composition)
            let result = try search.run(objective: energy, steps: steps, seed: UInt64(truncatingIfNeeded: try args.int("seed")),
                                        chains: chains, threads: Threads.count, temperatures: (temperatures[0], temperatures[1]))
            return .object(AnnealedObject(result, unit: fit.fit.unit))
        }
    }

    // MARK: sqs

    static let sqs = Builtin(
        "sqs",
        [Parameter("clusters", "the cluster space whose correlations should match the random alloy's"),
         Parameter("composition", "species fractions: {\"Au\": 0.5, \"Pd\": 0.5}, or one list per sublattice [[0.5, 0.5]]"),
         Parameter("size", default: .null, "search every distinct supercell of this many primitive cells"),
         Parameter("supercell", default: .null, "or one supercell: n, [n1, n2, n3] or a 3x3 matrix"),
         Parameter("steps", default: .int(100_000), "trial swaps per chain"),
         Parameter("chains", default: .int(1), "independent chains (the best is kept; the same for any --threads)"),
         Parameter("seed", default: .int(0), "seed of the chains' streams"),
         Parameter("basis", default: .string("sinusoid"), "site basis of the correlations"),
         Parameter("weights", default: .null, "one weight per orbit (default 1 each, as icet)"),
         Parameter("optimality_weight", default: .double(1), "ω: reward per Å of perfectly matched pair radius"),
         Parameter("tolerance", default: .double(1e-5), "a correlation within this of the target matches")],
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
        let space = try args.object("clusters", as: ClusterSpaceObject.self, typeName: "clusters")
        let lattice = space.space.lattice
        let composition = try sublatticeFractions(args["composition"], lattice: lattice, callee: "sqs")
        let basis = try engine("sqs") { try SiteBasis(name: try args.string("basis")) }
        let (steps, chains) = try annealingLength(args, callee: "sqs")
        let weights = args.isNull("weights") ? nil : try args.doubles("weights")
        let cells = try searchCells(args, lattice: lattice, callee: "sqs")
        return try engine("sqs") {
            let objective = try SQSObjective(space: space.space, basis: basis, composition: composition, orbitWeights: weights,
                                             optimalityWeight: try args.double("optimality_weight"), tolerance: try args.double("tolerance"))
            let search = try CorrelationAnnealing(space: space.space, basis: basis, supercells: cells, composition: composition)
            let result = try search.run(objective: objective, steps: steps, seed: UInt64(truncatingIfNeeded: try args.int("seed")),
                                        chains: chains, threads: Threads.count)
            return .object(QuasirandomObject(result, objective: objective, space: space.space))
        }
    }

    // MARK: next_structures

    static let nextStructures = Builtin(
        "next_structures",
        [Parameter("fit", "the fit whose uncertainty or data should guide the choice"),
         Parameter("clusters", "the cluster space of its features"),
         Parameter("candidates", "structures to choose from: an enumeration, configurations, or a list"),
         Parameter("training", "the training structures the fit was made on (left out of the candidates)"),
         Parameter("by", default: .string("variance"), "variance | hull | d-optimal"),
         Parameter("chain", default: .null, "by=\"variance\": posterior samples of the fit's ECIs, sample(fit, ...)"),
         Parameter("count", default: .int(10), "how many to return"),
         Parameter("basis", default: .string("sinusoid"), "the site basis of the features"),
         Parameter("ewald", default: .bool(false), "the features had an Ewald column"),
         Parameter("multiplicity", default: .bool(true), "the features were times multiplicity"),
         Parameter("unit", default: .null, "the energy unit (default: the fit's)")],
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
                post = sample(e, n=4000, seed=1)
                n = next_structures(e, cs, candidates=en, training=s, chain=post, count=5)
                write_structures(n, "next.extxyz")
            """,
        category: "structures"
    ) { args in
        let fit = try args.object("fit", as: FitObject.self, typeName: "fit")
        let space = try args.object("clusters", as: ClusterSpaceObject.self, typeName: "clusters")
        let options = try StructureAnalysis.FeatureOptions(args, fit: fit)
        let candidates = try StructureSources.collect(args["candidates"], callee: "next_structures")
        let training = try StructureSources.collect(args["training"], callee: "next_structures")
        let count = try args.int("count")
        guard count >= 1 else { throw RuntimeError("next_structures: count must be at least 1, got \(count)") }
        let by = try args.string("by")
        var chain: ChainObject? = nil
        if case .object(let o) = args["chain"] {
            guard let c = o as? ChainObject else { throw RuntimeError("next_structures: chain= must be a chain from sample(fit, ...), got \(o.typeName)") }
            chain = c
        }
        return .object(try StructureAnalysis.nextStructures(fit: fit, space: space, candidates: candidates, training: training,
                                                            by: by, chain: chain, count: count, options: options, context: args.context))
    }

    // MARK: write_structures

    static let writeStructures = Builtin(
        "write_structures",
        [Parameter("structures", "structures: candidates, an sqs, an enumeration, configurations, or a list"),
         Parameter("path", "a .extxyz/.xyz file (all frames), or a folder for POSCAR files"),
         Parameter("format", default: .null, "extxyz or poscar (default: from the path)")],
        summary: "Writes structures for DFT: one extended XYZ file, or a folder with one POSCAR per structure.",
        doc: """
            Atoms sit at the ideal lattice positions of each structure's supercell; vacancies
            are left out. extxyz frames carry id= and energy= (a predicted energy per cell,
            when known), as ASE reads them; POSCAR files go to PATH/<id>/POSCAR. Returns the
            paths written.
            Example:
                write_structures(n, "next.extxyz")
                write_structures(n, "next", format="poscar")     # next/e8-17/POSCAR, ...
            """,
        category: "structures"
    ) { args in
        let entries = try StructureSources.collect(args["structures"], callee: "write_structures")
        let path = try args.string("path")
        let lower = path.lowercased()
        let format = args.isNull("format") ? (lower.hasSuffix(".extxyz") || lower.hasSuffix(".xyz") ? "extxyz" : "poscar")
            : try args.string("format").lowercased()
        let resolved = args.context.resolve(path)
        let fm = FileManager.default
        switch format {
        case "extxyz", "xyz":
            var text = ""
            for e in entries {
                try args.context.checkInterrupt()
                let total = e.energy.map { $0 * Double(e.configuration.supercell.cellCount) }
                text += AtomicStructure(configuration: e.configuration, id: e.id, energy: total).extendedXYZText()
            }
            do { try text.write(toFile: resolved, atomically: true, encoding: .utf8) } catch {
                throw RuntimeError("write_structures: cannot write '\(path)'")
            }
            return .strings([path])
        case "poscar", "vasp":
            var written: [String] = []
            for e in entries {
                try args.context.checkInterrupt()
                let folder = (resolved as NSString).appendingPathComponent(e.id)
                do {
                    try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    try AtomicStructure(configuration: e.configuration, id: e.id).poscarText()
                        .write(toFile: (folder as NSString).appendingPathComponent("POSCAR"), atomically: true, encoding: .utf8)
                } catch {
                    throw RuntimeError("write_structures: cannot write '\(folder)/POSCAR'")
                }
                written.append((path as NSString).appendingPathComponent(e.id) + "/POSCAR")
            }
            return .strings(written)
        default:
            throw RuntimeError("write_structures: format must be extxyz or poscar, got \"\(format)\"")
        }
    }

    // MARK: helpers

    /// steps= and chains= of an annealing, within bounds.
    static func annealingLength(_ args: Arguments, callee: String) throws -> (steps: Int, chains: Int) {
        let steps = try args.int("steps"), chains = try args.int("chains")
        guard steps >= 1, steps <= 1_000_000_000 else { throw RuntimeError("\(callee): steps must be between 1 and 10^9, got \(steps)") }
        guard chains >= 1, chains <= 10_000 else { throw RuntimeError("\(callee): chains must be between 1 and 10000, got \(chains)") }
        return (steps, chains)
    }

    /// The supercells an annealing searches: every distinct one of size= primitive cells, or supercell=.
    static func searchCells(_ args: Arguments, lattice: CrystalLattice, callee: String) throws -> [Supercell] {
        switch (args.isNull("size"), args.isNull("supercell")) {
        case (false, true):
            let n = try args.int("size")
            guard n >= 1, n <= DerivativeStructureEnumerator.maximumSize else {
                throw RuntimeError("\(callee): size must be between 1 and \(DerivativeStructureEnumerator.maximumSize) primitive cells, got \(n)")
            }
            return try engine(callee) {
                try Superlattice.classes(of: lattice, index: n).map {
                    try Supercell(lattice: lattice, matrix: Superlattice.reducedBasis($0.hermite, vectors: lattice.vectors).m)
                }
            }
        case (true, false):
            return [try engine(callee) { try LatticeCommands.supercell(args["supercell"], lattice) }]
        default:
            throw RuntimeError("\(callee): give size= (every supercell of that many primitive cells) or supercell= (one cell), not both")
        }
    }

    /// Runs engine code for `command`, reporting engine errors as the command's own.
    static func engine<T>(_ command: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as LatticeError {
            throw RuntimeError("\(command): \(e.message)")
        } catch is StructuresInterrupted {
            throw Interrupted()
        } catch let e as OptimizationError {
            throw RuntimeError("\(command): \(e.description)")
        } catch let e as LinearAlgebraError {
            throw RuntimeError("\(command): \(e.description)")
        } catch let e as RegressionError {
            throw RuntimeError("\(command): \(e.description)")
        }
    }

    /// sizes= as n (1 to n), a list of ints or a range.
    static func sizeList(_ value: Value) throws -> [Int] {
        switch value {
        case .int(let n):
            guard n >= 1 else { throw RuntimeError("enumerate: sizes must be at least 1, got \(n)") }
            guard n <= DerivativeStructureEnumerator.maximumSize else {
                throw RuntimeError("enumerate: sizes go up to \(DerivativeStructureEnumerator.maximumSize) primitive cells, got \(n)")
            }
            return Array(1...n)
        case .range(let r): return Array(r)
        case .list(let l):
            return try l.items.map { item in
                guard case .int(let n) = item else { throw RuntimeError("enumerate: sizes must be ints, got \(item.typeName)") }
                return n
            }
        default: throw RuntimeError("enumerate: sizes must be an int, a list of ints or a range, got \(value.typeName)")
        }
    }

    /// composition= as {species: fraction} or {species: [min, max]}.
    static func compositionBounds(_ value: Value, lattice: CrystalLattice) throws -> [CompositionBound] {
        if case .null = value { return [] }
        guard case .map(let map) = value else {
            throw RuntimeError("enumerate: composition must be a map like {\"Pd\": [0, 0.5]}, got \(value.typeName)")
        }
        return try map.pairs.map { key, bound in
            guard case .string(let species) = key else { throw RuntimeError("enumerate: composition keys are species names, got \(key.value.typeName)") }
            let range: [Double]
            switch bound {
            case .int, .double: let x = LatticeCommands.number(bound) ?? 0; range = [x, x]
            case .list: range = try LatticeCommands.numbers(bound, "enumerate: the bounds of \(species)")
            default: throw RuntimeError("enumerate: the bound of \(species) must be a fraction or [min, max], got \(bound.typeName)")
            }
            guard range.count == 2 else { throw RuntimeError("enumerate: the bounds of \(species) must be [min, max], got \(range.count) numbers") }
            return try engine("enumerate") { try CompositionBound(lattice: lattice, species: species, minimum: range[0], maximum: range[1]) }
        }
    }

    /// composition= as one list of fractions per sublattice, or {species: fraction} (each active
    /// sublattice's species given, or all but one, which takes the rest; inactive ones are full).
    static func sublatticeFractions(_ value: Value, lattice: CrystalLattice, callee: String) throws -> [[Double]] {
        if case .list(let l) = value {
            return try l.items.map { try LatticeCommands.numbers($0, "\(callee): composition") }
        }
        guard case .map(let map) = value else {
            throw RuntimeError("\(callee): composition must be {species: fraction} or one list of fractions per sublattice, got \(value.typeName)")
        }
        var given: [(Species, Double)] = []
        for (key, v) in map.pairs {
            guard case .string(let name) = key, let x = LatticeCommands.number(v) else {
                throw RuntimeError("\(callee): composition maps species names to fractions, e.g. {\"Au\": 0.5, \"Pd\": 0.5}")
            }
            given.append((try engine(callee) { try Species(parsing: name) }, x))
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
