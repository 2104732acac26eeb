// The commands that turn DFT outputs into a training set: structures(...)
// reads structure files and maps them onto a lattice (pymatgen's matcher, or
// through anion polyhedra), with the energy convention stated; charges(...)
// assigns oxidation states of one element from its magnetic moments.
import Foundation
import Formats
import Language
import Lattice
import Numerics

/// Builtins of the "structures" part of the lattice category.
enum StructureCommands {
    static var all: [Builtin] { [structures, charges] }

    // MARK: structures

    static var structures: Builtin {
        Builtin(
            "structures", StructuresParameters.self,
            summary: "Reads DFT structures and maps each onto the lattice; failures print one line each.",
            doc: """
                Tolerances mean what they mean in pymatgen's StructureMatcher (and smol): both cells
                scaled to a common volume; every supercell whose vectors match the structure's within
                ltol and angle_tol is tried; a structure maps when the best leaves an rms displacement
                below stol and its sites a largest displacement below stol, in units of
                (V/sites)^(1/3) of the supercell. mapping="polyhedra" matches the anions first and puts
                each cation on the site whose anion polyhedron encloses it (Yang et al. 2022);
                failures are counted by cause. Energies: .energies are eV per prim (or formation
                energies per prim with references=); the summary says which.
                Example:
                    lno = lattice("../shared/data/lno/prim.json")
                    s = structures("../shared/data/lno/structures.extxyz", lno, supercell_size="O2-")   # prints the 4 it cannot map
                    s.mapped
                """,
            category: "lattice"
        ) { args in
            let lat = try args.lat
            let files = try StructureFiles.paths(names(try args.path), "structures", args.context)
            let (ltol, stol, angleTol) = (try args.ltol, try args.stol, try args.angle_tol)
            // Beyond these the candidate search would scan unbounded cells (and no match would mean anything).
            guard ltol > 0, ltol <= 1 else { throw RuntimeError("structures: ltol must be a fraction in (0, 1], got \(ltol)") }
            guard stol > 0, stol <= 10 else { throw RuntimeError("structures: stol must be in (0, 10], got \(stol)") }
            guard angleTol > 0, angleTol <= 90 else { throw RuntimeError("structures: angle_tol must be in (0, 90] degrees, got \(angleTol)") }
            var options = StructureReadOptions()
            options.species = try args.species.map(names)
            options.energyKey = try args.energy
            let unit = try args.energy_unit
            let references = try args.references.map { try numberMap($0, "references") }
            var (frames, problems) = try StructureFiles.read(files, options: options, args.context)
            for p in problems { args.context.print("not read: " + p) }
            if let c = try args.charges {
                let decorated = c.decorate(frames)
                for p in decorated.problems { args.context.print("not balanced: " + p) }
                problems += decorated.problems
                frames = decorated.structures
            }
            let source = files.count == 1 ? files[0].shown : "\(files.count) files"
            let mapping = try args.mapping
            var mapped: [MappedStructure] = [], failures: [String] = [], causes: [String: Int] = [:]
            switch mapping {
            case .nearest:
                let mapper = StructureMapper(lattice: lat.lattice, ltol: ltol, stol: stol, angleTolerance: angleTol,
                                             supercellSize: supercellSize(try args.supercell_size))
                let given = try givenSupercells(try args.supercell, siteMap: try args.site_map, frames, lat.lattice)
                for (k, frame) in frames.enumerated() {
                    let result = mapper.map(frame, supercellMatrix: given.matrices[k], siteMap: given.siteMaps[k])
                    try args.context.checkInterrupt()
                    switch result {
                    case .success(let m): mapped.append(m)
                    case .failure(let e): failures.append(e.message); args.context.print("not mapped: " + e.message)
                    }
                }
            case .polyhedra:
                let mapper = try AnionPolyhedraMapper(lattice: lat.lattice, anions: try args.anions.map(names), cutoff: try args.cutoff,
                                                      ltol: ltol, stol: stol, angleTolerance: angleTol)
                for frame in frames {
                    let result = mapper.map(frame)
                    try args.context.checkInterrupt()
                    switch result {
                    case .success(let m): mapped.append(m)
                    case .failure(let f):
                        failures.append(f.message)
                        causes[f.cause.rawValue, default: 0] += 1
                        args.context.print("not mapped (\(f.cause.rawValue)): " + f.message)
                    }
                }
            }
            let frameOf = Dictionary(frames.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let converted = mapped.map { cellEnergy($0, frame: frameOf[$0.id], unit: unit) }
            // Which keys and units the energies came from, in order of first use.
            var sources: [String] = []
            for c in converted { if let s = c.source, !sources.contains(s) { sources.append(s) } }
            return .object(try StructureSetObject(lattice: lat.lattice, source: source, total: frames.count + problems.count, mapped: mapped,
                                                  cellEnergies: converted.map(\.energy), energySources: sources, references: references,
                                                  failures: failures, notRead: problems, causes: causes, mapping: mapping.rawValue))
        }
    }

    struct StructuresParameters: Parameters {
        var path = Param<Either<String, [String]>>("path", "file(s): a path, a list, or a pattern like \"runs/*/OUTCAR\" (extxyz, POSCAR, pymatgen JSON, OUTCAR, vasprun.xml, CIF, ASE .db, str.out)")
        var lat = Param<LatticeObject>("lat", "the lattice to map onto")
        var ltol = Param("ltol", default: 0.2, "fractional lattice-length tolerance (pymatgen's ltol), in (0, 1]")
        var stol = Param("stol", default: 0.3, "site tolerance, fraction of (V/sites)^(1/3) of the supercell (pymatgen's stol), in (0, 10]")
        var angle_tol = Param("angle_tol", default: 5.0, unit: "degrees", "angle tolerance (pymatgen's angle_tol), in (0, 90]")
        var supercell_size = Param<Either<String, [String]>>("supercell_size", default: .first("auto"),
                                                              "prims per structure: \"auto\", \"sites\" (smol's default), \"volume\", or species (\"O2-\", [\"O\", \"F\"])")
        var supercell = Param<Value?>("supercell", default: nil, "a given supercell: a 3×3 matrix, or the info key holding 9 integers per structure")
        var site_map = Param<String?>("site_map", default: nil, "with supercell=: the per-atom array giving each atom's site (pymatgen make_supercell order)")
        var mapping = Param("mapping", default: Mapping.nearest, "\"nearest\" (pymatgen's StructureMatcher) or \"polyhedra\" (anion framework, then cations by polyhedron)")
        var anions = Param<Either<String, [String]>?>("anions", default: nil, "polyhedra: the anion elements (default: the lattice's negatively charged species)")
        var cutoff = Param("cutoff", default: 3.1, unit: "Å", "polyhedra: anions farther from a cation than this are not its polyhedron")
        var species = Param<Either<String, [String]>?>("species", default: nil, "POSCAR files without a species line: the species, in order")
        var energy = Param<String?>("energy", default: nil, "the key holding the energy (extxyz info, entry data, database key); default: the file's energy")
        var energy_unit = Param<EnergyUnit?>("energy_unit", default: nil, "how the file's energies are normalised (default: eV/cell, eV/atom for keys saying per_atom)")
        var references = Param<MapValue?>("references", default: nil, unit: "eV/atom", "formation energies: the energy of each element, e.g. {\"Ag\": -2.8, \"Pd\": -5.2}")
        var charges = Param<ChargesObject?>("charges", default: nil, "a charges(...) result: its oxidation states decorate the structures; unbalanced ones are left out")
    }

    /// How structures are put on the lattice.
    enum Mapping: String, CaseIterable, ChoiceArgument {
        /// pymatgen's StructureMatcher: every atom to its nearest site.
        case nearest
        /// The anion framework first, then each cation by the anion polyhedron enclosing it.
        case polyhedra
    }

    /// How energies in a file are normalised.
    enum EnergyUnit: String, CaseIterable, ChoiceArgument {
        case cell = "eV/cell", atom = "eV/atom", prim = "eV/prim"
    }

    /// The total energy of the mapped structure's cell (eV) from the file's value in its unit, and "'key' (unit)".
    private static func cellEnergy(_ m: MappedStructure, frame: AtomicStructure?, unit given: EnergyUnit?) -> (energy: Double?, source: String?) {
        guard let e = m.energy else { return (nil, nil) }
        let key = frame?.value("energy_key") ?? "energy"
        let unit = given ?? (key.lowercased().contains("per_atom") ? .atom : .cell)
        let source = "'\(key)' (\(unit.rawValue))"
        switch unit {
        case .cell: return (e, source)
        case .atom: return (e * Double(m.siteOfAtom.count), source)
        case .prim: return (e * Double(m.configuration.supercell.cellCount), source)
        }
    }

    private static func supercellSize(_ v: Either<String, [String]>) -> StructureMapper.SupercellSize {
        switch v {
        case .first("auto"): return .auto
        case .first("sites"), .first("num_sites"): return .sites
        case .first("volume"): return .volume
        case .first(let s): return .species([s])
        case .second(let species): return .species(species)
        }
    }

    /// Per structure: a given supercell matrix (one for all, or an info key) and a given site map (a per-atom array).
    private static func givenSupercells(_ supercell: Value?, siteMap: String?, _ frames: [AtomicStructure], _ lattice: CrystalLattice) throws
        -> (matrices: [[Int]?], siteMaps: [[Int]?]) {
        var matrices = [[Int]?](repeating: nil, count: frames.count), maps = [[Int]?](repeating: nil, count: frames.count)
        switch supercell {
        case nil: break
        case .string(let key)?:
            for (k, f) in frames.enumerated() {
                let values = (f.value(key) ?? "").split(separator: " ").compactMap { Int($0) }
                guard values.count == 9 else { throw RuntimeError("structures: \(f.id) has no 9 integers under \(key)") }
                matrices[k] = values
            }
        case let v?:
            matrices = Array(repeating: try LatticeCommands.supercell(v, lattice).matrix, count: frames.count)
        }
        if let key = siteMap {
            guard supercell != nil else { throw RuntimeError("structures: site_map= needs the supercell= it refers to") }
            for (k, f) in frames.enumerated() {
                guard let values = f.array(key), values.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e9 }) else {
                    throw RuntimeError("structures: \(f.id) has no integer per-atom array \(key)")
                }
                maps[k] = values.map { Int($0) }
            }
        }
        return (matrices, maps)
    }

    /// One name or a list of names, as a list.
    static func names(_ v: Either<String, [String]>) -> [String] {
        switch v {
        case .first(let s): return [s]
        case .second(let l): return l
        }
    }

    static func numberMap(_ m: MapValue, _ what: String) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for (key, value) in m.pairs {
            guard case .string(let k) = key.value, let x = LatticeCommands.number(value) else {
                throw RuntimeError("\(what): keys are element names and values numbers, got \(key.value.description): \(value.typeName)")
            }
            out[k] = x
        }
        return out
    }

    // MARK: charges

    static var charges: Builtin {
        Builtin(
            "charges", ChargesParameters.self,
            summary: "Oxidation states of one element from its magnetic moments, maximising charge-balanced structures.",
            doc: """
                A moment at or below the first cutoff gets the first state, up to the second the
                second, and so on (|moment| in μB). method="bayesian" searches the domains with a
                Gaussian-process surrogate and expected improvement (seeded; the same on any thread
                count) for the cutoffs that balance the most structures (Yang et al. 2022, Fig. 1);
                "exact" sweeps every moment between them; "mixture" fits a Gaussian mixture with one
                component per state; "fixed" uses cutoffs=. Found cutoffs are centred in the gap
                between moments that keeps the count. plot(c) draws the moments and cutoffs; pass
                the result to structures(..., charges=c).
                Example:
                    mn = {"species": [{"element": "Mn", "occu": 1}], "abc": [0, 0, 0], "properties": {"magmom": 4.6}}
                    o = {"species": [{"element": "O", "occu": 1}], "abc": [0.5, 0.5, 0.5], "properties": {"magmom": 0.0}}
                    save({"@class": "Structure", "lattice": {"matrix": [[0, 2.2, 2.2], [2.2, 0, 2.2], [2.2, 2.2, 0]]}, "sites": [mn, o]}, "mno.json")
                    c = charges("mno.json", element="Mn", states=[4, 3, 2], charges={"O": -2}, method="fixed", cutoffs=[3.5, 4.2])
                    c.assigned   # [[2, nil]]: Mn2+; O's entry is nil (its charge is fixed)
                """,
            category: "lattice"
        ) { args in
            let files = try StructureFiles.paths(names(try args.path), "charges", args.context)
            let (frames, problems) = try StructureFiles.read(files, options: StructureReadOptions(), args.context)
            for p in problems { args.context.print("not read: " + p) }
            let fixed = try args.charges.map { try numberMap($0, "charges") } ?? [:]
            let momentsKey = try args.moments
            let withMoments = try frames.map { f -> AtomicStructure in
                guard momentsKey != "magmoms" else { return f }
                guard let m = f.array(momentsKey) else { throw RuntimeError("charges: \(f.id) has no per-atom array \(momentsKey)") }
                var g = f
                g.magneticMoments = m
                return g
            }
            let problem = try MomentCharges(structures: withMoments, element: try args.element, states: try args.states, charges: fixed)
            func domains() throws -> [(Double, Double)] {
                guard let given = try args.domains else { throw RuntimeError("charges: give domains=[[low, high], ...] (μB), one per cutoff") }
                return try given.map { d in
                    guard d.count == 2 else { throw RuntimeError("charges: each domain is [low, high]") }
                    return (d[0], d[1])
                }
            }
            let method: MomentCharges.Method
            switch try args.method {
            case .fixed:
                guard let cutoffs = try args.cutoffs else { throw RuntimeError("charges: method=\"fixed\" needs cutoffs=") }
                method = .fixed(cutoffs)
            case .mixture: method = .mixture
            case .exact: method = .exact(domains: try domains())
            case .bayesian:
                let seed: UInt64
                if let given = try args.seed {
                    seed = UInt64(truncatingIfNeeded: given)
                } else {
                    var r = args.context.random.split()
                    seed = r.next()
                }
                let (calls, initial, candidates) = (try args.calls, try args.initial, try args.candidates)
                guard (1...100_000).contains(calls), (1...calls).contains(initial), (1...1_000_000).contains(candidates) else {
                    throw RuntimeError("charges: calls (1...100000), initial (1...calls) and candidates (1...1000000) must be in range")
                }
                method = .bayesian(domains: try domains(), calls: calls, initialPoints: initial, candidates: candidates, seed: seed)
            }
            let solution = try problem.solve(method)
            try args.context.checkInterrupt()
            return .object(ChargesObject(problem: problem, solution: solution, fixed: fixed, method: try args.method.rawValue,
                                         source: files.count == 1 ? files[0].shown : "\(files.count) files", moments: momentsKey))
        }
    }

    struct ChargesParameters: Parameters {
        var path = Param<Either<String, [String]>>("path", "structure file(s) with magnetic moments: a path, a list or a pattern")
        var element = Param<String>("element", "the element whose oxidation states are assigned, e.g. \"Mn\"")
        var states = Param<[Double]>("states", "its oxidation states in order of increasing moment, e.g. [4, 3, 2] for high-spin Mn")
        var charges = Param<MapValue?>("charges", default: nil, "the fixed charges of the other elements, e.g. {\"Li\": 1, \"O\": -2}; default: the file's")
        var method = Param("method", default: ChargeMethod.bayesian, "how the cutoffs are found")
        var cutoffs = Param<[Double]?>("cutoffs", default: nil, unit: "μB", "fixed: the moment cutoffs, ascending: one fewer than the states, or as many (an upper bound)")
        var domains = Param<[[Double]]?>("domains", default: nil, unit: "μB", "bayesian/exact: a [low, high] search domain per cutoff")
        var moments = Param("moments", default: "magmoms", "the per-atom moments: \"magmoms\" (total) or an orbital array such as \"magmom_d\"")
        var calls = Param("calls", default: 60, "bayesian: objective evaluations")
        var initial = Param("initial", default: 10, "bayesian: random points before the surrogate")
        var candidates = Param("candidates", default: 2000, "bayesian: random candidates scored by expected improvement per step")
        var seed = Param<Int?>("seed", default: nil, "bayesian: seed (default: the session's stream)")
    }

    /// How charges(...) finds the moment cutoffs.
    enum ChargeMethod: String, CaseIterable, ChoiceArgument {
        case bayesian, mixture, exact, fixed
    }
}

