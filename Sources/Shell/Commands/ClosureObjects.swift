// The values the closure commands return: a calibrated closure model, a table
// of errors across stoichiometries, and derived rate equations, with their
// printed tables, fields and ready-made figures.
import Closure
import Language

/// A closure calibrated on one concentration series (and optionally its rates).
final class ClosureModelObject: EngineObject, Plottable {
    let closure: TripletClosure
    let series: ConcentrationSeries
    let convention: TripletConvention
    let regularization: Regularization?
    let errors: [Double]
    let pairErrors: [Double]
    let derivation: SparseDerivation?
    let sparseFits: [SparseFit]
    let rateFit: RateFit?

    init(closure: TripletClosure, series: ConcentrationSeries, convention: TripletConvention,
         regularization: Regularization?, derivation: SparseDerivation?, sparseFits: [SparseFit], rateFit: RateFit?) {
        self.closure = closure
        self.series = series
        self.convention = convention
        self.regularization = regularization
        self.errors = closure.errors(on: series, convention: convention)
        self.pairErrors = TripletClosure.pairApproximation.errors(on: series, convention: convention)
        self.derivation = derivation
        self.sparseFits = sparseFits
        self.rateFit = rateFit
    }

    /// Calibrates the closure of `kind` and whatever its model needs.
    static func fit(kind: ClosureKind, series: ConcentrationSeries, regularization: Regularization,
                    convention: TripletConvention, withRates: Bool, penalty: Double, form: ModelForm, starts: Int,
                    seed: UInt64, context: CallContext) throws -> ClosureModelObject {
        var closure = TripletClosure.pairApproximation
        var derivation: SparseDerivation?
        var sparseFits: [SparseFit] = []
        switch kind {
        case .pair:
            break
        case .optimal:
            closure = try calibrateOptimalClosure(on: series, regularization: regularization, convention: convention,
                                                  starts: starts, seed: seed).closure
        case .sparse:
            let optimal = try calibrateOptimalClosure(on: series, regularization: regularization, convention: convention,
                                                      starts: starts, seed: seed)
            derivation = SparseDerivation(optimal: optimal.closure)
            closure = .sparseApproximation
            sparseFits = [try fitSparseModel(to: series, form: .paper, starts: starts, seed: seed),
                          try fitSparseModel(to: series, form: .conserving, starts: starts, seed: seed)]
        }
        try context.checkInterrupt()
        var rateFit: RateFit?
        if withRates && kind != .sparse {
            rateFit = try fitRates(closure: closure, to: series,
                                   options: RateFitOptions(penalty: penalty, starts: starts, seed: seed, form: form))
        }
        return ClosureModelObject(closure: closure, series: series, convention: convention,
                                  regularization: kind == .pair ? nil : regularization, derivation: derivation,
                                  sparseFits: sparseFits, rateFit: rateFit)
    }


    var fieldNames: [String] {
        var names = ["kind", "types", "exponents", "errors", "pair_errors", "mean_error", "pair_mean_error",
                     "better_than_pair", "convention", "regularization", "data"]
        if derivation != nil { names += ["adjusted", "alpha", "misfit", "diagnostics", "fit"] }
        if rateFit != nil { names += ["rates", "objective", "start_objectives", "diagnostics", "fit"] }
        return names
    }

    private var labels: [String] { TripletType.allCases.map(\.label) }
    private var meanError: Double { errors.reduce(0, +) / 16 }
    private var pairMeanError: Double { pairErrors.reduce(0, +) / 16 }
    private var betterThanPair: Int {
        TripletType.allCases.filter { errors[$0.rawValue] < pairErrors[$0.rawValue] * (1 - 1e-9) }.count
    }

