// The fit's pictures: the ECI figure of a fit (against cluster diameter, by
// order), and the learning and capacity curve commands, their tables and
// figure data against the engine's own results.
import Foundation
import Testing
import Language
import Lattice
import Numerics
import Regression
@testable import Shell

@Suite struct FitPicturesTests {
    /// The stand-in dataset every test uses, and its problem as the engine sees it.
    func standin() throws -> (value: Value, problem: RegressionProblem) {
        let value = try call(FitCommands.standin, [.int(80)], [("seed", .int(4))])
        let data = try #require(object(value, as: FitDataObject.self))
        let problem = try RegressionProblem(features: data.features, energies: data.energies,
                                            groups: try FeatureGroups(ids: data.groups))
        return (value, problem)
    }

    /// Features of 40 random fcc configurations (a = 4 Å, cutoffs {2: 5.0, 3: 4.1}) whose energies
    /// per prim are exactly X·J for `trueECI`, as the language sees them, and the cluster space.
    func fccFeatures() throws -> (value: Value, features: FeaturesObject, space: ClusterSpace) {
        let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]])
        let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 5.0, 3: 4.1])
        let supercell = try Supercell(lattice: fcc, size: 3)
        var rng = RandomStream(seed: 11)
        let confs = try (0..<40).map { k -> Configuration in
            let c = 0.1 + 0.8 * Double(k) / 39
            return try Configuration.random(supercell: supercell, composition: [[c, 1 - c]], rng: &rng)
        }
        let bare = try FeatureMatrix(configurations: confs, totalEnergies: confs.map { _ in nil }, space: space, basis: .sinusoid)
        let totals = (0..<bare.rows).map { r in
            zip(bare.row(r), Self.trueECI).reduce(0) { $0 + $1.0 * $1.1 } * Double(supercell.cellCount)
        }
        let fm = try FeatureMatrix(configurations: confs, totalEnergies: totals, space: space, basis: .sinusoid)
        let features = FeaturesObject(fm, ids: confs.indices.map { "c\($0)" }, basis: .sinusoid, clusters: ClusterSpaceObject(space))
        return (.object(features), features, space)
    }

    static let trueECI = [0.1, -0.2, 0.05, 0.03, -0.01, 0.02, -0.015]

    /// The (diameter, ECI) points of each order that a fit's picture must show, from the cluster space's
    /// orbits (column j of group g > 0 belongs to orbit g - 1): nonzero ECIs of pairs and larger clusters.
    func expectedPoints(_ fit: Fit, space: ClusterSpace) -> [Int: (x: [Double], y: [Double])] {
        var points: [Int: (x: [Double], y: [Double])] = [:]
        for (j, value) in fit.eci.enumerated() where value != 0 && fit.groupIDs[j] > 0 {
            let orbit = space.orbits[fit.groupIDs[j] - 1]
            guard orbit.order >= 2 else { continue }
            points[orbit.order, default: ([], [])].x.append(orbit.diameter)
            points[orbit.order, default: ([], [])].y.append(value)
        }
        return points
    }

    @Test func eciFigurePlotsNonzeroECIsAgainstDiameterByOrder() throws {
        let (data, _, space) = try fccFeatures()
        let a = 4.0
        for keywords: [(String, Value)] in [[("intercept", .string("none"))],
                                            [("method", .string("lasso")), ("alpha", .double(0.003))]] {
            let fit = try #require(object(try call(FitCommands.fit, [data], keywords), as: FitObject.self))
            let figure = try fit.figure("eci")
            let want = expectedPoints(fit.fit, space: space)
            #expect(figure.kind == .scatter)
            #expect(figure.xlabel == "cluster diameter (Å)")
            #expect(figure.ylabel == "ECI (eV/prim)")
            #expect(figure.series.map(\.label) == want.keys.sorted().map { ColumnCluster.orderName($0) })
            for (series, order) in zip(figure.series, want.keys.sorted()) {
                #expect(series.x == want[order]?.x)
                #expect(series.y == want[order]?.y)
            }
            // The lasso zeroes some cluster ECIs, which the picture must leave out.
            if fit.fit.method == .lasso { #expect(fit.fit.eci.dropFirst().contains(0)) }
            // The table lists each group's order and diameter.
            #expect(fit.table.contains("group  order  diameter (Å)  size  nonzero  ECIs (eV/prim)"))
        }
        // Least squares recovers the exact ECIs: every pair and triplet drawn, at fcc's closed-form diameters.
        let ols = try #require(object(try call(FitCommands.fit, [data], [("intercept", .string("none"))]), as: FitObject.self))
        #expect(zip(ols.fit.eci, Self.trueECI).allSatisfy { abs($0 - $1) < 1e-9 })
        let figure = try ols.figure(nil)
        #expect(figure.series.map(\.label) == ["pairs", "triplets"])
        #expect(zip(figure.series[0].x, [a / 2.0.squareRoot(), a, a * 1.5.squareRoot()]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(zip(figure.series[1].x, [a / 2.0.squareRoot(), a]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(figure.series.map(\.y) == [Array(ols.fit.eci[2...4]), Array(ols.fit.eci[5...6])])
        #expect(figure.title.hasSuffix("(7 nonzero; not shown: empty cluster, points)"))
        // A fit whose ECIs are all zero has nothing to draw against diameter: a clear error, not an empty picture.
        let empty = try #require(object(try call(FitCommands.fit, [data], [("method", .string("lasso")), ("alpha", .double(100))]),
                                        as: FitObject.self))
        #expect(empty.fit.nonzero == 0)
        #expect(throws: RuntimeError.self) { _ = try empty.figure(nil) }
        guard case .list(let orders)? = ols.field("orders"), case .list(let diameters)? = ols.field("diameters") else {
            Issue.record("a fit of features has orders and diameters")
            return
        }
        #expect(orders.items.map { $0.formatted(quoteStrings: false) } == ["0", "1", "2", "2", "2", "3", "3"])
        #expect(diameters.items.count == 7)
    }

    @Test func savedECIsNameTheirClusters() throws {
        let (_, features, _) = try fccFeatures()
        let fit = try #require(object(try call(FitCommands.fit, [.object(features)], [("intercept", .string("none"))]),
                                      as: FitObject.self))
        guard case .map(let saved)? = fit.exportValue() else {
            Issue.record("a fit exports a map")
            return
        }
        for key in ["columns", "orders", "diameters"] {
            let expected = try #require(features.field(key)).formatted(quoteStrings: true)
            #expect(saved[key]?.formatted(quoteStrings: true) == expected, "\(key)")
        }
    }

    @Test func bareMatricesTakeOrdersAndDiametersAsLists() throws {
        let (_, features, _) = try fccFeatures()
        let x = try #require(features.field("X")), y = try #require(features.field("y"))
        let orders = try #require(features.field("orders")), diameters = try #require(features.field("diameters"))
        let base: [(String, Value)] = [("features", x), ("energies", y), ("intercept", .string("none"))]
        let fromLists = try #require(object(try call(FitCommands.fit, [], base + [("orders", orders), ("diameters", diameters)]),
                                            as: FitObject.self))
        let fromFeatures = try #require(object(try call(FitCommands.fit, [.object(features)], [("intercept", .string("none"))]),
                                               as: FitObject.self))
        #expect(fromLists.clusters == fromFeatures.clusters)
        #expect(try fromLists.figure(nil).series.map(\.x) == (try fromFeatures.figure(nil).series.map(\.x)))
        // A column given no cluster (nil, nil) is left out of the picture, and the title says so.
        let noTriplet = Value.list(ListValue([.int(0), .int(1), .int(2), .int(2), .int(2), .int(3), .null]))
        let noDiameter = Value.list(ListValue([0, 0, 2.8, 4, 4.9, 2.8].map { Value.double($0) } + [.null]))
        let partial = try #require(object(try call(FitCommands.fit, [], base + [("orders", noTriplet), ("diameters", noDiameter)]),
                                          as: FitObject.self))
        #expect(try partial.figure(nil).title.hasSuffix("not shown: empty cluster, points, columns without a cluster)"))
        #expect(try partial.figure(nil).series.map(\.x.count) == [3, 1])
        // Without them the picture falls back to the column index and says why.
        let bare = try #require(object(try call(FitCommands.fit, [], base), as: FitObject.self))
        #expect(bare.clusters == nil)
        #expect(try bare.figure(nil).xlabel.hasPrefix("feature column (no cluster diameters"))
        #expect(bare.field("diameters")?.typeName == Value.null.typeName)
        // Bad lists are errors that name the argument.
        let seven = Value.ints([0, 1, 2, 2, 2, 3, 3])
        for bad: [(String, Value)] in [
            [("orders", seven)],
            [("orders", .ints([0, 1])), ("diameters", .doubles([0, 0]))],
            [("orders", seven), ("diameters", .list(ListValue([.null] + Array(repeating: .double(1), count: 6))))],
            [("orders", seven), ("diameters", .doubles([0, 0, -1, 4, 4.9, 2.8, 4]))],
            [("orders", .doubles([0, 1, 2.5, 2, 2, 3, 3])), ("diameters", diameters)],
        ] {
            #expect(throws: RuntimeError.self) { _ = try call(FitCommands.fit, [], base + bad) }
        }
    }

    @Test
    func plotOfAFitWritesAPngOfTheSizeAsked() throws {
        let (data, _, _) = try fccFeatures()
        let fit = try call(FitCommands.fit, [data], [("intercept", .string("none"))])
        let folder = NSTemporaryDirectory() + "ce-fitpng-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let context = CallContext(print: { _ in }, baseDirectory: folder)
        _ = try PlotCommands.plot.call([fit], [("out", .string("eci.png")), ("size", .ints([5, 3])), ("data", .bool(true))], context: context)
        let size = try pngSize(folder + "/eci.png")
        #expect(size?.0 == 500)
        #expect(size?.1 == 300)
        let script = try String(contentsOfFile: folder + "/eci.gp", encoding: .utf8)
        #expect(script.contains("set xlabel 'cluster diameter (Å)' noenhanced"))
        #expect(script.contains("title 'pairs' noenhanced"))
    }

    @Test func fitFigureHoldsTheECIsByColumn() throws {
        let (data, _) = try standin()
        let fit = try #require(object(try call(FitCommands.fit, [data], [("method", .string("lasso")), ("alpha", .double(0.02))]),
                                      as: FitObject.self))
        #expect(fit.figureNames == ["eci"])
        let figure = try fit.figure(nil)
        #expect(figure.series.count == 1)
        #expect(figure.series[0].y == fit.fit.eci)
        #expect(figure.series[0].x == fit.fit.eci.indices.map(Double.init))
        #expect(figure.ylabel == "ECI (eV/prim)")
        #expect(throws: RuntimeError.self) { _ = try fit.figure("learning") }
    }

    @Test func learningCurveFigureMatchesTheEngine() throws {
        let (data, problem) = try standin()
        let value = try call(FitCurveCommands.learningCurve, [data],
                             [("method", .string("ridge")), ("alpha", .double(0.01)), ("sizes", .ints([20, 40, 64])),
                              ("cv", try call(FitCommands.splits, [.int(4)], [("test", .double(0.2))])), ("seed", .int(7))])
        let curve = try #require(object(value, as: LearningCurveObject.self))
        let engine = try Estimator(method: .ridge, alpha: 0.01).learningCurve(problem, sizes: [20, 40, 64], repeats: 4,
                                                                             testFraction: 0.2, seed: 7, threads: 1)
        let figure = try curve.figure(nil)
        #expect(figure.series.map(\.label) == ["train", "test"])
        #expect(figure.series[0].x == [20, 40, 64])
        #expect(figure.series[0].y == engine.map(\.trainRMSE))
        #expect(figure.series[1].y == engine.map(\.testRMSE))
        #expect(figure.series[1].errors == engine.map(\.testStandardError))
        #expect(curve.table.split(separator: "\n").count == 2 + 3)
        #expect(curve.table.contains("(eV/prim)"))
        // More data must not make the held-out error of this well-posed ridge fit much worse.
        #expect(engine[2].testRMSE < engine[0].testRMSE * 1.5)
        #expect(FitCurveCommands.defaultSizes(rows: 100, testFraction: 0.2) == [16, 32, 48, 64, 80])
        #expect(throws: RuntimeError.self) {
            _ = try call(FitCurveCommands.learningCurve, [data], [("sizes", .ints([70]))])
        }
        #expect(throws: RuntimeError.self) {
            _ = try call(FitCurveCommands.learningCurve, [data], [("cv", .int(5))])
        }
    }

    @Test func capacityCurveFigureMatchesTheEngineAndTheFullFit() throws {
        let (data, problem) = try standin()
        let value = try call(FitCurveCommands.capacityCurve, [data], [("cv", .int(4)), ("seed", .int(2))])
        let curve = try #require(object(value, as: CapacityCurveObject.self))
        let engine = try Estimator(method: .leastSquares).capacityCurve(problem, scheme: .kFold(4), seed: 2, threads: 1)
        let figure = try curve.figure("rmse")
        #expect(figure.series[0].x == engine.map { Double($0.orbits) })
        #expect(figure.series[0].y == engine.map(\.trainRMSE))
        #expect(figure.series[1].y == engine.map(\.score.rmse))
        #expect(figure.series[1].errors == engine.map(\.score.standardError))
        // With every orbit in, the model is the plain least-squares fit of all columns.
        let full = try #require(object(try call(FitCommands.fit, [data]), as: FitObject.self))
        let last = try #require(engine.last)
        #expect(last.columns == problem.features.columns)
        #expect(abs(last.trainRMSE - full.fit.trainRMSE) < 1e-9)
        #expect(throws: RuntimeError.self) {
            _ = try call(FitCurveCommands.capacityCurve, [data], [("keep", .ints([999]))])
        }
    }
}