// MARK: objects

/// Oxidation states assigned from magnetic moments.
public final class ChargesObject: EngineObject {
    let problem: MomentCharges
    let solution: MomentCharges.Solution
    let fixed: [String: Double]
    let method: String
    let source: String
    let moments: String

    init(problem: MomentCharges, solution: MomentCharges.Solution, fixed: [String: Double], method: String, source: String, moments: String) {
        self.problem = problem
        self.solution = solution
        self.fixed = fixed
        self.method = method
        self.source = source
        self.moments = moments
    }

    /// The structures with the element's states and the fixed charges; those not balanced (or not assigned) left out.
    func decorate(_ frames: [AtomicStructure]) -> (structures: [AtomicStructure], problems: [String]) {
        var index: [String: Int] = [:]
        for (k, id) in problem.ids.enumerated() where index[id] == nil { index[id] = k }
        var out: [AtomicStructure] = [], problems: [String] = []
        for f in frames {
            guard let k = index[f.id] else { problems.append("\(f.id): not in the charge assignment"); continue }
            guard solution.assignment.balanced[k] else {
                let net = solution.assignment.net[k].map { "net charge \(formatCharge($0))" } ?? "a moment above the last cutoff"
                problems.append("\(f.id): not charge balanced (\(net))")
                continue
            }
            out.append(problem.decorate(f, structure: k, solution.assignment, charges: fixed))
        }
        return (out, problems)
    }