    func field(_ name: String) -> Value? {
        switch name {
        case "kind": return .string(closure.kind.rawValue)
        case "types": return .list(ListValue(labels.map { .string($0) }))
        case "exponents":
            return .record(TripletType.allCases.map { type in
                let e = closure.exponents[type.rawValue]
                return (type.label, .record([("gamma", doubles(e.gamma)), ("xi", doubles(e.xi))]))
            })
        case "errors": return .record(zip(labels, errors).map { ($0, .double($1)) })
        case "pair_errors": return .record(zip(labels, pairErrors).map { ($0, .double($1)) })
        case "mean_error": return .double(meanError)
        case "pair_mean_error": return .double(pairMeanError)
        case "better_than_pair": return .int(betterThanPair)
        case "convention": return .string(convention.rawValue)
        case "regularization": return regularization.map { .string($0.name) } ?? .null
        case "data": return dataColumns
        case "adjusted": return derivation.map { d in .list(ListValue(d.adjusted.map { .string($0.label) })) }
        case "alpha":
            guard sparseFits.count == 2 else { return nil }
            return .record([("paper", doubles([sparseFits[0].model.alpha1, sparseFits[0].model.alpha2])),
                            ("conserving", doubles([sparseFits[1].model.alpha1, sparseFits[1].model.alpha2]))])
        case "misfit":
            guard sparseFits.count == 2 else { return nil }
            return .record([("paper", .double(sparseFits[0].misfit)), ("conserving", .double(sparseFits[1].misfit))])
        case "rates": return rateFit.map { doubles($0.model.rates) }
        case "objective": return rateFit.map { .double($0.objective) }
        case "start_objectives": return rateFit.map { doubles($0.startObjectives) }
        case "diagnostics":
            if let r = rateFit { return diagnosticsValue(r.diagnostics) }
            guard sparseFits.count == 2 else { return nil }
            return .record([("paper", diagnosticsValue(sparseFits[0].diagnostics)),
                            ("conserving", diagnosticsValue(sparseFits[1].diagnostics))])
        case "fit":
            if let r = rateFit { return trajectoryValue(r.trajectory) }
            guard sparseFits.count == 2 else { return nil }
            return .record([("paper", trajectoryValue(sparseFits[0].trajectory)),
                            ("conserving", trajectoryValue(sparseFits[1].trajectory))])
        default: return nil
        }
    }

    /// One row per triplet type: its closure error and the pair approximation's; the
    /// exponents (one row of γ and of ξ per type) and the concentration series beside it.
    var dataTable: DataTable? {
        var attributes: [(String, Value)] = [("kind", .string(closure.kind.rawValue)), ("convention", .string(convention.rawValue)),
                                             ("mean_error", .double(meanError))]
        if let regularization { attributes.append(("regularization", .string(regularization.name))) }
        var arrays = [DataTable.Column("gamma", .list(ListValue(closure.exponents.map { doubles($0.gamma) }))),
                      DataTable.Column("xi", .list(ListValue(closure.exponents.map { doubles($0.xi) })))]
        if case .map(let data) = dataColumns {
            arrays += data.pairs.map { DataTable.Column("data " + $0.0.value.description, $0.1) }
        }
        if let rateFit { arrays.append(DataTable.Column("rates", doubles(rateFit.model.rates))) }
        return DataTable(columns: [DataTable.Column("type", .strings(labels)), DataTable.Column("error", doubles(errors)),
                                   DataTable.Column("pair_error", doubles(pairErrors))],
                         attributes: attributes, arrays: arrays)
    }

    private var dataColumns: Value {
        var fields: [(String, Value)] = [("time", doubles(series.times)), ("C+", doubles(series.plus)),
                                         ("++", doubles(series.plusPlus)), ("+-", doubles(series.plusMinus)),
                                         ("--", doubles(series.minusMinus))]
        for type in TripletType.allCases { fields.append((type.key, doubles(series.triplets[type.rawValue]))) }
        return .record(fields)
    }

    var summary: String {
        "closure \(closure.kind.abbreviation): E = \(num(meanError)) (PA \(num(pairMeanError))), "
            + "below PA for \(betterThanPair) of 16 types [\(convention.rawValue) triplets]"
    }

