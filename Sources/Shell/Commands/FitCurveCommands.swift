// The `learning_curve` and `capacity_curve` commands: RMSE against training
// size and against the number of orbits, binding the Regression engine's
// Estimator.learningCurve and Estimator.capacityCurve to the language.
import Language
import Numerics
import Regression

/// Builtins of the "fit" category that draw model-selection curves.
///
///     lc = learning_curve(data, method="sgl", alpha=0.056, sizes=[50, 100, 200], cv=splits(10), seed=1)
///     plot(lc, out="learning.png")
enum FitCurveCommands {
    static var all: [Builtin] { [learningCurve, capacityCurve] }

    struct LearningParameters: Parameters {
        var input = FitCommands.FitData()
        var model = FitCommands.FitModel()
        var options = FitCommands.FitOptions()
        var sizes = Param<[Int]?>("sizes", default: nil, "training sizes; default 5 sizes up to all non-test structures")
        var cv = Param<Value?>("cv", default: nil, "splits(repeats, test=fraction); default splits(10, test=0.2)")
        var seed = Param("seed", default: 0, "seed of the shuffles")
    }

    static let learningCurve = Builtin(
        "learning_curve", LearningParameters.self,
        summary: "Train and test RMSE against the number of training structures: does more data help?",
        doc: """
        For each size, each of the cv= splits holds out its test fraction and trains on the
        first `size` of the rest; the table gives mean train RMSE and mean test RMSE ± its
        standard error in the fit's unit. plot(lc) draws both against size.
        Example:
            data = standin(250, seed=1)
            lc = learning_curve(data, method="sgl", alpha=0.056, sizes=[50, 100, 200], cv=splits(10), seed=1)
        """,
        category: "fit"
    ) { args in
        let problem = try FitInputs.problem(args.input, args.options)
        let estimator = try FitInputs.estimator(args.model)
        var repeats = 10, testFraction = 0.2
        if let cv = try args.cv {
            guard case .randomSplits(let count, let fraction) = try FitInputs.scheme(cv, rows: problem.rows, context: args.context,
                                                                                    callee: "learning_curve") else {
                throw RuntimeError("learning_curve: cv must be splits(repeats, test=fraction)")
            }
            repeats = count; testFraction = fraction
        }
        let sizes = try args.sizes ?? defaultSizes(rows: problem.rows, testFraction: testFraction)
        try args.context.checkInterrupt()
        let points = try estimator.learningCurve(problem, sizes: sizes, repeats: repeats, testFraction: testFraction,
                                                 seed: UInt64(truncatingIfNeeded: try args.seed))
        return .object(LearningCurveObject(points: points, unit: problem.unit))
    }

    struct CapacityParameters: Parameters {
        var input = FitCommands.FitData()
        var model = FitCommands.FitModel()
        var options = FitCommands.FitOptions()
        var keep = Param<[Int]?>("keep", default: nil, "group ids always in the model (e.g. the Ewald group)")
        var steps = Param<[Int]?>("steps", default: nil, "orbit counts to score; default 1, 2, ... all")
        var cv = Param<Value?>("cv", default: nil, "kfold(k), splits(...), loo(), an int k or given folds; default kfold(5)")
        var seed = Param("seed", default: 0, "seed of the cross-validation splits")
    }

    static let capacityCurve = Builtin(
        "capacity_curve", CapacityParameters.self,
        summary: "Train and CV RMSE against the number of orbits in the model (kept groups stay in).",
        doc: """
        Fits models with the first k groups (in group order) plus the keep= groups, and
        scores each by cv=; the table gives train and CV RMSE in the fit's unit.
        Example:
            data = standin(150, seed=1)
            cc = capacity_curve(data, method="ols", steps=[2, 4, 8, 12], cv=kfold(5), seed=1)
        """,
        category: "fit"
    ) { args in
        let problem = try FitInputs.problem(args.input, args.options)
        let estimator = try FitInputs.estimator(args.model)
        let scheme = try args.cv.map { try FitInputs.scheme($0, rows: problem.rows, context: args.context, callee: "capacity_curve") }
            ?? CrossValidationScheme.kFold(5)
        try args.context.checkInterrupt()
        let points = try estimator.capacityCurve(problem, alwaysIncluded: try args.keep ?? [], steps: try args.steps, scheme: scheme,
                                                 seed: UInt64(truncatingIfNeeded: try args.seed))
        return .object(CapacityCurveObject(points: points, unit: problem.unit))
    }