    public var fieldNames: [String] { ["element", "states", "cutoffs", "balanced", "total", "fraction", "ids", "assigned", "net", "moments"] }
    public func field(_ name: String) -> Value? {
        let a = solution.assignment
        switch name {
        case "element": return .string(problem.element)
        case "states": return .doubles(problem.states)
        case "cutoffs": return .doubles(solution.cutoffs)
        case "balanced": return .int(a.balancedCount)
        case "total": return .int(problem.ids.count)
        case "fraction": return .double(Double(a.balancedCount) / Double(max(problem.ids.count, 1)))
        case "ids": return .list(problem.ids.map { .string($0) })
        case "assigned": return .list(a.states.map { s in .list(s.map { $0.map { .double($0) } ?? .null }) })
        case "net": return .list(a.net.map { $0.map { .double($0) } ?? .null })
        case "moments": return .list(problem.moments.map { .doubles($0) })
        default: return nil
        }
    }
    public var summary: String {
        let cut = solution.cutoffs.map { formatFixedPoint($0, 3) }.joined(separator: ", ")
        return "charges: \(problem.element) states \(problem.states.map(formatCharge).joined(separator: "/")) from \(moments) of \(source) by \(method); "
            + "cutoffs \(cut) μB; \(solution.balancedCount) of \(problem.ids.count) structures balanced"
    }
    /// The summary, then the count of each state.
    public var table: String {
        var counts = [Double: Int]()
        for s in solution.assignment.states { for q in s { if let q { counts[q, default: 0] += 1 } } }
        let lines = problem.states.map { q in "  \(problem.element)\(formatCharge(q)): \(counts[q] ?? 0) atoms" }
        let unassigned = solution.assignment.states.reduce(0) { $0 + $1.filter { $0 == nil }.count }
        return ([summary] + lines + (unassigned > 0 ? ["  no state (above the last cutoff): \(unassigned) atoms"] : [])).joined(separator: "\n")
    }
    public func exportValue() -> Value? {
        .record([("cutoffs", field("cutoffs") ?? .null), ("ids", field("ids") ?? .null), ("assigned", field("assigned") ?? .null),
                 ("net", field("net") ?? .null)])
    }
}