    var table: String {
        var lines: [String] = []
        var header = "closure \(closure.kind.abbreviation)"
        if let r = regularization {
            header += ", regularization \(r.name) (delta \(num(r.delta)), beta1 \(num(r.beta1)), beta2 \(num(r.beta2)))"
        }
        lines.append(header)
        lines.append("data: \(series.count) times, C+ = \(num(series.plus[0])); triplets \(convention.rawValue), "
            + "ordered windows (tri ++- is one of three rotations)")
        let name = closure.kind.abbreviation
        lines.append(row(["type", "PA exponents", "\(name) exponents", "J_i \(name)", "J_i PA"]))
        for type in TripletType.allCases {
            lines.append(row([type.label, exponentText(TripletClosure.pairApproximation.exponents[type.rawValue]),
                              exponentText(closure.exponents[type.rawValue]), num(errors[type.rawValue]),
                              num(pairErrors[type.rawValue])]))
        }
        lines.append(closure.kind == .pair ? "mean error E: PA \(num(pairMeanError))"
            : "mean error E: \(name) \(num(meanError)), PA \(num(pairMeanError)); \(name) below PA for \(betterThanPair) of 16 types")
        lines.append("exponents gamma | xi in Table II order: pairs like-pair then C+-; singles centre species first "
            + "(chains), C+ then C- (triangles)")
        if let d = derivation {
            let adjusted = d.adjusted.map(\.label).joined(separator: ", ")
            lines.append("sparse structure from the OA exponents: \(16 - d.adjusted.count) of 16 types round to it"
                + (adjusted.isEmpty ? "" : "; adjusted: \(adjusted)"))
            for fit in sparseFits {
                lines.append("\(fit.form.rawValue) form: alpha1 = \(num(fit.model.alpha1)), alpha2 = \(num(fit.model.alpha2)), "
                    + "misfit \(num(fit.misfit))")
                lines += diagnosticsLines(fit.diagnostics)
            }
        }
        if let r = rateFit {
            lines.append("rates (\(r.model.form.rawValue) form): "
                + r.model.rates.enumerated().map { "k\($0.offset + 1) = \(num($0.element))" }.joined(separator: ", "))
            lines.append("J(K) = \(num(r.objective)) (misfit \(num(r.misfit)) + penalty \(num(r.penaltyTerm))); "
                + "starts: " + r.startObjectives.map(num).joined(separator: " "))
            lines += diagnosticsLines(r.diagnostics)
        }
        return lines.joined(separator: "\n")
    }

    var figureNames: [String] { derivation != nil || rateFit != nil ? ["errors", "fit"] : ["errors"] }

    func figure(_ name: String?) throws -> Figure {
        let x = (1...16).map(Double.init)
        switch name ?? "errors" {
        case "errors":
            var f = Figure(kind: .lines, title: "J_i by triplet type (1 = lin +++ ... 16 = tri --+)")
            f.series = [Figure.Series(label: closure.kind.abbreviation, x: x, y: errors, style: .linespoints),
                        Figure.Series(label: "PA", x: x, y: pairErrors, style: .linespoints)]
            f.logy = true
            f.xlabel = "triplet type"
            f.ylabel = "closure error J_i (dimensionless)"
            return f
        case "fit":
            let path = rateFit?.trajectory ?? sparseFits.first?.trajectory
            guard let path else { throw RuntimeError("this closure has no fitted curves (use rates=true)") }
            var f = Figure(kind: .lines, title: "pair concentrations: data and model")
            f.series = [Figure.Series(label: "C++ data", x: series.times, y: series.plusPlus, style: .points),
                        Figure.Series(label: "C+- data", x: series.times, y: series.plusMinus, style: .points),
                        Figure.Series(label: "C-- data", x: series.times, y: series.minusMinus, style: .points),
                        Figure.Series(label: "C++ model", x: path.times, y: path.plusPlus),
                        Figure.Series(label: "C+- model", x: path.times, y: path.plusMinus),
                        Figure.Series(label: "C-- model", x: path.times, y: path.minusMinus)]
            f.xlabel = "time (as the calibration data's time column)"
            f.ylabel = "pair concentration (fraction of neighbour pairs)"
            return f
        default:
            throw RuntimeError("closure figures: \(figureNames.joined(separator: ", "))")
        }
    }
}

/// E per model per composition (Eq. 30; Fig. 11-12).
final class ClosureErrorsObject: EngineObject, Plottable {
    let errors: StoichiometryErrors
    let regularization: Regularization

    init(errors: StoichiometryErrors, regularization: Regularization) {
        self.errors = errors
        self.regularization = regularization
    }

    var typeName: String { "closure_errors" }
    var fieldNames: [String] { ["x", "models", "errors", "average", "improvement", "convention"] }

    private var saOverPA: Double {
        guard let sa = errors.models.firstIndex(of: "SA"), let pa = errors.models.firstIndex(of: "PA") else { return .nan }
        return errors.improvement(of: sa, over: pa)
    }