    /// Five sizes evenly spread from a fifth of the trainable structures up to all of them.
    static func defaultSizes(rows: Int, testFraction: Double) -> [Int] {
        let most = rows - Int((testFraction * Double(rows)).rounded())
        let least = max(2, most / 5)
        guard most > least else { return [max(2, most)] }
        return (0..<5).map { least + ($0 * (most - least)) / 4 }
    }
}

/// Left-aligned columns of equal width, for the curve tables.
private func columns(_ cells: [String], width: Int = 12) -> String {
    var line = cells.map { $0 + String(repeating: " ", count: max(0, width - $0.count)) }.joined(separator: " ")
    while line.last == " " { line.removeLast() }
    return line
}

/// A learning curve as the language sees it.
final class LearningCurveObject: EngineObject {
    let points: [LearningCurvePoint]
    let unit: String
    init(points: [LearningCurvePoint], unit: String) { self.points = points; self.unit = unit }

    var typeName: String { "learning_curve" }
    var fieldNames: [String] { ["sizes", "train_rmse", "test_rmse", "test_se", "unit"] }
    func field(_ name: String) -> Value? {
        switch name {
        case "sizes": return .ints(points.map(\.trainingSize))
        case "train_rmse": return .doubles(points.map(\.trainRMSE))
        case "test_rmse": return .doubles(points.map(\.testRMSE))
        case "test_se": return .doubles(points.map(\.testStandardError))
        case "unit": return .string(unit)
        default: return nil
        }
    }

    var summary: String {
        guard let first = points.first, let last = points.last else { return "learning_curve: no points" }
        return "learning_curve: \(points.count) sizes \(first.trainingSize)...\(last.trainingSize), test RMSE "
            + "\(Value.format(first.testRMSE, digits: 4)) -> \(Value.format(last.testRMSE, digits: 4)) \(unit)"
    }

    var table: String {
        var lines = [summary, columns(["size", "train_rmse", "test_rmse", "test_se"]) + "  (\(unit))"]
        for p in points {
            lines.append(columns([String(p.trainingSize), Value.format(p.trainRMSE, digits: 5),
                                  Value.format(p.testRMSE, digits: 5), Value.format(p.testStandardError, digits: 3)]))
        }
        return lines.joined(separator: "\n")
    }

    func exportValue() -> Value? {
        .record(fieldNames.compactMap { name in field(name).map { (name, $0) } })
    }

    var dataTable: DataTable? {
        DataTable(fields: [("sizes", nil), ("train_rmse", unit), ("test_rmse", unit), ("test_se", unit)], of: self)
    }
}

/// A capacity curve as the language sees it.
final class CapacityCurveObject: EngineObject {
    let points: [CapacityCurvePoint]
    let unit: String
    init(points: [CapacityCurvePoint], unit: String) { self.points = points; self.unit = unit }

    var typeName: String { "capacity_curve" }
    var fieldNames: [String] { ["orbits", "columns", "train_rmse", "cv_rmse", "cv_se", "unit"] }
    func field(_ name: String) -> Value? {
        switch name {
        case "orbits": return .ints(points.map(\.orbits))
        case "columns": return .ints(points.map(\.columns))
        case "train_rmse": return .doubles(points.map(\.trainRMSE))
        case "cv_rmse": return .doubles(points.map(\.score.rmse))
        case "cv_se": return .doubles(points.map(\.score.standardError))
        case "unit": return .string(unit)
        default: return nil
        }
    }

    var summary: String {
        guard let best = points.min(by: { $0.score.rmse < $1.score.rmse }) else { return "capacity_curve: no points" }
        return "capacity_curve: \(points.count) models; lowest cv RMSE \(Value.format(best.score.rmse, digits: 4)) \(unit) "
            + "at \(best.orbits) orbits (\(best.columns) columns)"
    }

    var table: String {
        var lines = [summary, columns(["orbits", "columns", "train_rmse", "cv_rmse", "cv_se"]) + "  (\(unit))"]
        for p in points {
            lines.append(columns([String(p.orbits), String(p.columns), Value.format(p.trainRMSE, digits: 5),
                                  Value.format(p.score.rmse, digits: 5), Value.format(p.score.standardError, digits: 3)]))
        }
        return lines.joined(separator: "\n")
    }

    func exportValue() -> Value? {
        .record(fieldNames.compactMap { name in field(name).map { (name, $0) } })
    }

    var dataTable: DataTable? {
        DataTable(fields: [("orbits", nil), ("columns", nil), ("train_rmse", unit), ("cv_rmse", unit), ("cv_se", unit)], of: self)
    }
}