extension ChargesObject: Plottable {
    public var figureNames: [String] { ["moments"] }

    /// The histogram of |moment| of the element, one step line per assigned state, dashed lines at the cutoffs.
    public func figure(_ name: String?) throws -> Figure {
        guard (name ?? "moments") == "moments" else { throw RuntimeError("plot: charges have the figure \"moments\", not \"\(name ?? "")\"") }
        let all = problem.allMoments
        guard let lo = all.min(), let hi = all.max() else { throw RuntimeError("plot: no moments to draw") }
        let bins = max(10, min(80, all.count / 10))
        let width = max((hi - lo) / Double(bins), 1e-6)
        var f = Figure(kind: .lines, title: "\(problem.element) moments of \(problem.ids.count) structures: \(solution.balancedCount) balanced")
        f.xlabel = "|magnetic moment| (μB)"
        f.ylabel = "atoms per \(formatFixedPoint(width, 3)) μB"
        for q in problem.states {
            var counts = [Double](repeating: 0, count: bins)
            for (s, ms) in problem.moments.enumerated() {
                for (a, m) in ms.enumerated() where solution.assignment.states[s][a] == q {
                    counts[min(bins - 1, Int((m - lo) / width))] += 1
                }
            }
            // A step outline of the histogram.
            var x: [Double] = [], y: [Double] = []
            for b in 0..<bins {
                let left = lo + Double(b) * width
                x += [left, left + width]
                y += [counts[b], counts[b]]
            }
            f.series.append(Figure.Series(label: "\(problem.element)\(formatCharge(q))", x: x, y: y, style: .lines))
        }
        let top = f.series.flatMap(\.y).max() ?? 1
        for (i, c) in solution.cutoffs.enumerated() {
            f.series.append(Figure.Series(label: "cutoff \(i + 1): \(formatFixedPoint(c, 3)) μB", x: [c, c], y: [0, top], style: .lines))
        }
        return f
    }
}

