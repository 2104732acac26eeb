// The structure commands through the language: candidates ranked by posterior
// variance against the variance of every candidate's predictions over the
// chain (brute force), and the errors for requests too large or impossible.
import Foundation
import Language
import Regression
import Testing
@testable import Shell
@testable import Structures

@Suite struct DerivedStructureCommandsTests {
    /// Runs ce source in a fresh session; returns the session (for its variables) and the printed lines.
    func run(_ source: String) throws -> (Session, [String]) {
        let session = try Session(loadPrelude: false)
        var lines: [String] = []
        session.output.lineTarget = { lines.append($0) }
        if case .failed(let diagnostic) = session.execute(source, file: "<structures>", echo: false) {
            Issue.record("ce failed: \(diagnostic.rendered)")
        }
        return (session, lines)
    }

    /// The diagnostic of source that must fail.
    func failure(_ source: String) throws -> String {
        let session = try Session(loadPrelude: false)
        session.output.lineTarget = { _ in }
        guard case .failed(let diagnostic) = session.execute(source, file: "<structures>", echo: false) else {
            Issue.record("expected an error from: \(source)")
            return ""
        }
        return diagnostic.rendered
    }

    @Test func writeStructuresAndSaveWriteTheSameFrames() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ce-write-structures-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (session, _) = try run("""
            fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
            en = enumerate(fcc, sizes=[1, 2, 3])
            written = write_structures(en, "\(directory)/w.extxyz")
            save(en, "\(directory)/s.extxyz")
            posc = write_structures(en, "\(directory)/p", format="poscar")
            """)
        let byCommand = try String(contentsOfFile: directory + "/w.extxyz", encoding: .utf8)
        #expect(byCommand == (try String(contentsOfFile: directory + "/s.extxyz", encoding: .utf8)))
        // 2 + 2 + 6 distinct fcc binaries of 1 to 3 sites, one frame and one POSCAR each.
        #expect(byCommand.split(separator: "\n").filter { $0.hasPrefix("Lattice=") }.count == 10)
        guard case .list(let paths) = session.interpreter.global("posc") ?? .null else { Issue.record("no POSCAR paths"); return }
        #expect(paths.items.count == 10)
        for case .string(let path) in paths.items {
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func topCandidateByVarianceHasTheLargestVarianceOfAll() throws {
        let (session, _) = try run("""
            fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
            cs = clusters(fcc, cutoffs={2: 4.5, 3: 3})
            train = enumerate(fcc, sizes=4)
            f = features(train, cs)
            seed(1)
            y = map(fn(r) { return -0.05 * r[2] + 0.02 * r[3] + 0.01 * randn() }, f.X)
            e = fit(features=f.X, energies=y, groups=f.groups)
            post = sample(e, n=3000, seed=1)
            cand = enumerate(fcc, sizes=7)
            n = next_structures(e, cs, candidates=cand, training=train, chain=post, count=3)
            fc = features(cand, cs)
            """)
        let next = try #require(object(session.interpreter.global("n") ?? .null, as: CandidatesObject.self))
        let fit = try fitObject(session.interpreter.global("e") ?? .null)
        let post = try chain(session.interpreter.global("post") ?? .null)
        let candidates = try #require(object(session.interpreter.global("fc") ?? .null, as: FeaturesObject.self))
        let training = try #require(object(session.interpreter.global("f") ?? .null, as: FeaturesObject.self))
        // Brute force: every candidate's predicted energy under every posterior sample, and its variance.
        let x = try Matrix(rows: candidates.matrix.rows, columns: candidates.matrix.columns, rowMajor: candidates.matrix.values)
        let trainX = try Matrix(rows: training.matrix.rows, columns: training.matrix.columns, rowMajor: training.matrix.values)
        let predictor = try FitPosteriorModel(fit, sampleAll: false, noise: 1).posterior.predictor(features: x)
        let d = post.posterior.dimension
        let samples = post.posterior.samples
        var sum = [Double](repeating: 0, count: x.rows), squares = sum
        for s in 0..<post.posterior.count {
            let e = predictor(Array(samples[(s * d)..<((s + 1) * d)]))
            for i in 0..<x.rows { sum[i] += e[i]; squares[i] += e[i] * e[i] }
        }
        let m = Double(post.posterior.count)
        let variances = (0..<x.rows).map { i in (squares[i] - sum[i] * sum[i] / m) / (m - 1) }
        let known = Set(StructureAnalysis.correlationKeys(trainX))
        let keys = StructureAnalysis.correlationKeys(x)
        let eligible = (0..<x.rows).filter { !known.contains(keys[$0]) }
        let best = try #require(eligible.max { variances[$0] < variances[$1] })
        #expect(next.entries.count == 3)
        #expect(next.entries[0].id == candidates.ids[best])
        #expect(abs(next.scores[0] - variances[best]) <= 1e-9 * variances[best])
        #expect(zip(next.scores, next.scores.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func tooLargeOrImpossibleRequestsSaySo() throws {
        let limit = try failure("""
            fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
            enumerate(fcc, sizes=10, limit=1000)
            """)
        // 2 + 2 + 6 + 19 + 28 + 80 + 104 + 390 + 504 + 1211 structures, counted before any is made.
        #expect(limit.contains("would make 2346 structures, more than the limit of 1000"))
        let composition = try failure("""
            fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
            enumerate(fcc, sizes=[2, 4], composition={"Pd": 1/3})
            """)
        #expect(composition.contains("no supercell of 2, 4 cells has the composition Pd = 0.3333"))
        let sqs = try failure("""
            fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
            sqs(clusters(fcc, cutoffs={2: 5}), {"Pd": 0.3}, supercell=2)
            """)
        #expect(sqs.contains("8 sites of sublattice A would need 5.6 Ag (nearest fractions 0.625 and 0.75)"))
        let conventional = try failure("""
            cubic = lattice("custom", vectors=[[4, 0, 0], [0, 4, 0], [0, 0, 4]], sites=[[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]], species=[["Ag", "Pd"]])
            enumerate(cubic, sizes=2)
            """)
        #expect(conventional.contains("is not primitive"))
        let species = try failure("""
            fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
            enumerate(fcc, sizes=2, composition={"Pt": [0, 1]})
            """)
        #expect(species.contains("Pt is not a species of this lattice (its species: Ag, Pd)"))
    }
}
