// The fit commands as the language calls them: argument binding, fields, errors, export.
import Foundation
import Testing
import Language
@testable import Shell

@Suite struct FitCommandsTests {
    func field(_ v: Value, _ name: String) -> Value? {
        guard case .object(let o) = v else { return nil }
        return o.field(name)
    }

    @Test func fitStandInWithCrossValidation() throws {
        let data = try call(FitCommands.standin, [.int(60)], [("seed", .int(3))])
        let cv = try call(FitCommands.kfold, [.int(5)])
        let fit = try call(FitCommands.fit, [data], [("method", .string("sgl")), ("alpha", .double(0.01)),
                                                     ("mix", .double(0.5)), ("cv", cv), ("seed", .int(1))])
        guard case .object(let o)? = Optional(fit), let f = o as? FitObject else { Issue.record("not a fit"); return }
        #expect(f.fit.crossValidation?.splitRMSE.count == 5)
        #expect(f.fit.convergence.converged)
        if case .double(let rmse)? = field(fit, "rmse") { #expect(rmse < 1) } else { Issue.record("no rmse") }
        #expect(f.summary.hasPrefix("fit: sgl alpha=0.01 mix=0.5"))
        guard case .map(let export)? = f.exportValue() else { Issue.record("no export"); return }
        if case .string(let tag)? = export["format"] { #expect(tag == "ce-eci-1") } else { Issue.record("no format") }
        let predicted = try call(FitCommands.predict, [fit, data])
        guard case .list(let list) = predicted else { Issue.record("predict"); return }
        #expect(list.items.count == 60)
    }

    @Test func fitFromListsAndClearErrors() throws {
        let rows: Value = .list([.doubles([1, 0]), .doubles([0, 1]), .doubles([1, 1]), .doubles([2, 1])])
        let fit = try call(FitCommands.fit, [], [("features", rows), ("energies", .doubles([1, 2, 3, 4])),
                                                 ("intercept", .string("none"))])
        if case .int(let r)? = field(fit, "rank") { #expect(r == 2) } else { Issue.record("no rank") }
        #expect(throws: RuntimeError.self) {
            try call(FitCommands.fit, [], [("features", rows), ("energies", .doubles([1, 2]))])
        }
        #expect(throws: RuntimeError.self) {
            try call(FitCommands.fit, [], [("features", rows), ("energies", .doubles([1, 2, 3, 4])), ("method", .string("lasso"))])
        }
        #expect(throws: RuntimeError.self) {
            try call(FitCommands.fit, [], [("features", .list([.doubles([1]), .doubles([1, 2])])), ("energies", .doubles([1, 2]))])
        }
        #expect(throws: RuntimeError.self) {
            try call(FitCommands.fit, [], [("features", rows), ("energies", .doubles([1, 2, 3, 4])), ("cv", .string("ten"))])
        }
    }

    /// The grid's best alpha is the one whose own cross-validated fit scores lower (it asserted only
    /// that the best was one of the two alphas it was given, which cannot fail).
    @Test func gridSearchObject() throws {
        let data = try call(FitCommands.standin, [.int(50)])
        let alphas = [0.1, 0.01]
        let scores = try alphas.map { alpha -> Double in
            let f = try call(FitCommands.fit, [data], [("method", .string("lasso")), ("alpha", .double(alpha)), ("cv", .int(5))])
            guard case .double(let rmse)? = field(f, "cv_rmse") else { throw RuntimeError("no cv_rmse") }
            return rmse
        }
        #expect(scores[0] != scores[1])
        let grid = try call(FitCommands.fitGrid, [data], [("method", .string("lasso")),
                                                          ("alphas", .doubles(alphas)), ("cv", .int(5))])
        guard case .map(let best)? = field(grid, "best"), case .double(let a)? = best["alpha"],
              case .double(let rmse)? = best["cv_rmse"] else {
            Issue.record("no best"); return
        }
        #expect(a == (scores[0] < scores[1] ? alphas[0] : alphas[1]))
        #expect(abs(rmse - scores.min()!) <= 1e-6 * rmse, "the grid scores its best alpha as a single fit does")
    }

    /// smol's published LiNiO2 fit: OLS on 27 mapped structures, sinusoid {2: 5, 3: 4.1} Å,
    /// train RMSE 11.03 meV/prim, 7.37 with the Ewald column.
    @Test func lnoLeastSquaresMatchesSmol() throws {
        let dir = try sharedDataPath("lno")
        let lat = try call(LatticeCommands.lattice, [.string(dir + "/prim.json")])
        let s = try call(StructureCommands.structures, [.string(dir + "/structures.extxyz"), lat])
        let cutoffs = MapValue([(.int(2), .int(5)), (.int(3), .double(4.1))])
        let cs = try call(LatticeCommands.clusters, [lat], [("cutoffs", .map(cutoffs))])
        for (ewald, published) in [(false, 11.03), (true, 7.37)] {
            let f = try call(LatticeCommands.features, [s, cs], [("basis", .string("sinusoid")), ("ewald", .bool(ewald)),
                                                                 ("multiplicity", .bool(false))])
            let fit = try call(FitCommands.fit, [f], [("method", .string("ols"))])
            guard case .double(let rmse)? = field(fit, "rmse") else { Issue.record("no rmse"); return }
            #expect(abs(rmse * 1000 - published) < 0.005, "lno OLS train RMSE \(rmse * 1000) meV/prim, smol \(published)")
        }
    }
}