    func field(_ name: String) -> Value? {
        switch name {
        case "x": return doubles(errors.compositions)
        case "models": return .list(ListValue(errors.models.map { .string($0) }))
        case "errors": return .record(errors.models.indices.map { m in (errors.models[m], doubles(errors.meanErrors.map { $0[m] })) })
        case "average": return .record(errors.models.indices.map { (errors.models[$0], .double(errors.average($0))) })
        case "improvement": return .double(saOverPA)
        case "convention": return .string(errors.convention.rawValue)
        default: return nil
        }
    }

    var summary: String {
        "closure_errors: \(errors.compositions.count) compositions, SA vs PA \(percent(saOverPA)) lower mean error [\(errors.convention.rawValue) triplets]"
    }

    var table: String {
        var lines = ["mean error E (Eq. 30), OA \(regularization.name), triplets \(errors.convention.rawValue)"]
        lines.append(row(["x"] + errors.models, widths: [10, 12, 12, 12, 12]))
        for (i, x) in errors.compositions.enumerated() { lines.append(row([num(x)] + errors.meanErrors[i].map(num), widths: [10, 12, 12, 12, 12])) }
        lines.append(row(["average"] + errors.models.indices.map { num(errors.average($0)) }, widths: [10, 12, 12, 12, 12]))
        lines.append("SA improves on PA by \(percent(saOverPA)) (paper: 36.13 %)")
        return lines.joined(separator: "\n")
    }

    /// One row per composition: x, then each model's mean error.
    var dataTable: DataTable? {
        DataTable(columns: [DataTable.Column("x", doubles(errors.compositions))]
                    + errors.models.indices.map { m in DataTable.Column(errors.models[m], doubles(errors.meanErrors.map { $0[m] })) },
                  attributes: [("convention", .string(errors.convention.rawValue)), ("regularization", .string(regularization.name))])
    }

        var figureNames: [String] { ["errors"] }

    func figure(_ name: String?) throws -> Figure {
        var f = Figure(kind: .lines, title: "mean closure error E across stoichiometries")
        f.series = errors.models.indices.map { m in
            Figure.Series(label: errors.models[m], x: errors.compositions, y: errors.meanErrors.map { $0[m] }, style: .linespoints)
        }
        f.logy = true
        f.xlabel = "Li fraction x"
        f.ylabel = "mean closure error E (dimensionless)"
        return f
    }
}

/// Pair rate equations derived by the window method.
final class RateEquationsObject: EngineObject {
    let equations: DerivedRateEquations
    init(_ equations: DerivedRateEquations) { self.equations = equations }

    var typeName: String { "rate_equations" }
    var fieldNames: [String] { ["lattice", "coordination", "shapes", "windows_per_site", "equations", "coefficients"] }

    func field(_ name: String) -> Value? {
        switch name {
        case "lattice": return .string(equations.lattice)
        case "coordination": return .int(equations.coordination)
        case "shapes": return .list(ListValue(equations.openShapes.map { .string($0.name) }))
        case "windows_per_site": return doubles(equations.windowsPerSite)
        case "equations": return .list(ListValue(PairKind.allCases.map { .string(equations.text($0)) }))
        case "coefficients":
            return .record(PairKind.allCases.map { kind in
                (kind.name, doubles(equations.reactions.map { equations.coefficient(kind, rate: $0.index).doubleValue }))
            })
        default: return nil
        }
    }

    var summary: String { [PairKind.plusPlus, .minusMinus, .plusMinus].map { equations.text($0) }.joined(separator: "\n") }

    /// One row per exchange reaction: its index, window shape and pattern, and its coefficient in each pair equation.
    var dataTable: DataTable? {
        let reactions = equations.reactions
        return DataTable(
            columns: [DataTable.Column("reaction", .ints(reactions.map(\.index))),
                      DataTable.Column("shape", .strings(reactions.map(\.shape.name))),
                      DataTable.Column("pattern", .strings(reactions.map(\.pattern)))]
                + PairKind.allCases.map { kind in
                    DataTable.Column(kind.name, doubles(reactions.map { equations.coefficient(kind, rate: $0.index).doubleValue }))
                },
            attributes: [("lattice", .string(equations.lattice)), ("coordination", .int(equations.coordination))])
    }

