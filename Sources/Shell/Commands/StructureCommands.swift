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
            "structures",
            [Parameter("path", "file(s): a path, a list, or a pattern like \"runs/*/OUTCAR\" (extxyz, POSCAR, pymatgen JSON, OUTCAR, vasprun.xml, CIF, ASE .db, str.out)"),
             Parameter("lat", "the lattice to map onto"),
             Parameter("ltol", default: .double(0.2), "fractional lattice-length tolerance (pymatgen's ltol)"),
             Parameter("stol", default: .double(0.3), "site tolerance, fraction of (V/sites)^(1/3) of the supercell (pymatgen's stol)"),
             Parameter("angle_tol", default: .double(5.0), "angle tolerance, degrees (pymatgen's angle_tol)"),
             Parameter("supercell_size", default: .string("auto"), "prims per structure: \"auto\", \"sites\" (smol's default), \"volume\", or species (\"O2-\", [\"O\", \"F\"])"),
             Parameter("supercell", default: .null, "a given supercell: a 3×3 matrix, or the info key holding 9 integers per structure"),
             Parameter("site_map", default: .null, "with supercell=: the per-atom array giving each atom's site (pymatgen make_supercell order)"),
             Parameter("mapping", default: .string("nearest"), "\"nearest\" (pymatgen's StructureMatcher) or \"polyhedra\" (anion framework, then cations by polyhedron)"),
             Parameter("anions", default: .null, "polyhedra: the anion elements (default: the lattice's negatively charged species)"),
             Parameter("cutoff", default: .double(3.1), "polyhedra: anions farther from a cation than this (Å) are not its polyhedron"),
             Parameter("species", default: .null, "POSCAR files without a species line: the species, in order"),
             Parameter("energy", default: .null, "the key holding the energy (extxyz info, entry data, database key); default: the file's energy"),
             Parameter("energy_unit", default: .null, "\"eV/cell\", \"eV/atom\" or \"eV/prim\" (default: eV/cell, eV/atom for keys saying per_atom)"),
             Parameter("references", default: .null, "formation energies: eV/atom of each element, e.g. {\"Ag\": -2.8, \"Pd\": -5.2}"),
             Parameter("charges", default: .null, "a charges(...) result: its oxidation states decorate the structures; unbalanced ones are left out")],
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
                    lno = lattice("data/lno/prim.json")
                    s = structures("data/lno/structures.extxyz", lno, supercell_size="O2-")   # prints the 4 it cannot map
                    s.mapped
                """,
            category: "lattice"
        ) { args in
            let lat = try args.object("lat", as: LatticeObject.self, typeName: "lattice")
            let files = try StructureFiles.paths(args["path"], "structures", args.context)
            let (ltol, stol, angleTol) = (try args.double("ltol"), try args.double("stol"), try args.double("angle_tol"))
            // Beyond these the candidate search would scan unbounded cells (and no match would mean anything).
            guard ltol > 0, ltol <= 1 else { throw RuntimeError("structures: ltol must be a fraction in (0, 1], got \(ltol)") }
            guard stol > 0, stol <= 10 else { throw RuntimeError("structures: stol must be in (0, 10], got \(stol)") }
            guard angleTol > 0, angleTol <= 90 else { throw RuntimeError("structures: angle_tol must be in (0, 90] degrees, got \(angleTol)") }
            var options = StructureReadOptions()
            if !args.isNull("species") { options.species = try strings(args["species"], "species") }
            if !args.isNull("energy") { options.energyKey = try args.string("energy") }
            let unit = try args.isNull("energy_unit") ? nil : EnergyUnit(try args.string("energy_unit"))
            let references = try args.isNull("references") ? nil : numberMap(try args.map("references"), "references")
            var (frames, problems) = try StructureFiles.read(files, options: options, args.context)
            for p in problems { args.context.print("not read: " + p) }
            if !args.isNull("charges") {
                let c = try args.object("charges", as: ChargesObject.self, typeName: "charges")
                let decorated = c.decorate(frames)
                for p in decorated.problems { args.context.print("not balanced: " + p) }
                problems += decorated.problems
                frames = decorated.structures
            }
            let source = files.count == 1 ? files[0].shown : "\(files.count) files"
            let mapping = try args.string("mapping")
            var mapped: [MappedStructure] = [], failures: [String] = [], causes: [String: Int] = [:]
            switch mapping {
            case "nearest":
                let mapper = StructureMapper(lattice: lat.lattice, ltol: ltol, stol: stol, angleTolerance: angleTol,
                                             supercellSize: try supercellSize(args["supercell_size"]))
                let given = try givenSupercells(args, frames, lat.lattice)
                for (k, frame) in frames.enumerated() {
                    let result = mapper.map(frame, supercellMatrix: given.matrices[k], siteMap: given.siteMaps[k])
                    try args.context.checkInterrupt()
                    switch result {
                    case .success(let m): mapped.append(m)
                    case .failure(let e): failures.append(e.message); args.context.print("not mapped: " + e.message)
                    }
                }
            case "polyhedra":
                let anions = try args.isNull("anions") ? nil : strings(args["anions"], "anions")
                let mapper = try LatticeCommands.engine("structures") {
                    try AnionPolyhedraMapper(lattice: lat.lattice, anions: anions, cutoff: try args.double("cutoff"), ltol: ltol, stol: stol, angleTolerance: angleTol)
                }
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
            default:
                throw RuntimeError("structures: mapping is \"nearest\" or \"polyhedra\", got \"\(mapping)\"")
            }
            let frameOf = Dictionary(frames.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let converted = mapped.map { cellEnergy($0, frame: frameOf[$0.id], unit: unit) }
            // Which keys and units the energies came from, in order of first use.
            var sources: [String] = []
            for c in converted { if let s = c.source, !sources.contains(s) { sources.append(s) } }
            return .object(try StructureSetObject(lattice: lat.lattice, source: source, total: frames.count + problems.count, mapped: mapped,
                                                  cellEnergies: converted.map(\.energy), energySources: sources, references: references,
                                                  failures: failures, notRead: problems, causes: causes, mapping: mapping))
        }
    }

    /// How energies in a file are normalised.
    enum EnergyUnit: String {
        case cell = "eV/cell", atom = "eV/atom", prim = "eV/prim"
        init(_ text: String) throws {
            guard let u = EnergyUnit(rawValue: text) else { throw RuntimeError("structures: energy_unit is \"eV/cell\", \"eV/atom\" or \"eV/prim\", got \"\(text)\"") }
            self = u
        }
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

    private static func supercellSize(_ v: Value) throws -> StructureMapper.SupercellSize {
        switch v {
        case .string("auto"): return .auto
        case .string("sites"), .string("num_sites"): return .sites
        case .string("volume"): return .volume
        case .string(let s): return .species([s])
        case .list: return .species(try strings(v, "supercell_size"))
        default: throw RuntimeError("structures: supercell_size is \"auto\", \"sites\", \"volume\" or species, got \(v.typeName)")
        }
    }

    /// Per structure: a given supercell matrix (one for all, or an info key) and a given site map (a per-atom array).
    private static func givenSupercells(_ args: Arguments, _ frames: [AtomicStructure], _ lattice: CrystalLattice) throws -> (matrices: [[Int]?], siteMaps: [[Int]?]) {
        var matrices = [[Int]?](repeating: nil, count: frames.count), maps = [[Int]?](repeating: nil, count: frames.count)
        switch args["supercell"] {
        case .null: break
        case .string(let key):
            for (k, f) in frames.enumerated() {
                let values = (f.value(key) ?? "").split(separator: " ").compactMap { Int($0) }
                guard values.count == 9 else { throw RuntimeError("structures: \(f.id) has no 9 integers under \(key)") }
                matrices[k] = values
            }
        case let v:
            let m = try LatticeCommands.engine("structures") { try LatticeCommands.supercell(v, lattice).matrix }
            matrices = Array(repeating: m, count: frames.count)
        }
        if !args.isNull("site_map") {
            let key = try args.string("site_map")
            guard !args.isNull("supercell") else { throw RuntimeError("structures: site_map= needs the supercell= it refers to") }
            for (k, f) in frames.enumerated() {
                guard let values = f.array(key), values.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e9 }) else {
                    throw RuntimeError("structures: \(f.id) has no integer per-atom array \(key)")
                }
                maps[k] = values.map { Int($0) }
            }
        }
        return (matrices, maps)
    }

    static func strings(_ v: Value, _ what: String) throws -> [String] {
        if case .string(let s) = v { return [s] }
        guard case .list(let l) = v else { throw RuntimeError("\(what) must be a list of strings") }
        return try l.items.map { if case .string(let s) = $0 { return s }; throw RuntimeError("\(what) holds strings, got \($0.typeName)") }
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
            "charges",
            [Parameter("path", "structure file(s) with magnetic moments: a path, a list or a pattern"),
             Parameter("element", "the element whose oxidation states are assigned, e.g. \"Mn\""),
             Parameter("states", "its oxidation states in order of increasing moment, e.g. [4, 3, 2] for high-spin Mn"),
             Parameter("charges", default: .null, "the fixed charges of the other elements, e.g. {\"Li\": 1, \"O\": -2}; default: the file's"),
             Parameter("method", default: .string("bayesian"), "\"bayesian\", \"mixture\", \"exact\" or \"fixed\""),
             Parameter("cutoffs", default: .null, "fixed: the moment cutoffs (μB), ascending: one fewer than the states, or as many (an upper bound)"),
             Parameter("domains", default: .null, "bayesian/exact: a [low, high] search domain (μB) per cutoff"),
             Parameter("moments", default: .string("magmoms"), "the per-atom moments: \"magmoms\" (total) or an orbital array such as \"magmom_d\""),
             Parameter("calls", default: .int(60), "bayesian: objective evaluations"),
             Parameter("initial", default: .int(10), "bayesian: random points before the surrogate"),
             Parameter("candidates", default: .int(2000), "bayesian: random candidates scored by expected improvement per step"),
             Parameter("seed", default: .null, "bayesian: seed (default: the session's stream)")],
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
                    c = charges("data/moments.extxyz", element="Mn", states=[4, 3, 2], charges={"Li": 1, "O": -2, "F": -1},
                                domains=[[2.9, 3.7], [3.7, 4.5]], seed=1)
                    c.cutoffs
                """,
            category: "lattice"
        ) { args in
            let files = try StructureFiles.paths(args["path"], "charges", args.context)
            let (frames, problems) = try StructureFiles.read(files, options: StructureReadOptions(), args.context)
            for p in problems { args.context.print("not read: " + p) }
            let element = try args.string("element")
            let states = try args.doubles("states")
            let fixed = try args.isNull("charges") ? [:] : numberMap(try args.map("charges"), "charges")
            let momentsKey = try args.string("moments")
            let withMoments = try frames.map { f -> AtomicStructure in
                guard momentsKey != "magmoms" else { return f }
                guard let m = f.array(momentsKey) else { throw RuntimeError("charges: \(f.id) has no per-atom array \(momentsKey)") }
                var g = f
                g.magneticMoments = m
                return g
            }
            let problem = try LatticeCommands.engine("charges") {
                try MomentCharges(structures: withMoments, element: element, states: states, charges: fixed)
            }
            func domains() throws -> [(Double, Double)] {
                guard !args.isNull("domains") else { throw RuntimeError("charges: give domains=[[low, high], ...] (μB), one per cutoff") }
                return try args.list("domains").map { v in
                    let d = try LatticeCommands.numbers(v, "charges: each domain")
                    guard d.count == 2 else { throw RuntimeError("charges: each domain is [low, high]") }
                    return (d[0], d[1])
                }
            }
            let method: MomentCharges.Method
            switch try args.string("method") {
            case "fixed":
                guard !args.isNull("cutoffs") else { throw RuntimeError("charges: method=\"fixed\" needs cutoffs=") }
                method = .fixed(try args.doubles("cutoffs"))
            case "mixture": method = .mixture
            case "exact": method = .exact(domains: try domains())
            case "bayesian":
                let seed: UInt64
                if args.isNull("seed") {
                    var r = args.context.random.split()
                    seed = r.next()
                } else {
                    seed = UInt64(truncatingIfNeeded: try args.int("seed"))
                }
                let (calls, initial, candidates) = (try args.int("calls"), try args.int("initial"), try args.int("candidates"))
                guard (1...100_000).contains(calls), (1...calls).contains(initial), (1...1_000_000).contains(candidates) else {
                    throw RuntimeError("charges: calls (1...100000), initial (1...calls) and candidates (1...1000000) must be in range")
                }
                method = .bayesian(domains: try domains(), calls: calls, initialPoints: initial, candidates: candidates, seed: seed)
            case let other:
                throw RuntimeError("charges: method is \"bayesian\", \"mixture\", \"exact\" or \"fixed\", got \"\(other)\"")
            }
            let solution = try LatticeCommands.engine("charges") {
                do { return try problem.solve(method) } catch let e as OptimizationError { throw LatticeError(e.description) }
            }
            try args.context.checkInterrupt()
            return .object(ChargesObject(problem: problem, solution: solution, fixed: fixed, method: try args.string("method"),
                                         source: files.count == 1 ? files[0].shown : "\(files.count) files", moments: momentsKey))
        }
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

    public var typeName: String { "charges" }
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

    public var typeName: String { "structures" }
    public var fieldNames: [String] {
        ["count", "mapped", "ids", "failures", "not_read", "causes", "energies", "energy_unit", "sizes", "matrices",
         "displacements", "rms_displacements", "max_stol", "rms_stol"]
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
}

private extension Value {
    /// The items of a list value (empty for anything else).
    var listItems: [Value] {
        if case .list(let l) = self { return l.items }
        return []
    }
}