/// "4+", "2-": an oxidation state as written on species.
func formatCharge(_ q: Double) -> String {
    let m = abs(q)
    let digits = m == m.rounded() ? String(Int(m)) : String(m)
    return (m == 1 ? "" : digits) + (q >= 0 ? "+" : "-")
}

/// Fixed decimals, locale-free.
func formatFixedPoint(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

/// Structures mapped onto a lattice: the training set, with its energy convention stated.
public final class StructureSetObject: EngineObject {
    public let lattice: CrystalLattice
    public let source: String
    public let total: Int
    public let mapped: [MappedStructure]
    /// Per mapped structure: the energy the fit sees, eV per cell (total, or formation with references).
    let cellEnergies: [Double?]
    /// Per mapped structure: the total energy from the file, eV per cell (what `save` writes).
    let totalEnergies: [Double?]
    let energyNote: String
    public let failures: [String]
    let notRead: [String]
    let causes: [String: Int]
    let mapping: String

    init(lattice: CrystalLattice, source: String, total: Int, mapped: [MappedStructure], cellEnergies: [Double?],
         energySources: [String], references: [String: Double]?,
         failures: [String], notRead: [String], causes: [String: Int], mapping: String) throws {
        self.lattice = lattice
        self.source = source
        self.total = total
        self.mapped = mapped
        self.failures = failures
        self.notRead = notRead
        self.causes = causes
        self.mapping = mapping
        self.totalEnergies = cellEnergies
        let from = energySources.isEmpty ? "no energies in the files" : energySources.joined(separator: ", ")
        if let references {
            // Formation energy: the cell's energy less each atom's reference energy (eV/atom).
            self.cellEnergies = try zip(mapped, cellEnergies).map { m, e in
                guard let e else { return nil }
                let s = m.configuration.supercell
                var reference = 0.0
                for (i, sigma) in m.configuration.occupation.enumerated() {
                    let sp = s.space(i).species[sigma]
                    if sp.isVacancy { continue }
                    guard let mu = references[sp.element] else {
                        throw RuntimeError("structures: references= has no energy for \(sp.element) (in \(m.id))")
                    }
                    reference += mu
                }
                return e - reference
            }
            energyNote = "formation energies eV/prim from \(from), references " + references.keys.sorted().map { "\($0) \(references[$0] ?? 0)" }.joined(separator: ", ") + " eV/atom"
        } else {
            self.cellEnergies = cellEnergies
            energyNote = "energies eV/prim from \(from)"
        }
    }

    /// Energies per prim (eV), as fits use them.
    var energiesPerPrim: [Double?] { zip(mapped, cellEnergies).map { m, e in e.map { $0 / Double(m.configuration.supercell.cellCount) } } }

    public var fieldNames: [String] {
        ["count", "mapped", "ids", "failures", "not_read", "causes", "energies", "energy_unit", "sizes", "matrices",
         "displacements", "rms_displacements", "max_stol", "rms_stol", "configurations"]
    }
    public func field(_ name: String) -> Value? {
        switch name {
        case "count": return .int(total)
        case "mapped": return .int(mapped.count)
        case "ids": return .list(mapped.map { .string($0.id) })
        case "failures": return .list(failures.map { .string($0) })
        case "not_read": return .list(notRead.map { .string($0) })
        case "causes": return .record(causes.keys.sorted().map { ($0, .int(causes[$0] ?? 0)) })
        case "energies": return .list(energiesPerPrim.map { $0.map { .double($0) } ?? .null })
        case "energy_unit": return .string(energyNote)
        case "sizes": return .list(mapped.map { .int($0.configuration.supercell.cellCount) })
        case "matrices": return .list(mapped.map { .list($0.configuration.supercell.matrix.map { .int($0) }) })
        case "displacements": return .list(mapped.map { $0.displacement.map { .double($0.maxAngstrom) } ?? .null })
        case "rms_displacements": return .list(mapped.map { $0.displacement.map { .double($0.rmsAngstrom) } ?? .null })
        case "max_stol": return .list(mapped.map { $0.displacement.map { .double($0.max) } ?? .null })
        case "rms_stol": return .list(mapped.map { $0.displacement.map { .double($0.rms) } ?? .null })
        case "configurations": return .list(mapped.map { .object(ConfigurationObject($0.configuration)) })
        default: return nil
        }
    }
    public var summary: String {
        let notMapped = total - mapped.count - notRead.count
        var parts: [String] = []
        if notMapped > 0 {
            let byCause = causes.keys.sorted().map { "\($0) \(causes[$0] ?? 0)" }.joined(separator: ", ")
            parts.append("\(notMapped) not mapped" + (byCause.isEmpty ? "" : ": " + byCause))
        }
        if !notRead.isEmpty { parts.append("\(notRead.count) not read") }
        return "structures: \(mapped.count) of \(total) from \(source) mapped onto \(lattice.name)" + (mapping == "polyhedra" ? " through anion polyhedra" : "")
            + (parts.isEmpty ? "" : " (" + parts.joined(separator: "; ") + ")") + "; \(energyNote)"
    }
    /// The summary, one row per mapped structure (cells, energy per prim, displacements), then the failures.
    public var table: String {
        let rows = (try? TextTable(columns: [
            ("id", mapped.map { .string($0.id) }), ("cells", field("sizes").map(\.listItems) ?? []),
            ("energy (eV/prim)", field("energies").map(\.listItems) ?? []),
            ("rms (Å)", field("rms_displacements").map(\.listItems) ?? []),
            ("max (Å)", field("displacements").map(\.listItems) ?? []),
            ("max (stol)", field("max_stol").map(\.listItems) ?? []),
        ]).text) ?? ""
        return ([summary, rows] + notRead.map { "not read: " + $0 } + failures.map { "not mapped: " + $0 }).joined(separator: "\n")
    }
    /// One row per mapped structure: id, cells, energy per prim, displacements.
    public var dataTable: DataTable? {
        DataTable(columns: [
            DataTable.Column("id", field("ids") ?? .null), DataTable.Column("cells", field("sizes") ?? .null),
            DataTable.Column("energy", unit: "eV/prim", field("energies") ?? .null),
            DataTable.Column("rms displacement", unit: "Å", field("rms_displacements") ?? .null),
            DataTable.Column("max displacement", unit: "Å", field("displacements") ?? .null),
        ], attributes: [("source", .string(source)), ("lattice", .string(lattice.name)), ("count", .int(total)),
                        ("energies", .string(energyNote))])
    }
}

private extension Value {
    /// The items of a list value (empty for anything else).
    var listItems: [Value] {
        if case .list(let l) = self { return l.items }
        return []
    }
}