    private var closedText: String {
        guard let lattice = try? WindowLattice.named(equations.lattice), lattice.windowShapes.contains(where: \.closed) else {
            return "no closed windows"
        }
        return "closed windows (triangles) " + (equations.closedWindowsCancel ? "cancel" : "do not cancel")
    }

    var table: String {
        let shapes = zip(equations.openShapes, equations.windowsPerSite).map { "\($0.name) (\($0.angle)°, \(num($1)) per site)" }
        return (["\(equations.lattice) lattice, z = \(equations.coordination); open windows: \(shapes.joined(separator: ", "))",
                 closedText]
            + [PairKind.plusPlus, .minusMinus, .plusMinus].map { equations.text($0) }).joined(separator: "\n")
    }
}

// MARK: - Formatting

private func doubles(_ xs: [Double]) -> Value { .list(ListValue(xs.map { .double($0) })) }

/// Four significant digits, "0" for exact zeros, exponent form below 1e-3.
private func num(_ x: Double) -> String {
    if x == 0 { return "0" }
    guard x.isFinite, abs(x) < 1e-3 else { return Value.format(x, digits: 4) }
    var e = Int(log10(abs(x)).rounded(.down))
    var m = ((x / pow(10, Double(e))) * 1000).rounded() / 1000
    if abs(m) >= 10 { m /= 10; e += 1 }
    return "\(Value.format(m, digits: 4))e\(e)"
}

/// Exponents to two decimals, near-zero shown as 0.
private func exp2(_ x: Double) -> String {
    let r = (x * 100).rounded() / 100
    return r == 0 ? "0" : Value.format(r, digits: 3)
}

private func exponentText(_ e: TripletExponents) -> String {
    e.gamma.map(exp2).joined(separator: " ") + " | " + e.xi.map(exp2).joined(separator: " ")
}

private func percent(_ x: Double) -> String { x.isFinite ? Value.format((x * 1000).rounded() / 10, digits: 4) + " %" : "n/a" }

private func row(_ cells: [String], widths: [Int] = [10, 20, 24, 12, 12]) -> String {
    var s = ""
    for (i, c) in cells.enumerated() {
        let w = i < widths.count ? widths[i] : 12
        s += c.count >= w ? c + " " : c + String(repeating: " ", count: w - c.count)
    }
    while s.hasSuffix(" ") { s.removeLast() }
    return s
}

private func diagnosticsValue(_ d: ModelDiagnostics) -> Value {
    .record([
        ("conservation_error", .double(d.conservationError)), ("normalisation_error", .double(d.normalisationError)),
        ("physical_fixed_point", .bool(d.hasPhysicalFixedPoint)), ("long_time_physical", .bool(d.longTimePhysical)),
        ("fixed_points", .list(ListValue(d.fixedPoints.map { p in
            .record([("C++", .double(p.state.plusPlus)), ("C+-", .double(p.state.plusMinus)),
                     ("C--", .double(p.state.minusMinus)), ("physical", .bool(p.physical)),
                     ("stationary", .bool(p.stationary)), ("stable", .bool(p.stable))])
        }))),
        ("notes", .list(ListValue(d.notes.map { .string($0) }))),
    ])
}

private func diagnosticsLines(_ d: ModelDiagnostics) -> [String] {
    var lines = ["  conservation error \(num(d.conservationError)), normalisation error \(num(d.normalisationError))"]
    if d.fixedPoints.isEmpty {
        lines.append("  fixed points: none with the fixed composition")
    }
    for p in d.fixedPoints {
        lines.append("  fixed point C++ \(num(p.state.plusPlus)), C+- \(num(p.state.plusMinus)), C-- \(num(p.state.minusMinus)): "
            + (p.physical ? "physical" : "unphysical") + (p.stationary ? "" : ", not stationary in this form")
            + (p.stable ? ", stable" : ", unstable"))
    }
    lines.append("  long-time state " + (d.longTimePhysical ? "physical" : "unphysical"))
    lines += d.notes.map { "  note: \($0)" }
    return lines
}

private func trajectoryValue(_ p: PairTrajectory) -> Value {
    .record([("time", doubles(p.times)), ("++", doubles(p.plusPlus)), ("+-", doubles(p.plusMinus)),
             ("--", doubles(p.minusMinus))])
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
