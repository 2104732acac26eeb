// Every ready-made picture read back from its gnuplot script: titles, axis
// labels with units and normalisation, tick formats, legend placement and
// panels; text that reaches gnuplot verbatim; sizes, resolutions and formats;
// and the bad input a picture refuses.
import Testing
@testable import Shell
import Language
import Numerics
#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized) struct PictureTests {
    /// A fresh folder that the pictures of one test are written to.
    private static func temporaryFolder() -> String {
        var template = Array("/tmp/ce-pictures-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) } ?? "/tmp"
        }
    }

    /// Runs `source` in a session whose files go to `folder`; fails the test on an error.
    private static func run(_ source: String, in folder: String) throws -> [String] {
        let session = try Session()
        session.interpreter.context.baseDirectory = folder
        var lines: [String] = []
        session.output.lineTarget = { lines.append($0) }
        session.output.figureTarget = { _ in }
        if case .failed(let d) = session.execute(source, file: "pictures.ce", echo: false) {
            Issue.record("\(d.rendered)")
        }
        return lines
    }

    /// The diagnostic `source` fails with, or nil when it runs.
    private static func failure(_ source: String, in folder: String) throws -> String? {
        let session = try Session()
        session.interpreter.context.baseDirectory = folder
        session.output.lineTarget = { _ in }
        session.output.figureTarget = { _ in }
        guard case .failed(let d) = session.execute(source, file: "bad.ce", echo: false) else { return nil }
        return d.rendered
    }

    /// Every ready-made picture of a run, a chain, the fits, the curves and a closure, drawn once.
    static let drawn: (folder: String, scripts: [String: String]) = {
        let folder = temporaryFolder()
        let names = ["run_energy", "run_pairs", "run_temperature", "run_final", "chain_trace", "chain_corner", "chain_pairs",
                     "chain_cost", "fit_eci", "fit_learning", "fit_capacity", "fit_cv", "closure_errors", "closure_fit",
                     "closure_stoichiometries", "hull", "moments", "configuration", "dos_ln_g", "dos_heat_capacity",
                     "phase_diagram", "phase_loops"]
        let examples = String(#filePath.split(separator: "/Tests/").first ?? "") + "/examples"
        _ = try? run("""
            run = anneal("triangular", size=12, composition={"Li": 1/3}, sweeps=20, kT={"from": 1, "to": 0.2, "count": 4}, seed=1)
            plot(run, out="run_energy.png", data=true)
            plot(run, figure="pairs", out="run_pairs.png", data=true)
            plot(run, figure="temperature", out="run_temperature.png", data=true)
            plot(run, figure="final", out="run_final.png", data=true)
            post = sample(fn(k) { return (k[0] - 1)^2 / 0.02 + (k[1] + k[0])^2 / 0.05 }, start=[0.5, 0.5], n=400, chains=2,
                          burn=100, seed=1, names=["k_1", "k_2"])
            plot(post, out="chain_trace.png", data=true)
            plot(post, figure="corner", out="chain_corner.png", data=true)
            plot(post, figure="pairs", out="chain_pairs.png", data=true)
            plot(post, figure="cost", out="chain_cost.png", data=true)
            data = standin(120, seed=1)
            plot(fit(data, method="lasso", alpha=0.01), out="fit_eci.png", data=true)
            plot(learning_curve(data, method="ols", sizes=[60, 90], cv=splits(3, test=0.2), seed=1), out="fit_learning.png", data=true)
            plot(capacity_curve(data, method="ols", steps=[2, 4], cv=kfold(3), seed=1), out="fit_capacity.png", data=true)
            plot(fit_grid(data, method="lasso", alphas=[1e-4, 1e-3, 1e-2], cv=kfold(3), seed=1), out="fit_cv.png", data=true)
            pa = closure("pair", x=1/3, size=6, seed=1, rates=true)
            plot(pa, out="closure_errors.png", data=true)
            plot(pa, figure="fit", out="closure_fit.png", data=true)
            plot(closure_errors(x=[0.3, 0.5], size=12, steps=4, sweeps=2, starts=2), out="closure_stoichiometries.png", data=true)
            fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
            en = enumerate(fcc, sizes=4)
            X = features(en, clusters(fcc, cutoffs={2: 4.5})).X
            plot(hull(en, energies=map(fn(r) { return -0.1 * r[2] + 0.02 * r[3] }, X)), out="hull.png", data=true)
            c = charges("\(examples)/dft_moments.extxyz", element="Mn", states=[4, 3, 2], charges={"Li": 1, "O": -2, "F": -1},
                        method="fixed", cutoffs=[3.0, 4.25])
            plot(c, out="moments.png", data=true)
            tri = lattice("triangular", a=1.0, size=6, species=["Mn4+", "Li+"])
            plot(configuration(tri, supercell=6, composition=[[0.5, 0.5]], seed=1), out="configuration.png", data=true)
            dos = density_of_states("square", size=4, energy="ising", moves="flip", bin=4, method="exact")
            plot(dos, out="dos_ln_g.png", data=true)
            plot(dos, figure="heat_capacity", out="dos_heat_capacity.png", data=true)
            aucu = lattice("fcc", a=4.0, species=["Au", "Cu"])
            m = model(clusters(aucu, cutoffs={2: 3.0}), eci=[0, 0, -0.02], multiplicity=true)
            d = phase_diagram(configuration(aucu, supercell=3, composition=[[1, 0]]), energy=m, species="Cu",
                              mu={"from": -0.3, "to": 0.3, "count": 13}, temperature=[300, 600], sweeps=40, equilibration=10, seed=1)
            plot(d, out="phase_diagram.png", data=true)
            plot(d, figure="loops", out="phase_loops.png", data=true)
            """, in: folder)
        var scripts: [String: String] = [:]
        for name in names { scripts[name] = try? FileSystem.read(folder + "/" + name + ".gp") }
        return (folder, scripts)
    }()

    private func script(_ name: String) throws -> String {
        try #require(Self.drawn.scripts[name], "\(name).gp was not written")
    }

    @Test(arguments: ["run_energy", "run_pairs", "run_temperature", "chain_cost", "fit_eci", "fit_learning", "fit_capacity",
                      "fit_cv", "closure_errors", "closure_fit", "closure_stoichiometries", "hull", "moments", "configuration", "dos_ln_g", "dos_heat_capacity", "phase_diagram", "phase_loops"])
    func singleFramePicturesHaveATitleAndBothAxesLabelled(_ name: String) throws {
        let s = try script(name)
        #expect(s.contains("\nset title '"), "\(name): no title")
        #expect(s.contains("\nset xlabel '"), "\(name): no x label")
        #expect(s.contains("\nset ylabel '"), "\(name): no y label")
        // Short legends sit inside the frame.
        // Short legends sit inside the frame; a configuration's species beside it.
        let outside = name == "configuration"
        #expect(s.contains(outside ? "set key outside right top" : "set key inside top right") || s.contains("unset key"),
                "\(name): legend misplaced")
        let image = Self.drawn.folder + "/" + name + ".png"
        #expect(FigureCheck.leadingBytes(of: image, count: 8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test func runsShowSweepsPerSiteEnergiesAndTheScheduleOnTheRightAxis() throws {
        let energy = try script("run_energy")
        #expect(energy.contains("set title 'energy: anneal of 144 sites, 80 sweeps' noenhanced"))
        #expect(energy.contains("set xlabel 'sweep (attempted moves per site)' noenhanced"))
        #expect(energy.contains("set ylabel 'energy (per site, dimensionless)' noenhanced"))
        #expect(energy.contains("set y2tics\nset y2label 'kT (dimensionless)' noenhanced"))
        #expect(energy.contains("$S1 using 1:2 with lines axes x1y2 title 'kT' noenhanced"))
        // Records every 10 sweeps: the x column counts sweeps, not attempted moves (144 per sweep).
        #expect(energy.contains("$S1 << EOD\n0.0 1.0\n10.0 1.0\n"))
        #expect(try script("run_pairs").contains("set ylabel 'pair concentration (fraction of neighbour pairs)' noenhanced"))
        #expect(try script("run_temperature").contains("set ylabel 'kT (dimensionless)' noenhanced"))
        let final = try script("run_final")
        #expect(final.contains("set size ratio -1") && final.contains("set key outside right top"))
        #expect(final.contains("set xlabel 'x (lattice spacings)' noenhanced"))
        #expect(try script("configuration").contains("set xlabel 'x (Å)' noenhanced\nset ylabel 'y (Å)' noenhanced"))
        #expect(try script("hull").contains("set ylabel 'formation energy (eV/prim)' noenhanced"))
        #expect(try script("moments").contains("set xlabel '|magnetic moment| (μB)' noenhanced"))
        #expect(try script("closure_stoichiometries").contains("set ylabel 'mean closure error E (dimensionless)' noenhanced"))
        let lnG = try script("dos_ln_g")
        #expect(lnG.contains("set xlabel 'energy E (per supercell, dimensionless)' noenhanced"))
        #expect(lnG.contains("set title 'density of states of 16 sites (exact, "))
        #expect(try script("dos_heat_capacity").contains("set ylabel 'heat capacity C (k_B per site)' noenhanced"))
        let diagram = try script("phase_diagram")
        #expect(diagram.contains("set xlabel 'Cu fraction x' noenhanced\nset ylabel 'T (K)' noenhanced"))
        #expect(diagram.contains("title 'boundary (low side)' noenhanced"))
        #expect(try script("phase_loops").contains("set xlabel 'chemical potential μ (eV/site)' noenhanced"))
    }

    @Test func chainTracesAreAPanelPerParameterWithChainsAndTheBurnInMarked() throws {
        let trace = try script("chain_trace")
        #expect(trace.contains("set multiplot layout 2,2 title 'posterior trace: 2 chains × 400 samples (dr-mh, burn-in 100, thin 1)' noenhanced"))
        #expect(trace.components(separatedBy: "\nplot ").count - 1 == 4)
        #expect(trace.contains("set object rect from 0.0, graph 0 to 100.0, graph 1"))
        #expect(trace.contains("set label 'burn-in (discarded)'"))
        #expect(trace.contains("set xrange [0.0:*]"))
        // The parameter name keeps its underscore (no subscript), and each chain its colour in every panel.
        #expect(trace.contains("set ylabel 'k_1' noenhanced"))
        #expect(trace.contains("linecolor rgb '#1f77b4' title 'chain 1' noenhanced"))
        #expect(trace.contains("linecolor rgb '#ff7f0e' title 'chain 2' noenhanced"))
        #expect(trace.contains("$P1S0 << EOD\n100.0 "), "the trace starts at the first kept iteration")
        #expect(trace.hasSuffix("unset multiplot\n"))
    }

    @Test func cornerPlotsHaveMarginalsContoursAndABlankUpperTriangle() throws {
        let corner = try script("chain_corner")
        #expect(corner.contains("set multiplot layout 2,2"))
        #expect(corner.components(separatedBy: "set multiplot next").count - 1 == 1)
        #expect(corner.contains("title '39.3 % of samples (1σ)' noenhanced") && corner.contains("title '86.5 % of samples (2σ)' noenhanced"))
        #expect(corner.contains("pointtype 7 pointsize 0.3"))
        #expect(corner.contains("set xlabel 'k_1' noenhanced") && corner.contains("set ylabel 'k_2' noenhanced"))
        let pairs = try script("chain_pairs")
        #expect(pairs.contains("with lines linecolor rgb '#08306b' title '39.3 % of samples (1σ)' noenhanced"))
        #expect(pairs.contains("using 1:2:3 with points pt 7 ps variable"))
    }

    @Test func logAxesPrintPowersOfTenAsSuperscripts() throws {
        let cv = try script("fit_cv")
        #expect(cv.contains("set logscale x\nset format x '10^{%L}'\n"))
        let errors = try script("closure_errors")
        #expect(errors.contains("set logscale y\nset format y '10^{%L}'\n"))
        #expect(errors.contains("set ylabel 'closure error J_i (dimensionless)' noenhanced"))
        #expect(try script("fit_learning").contains("with yerrorlines"))
        #expect(try script("fit_eci").contains("set ylabel 'ECI (eV/prim)' noenhanced"))
    }

    @Test func pdfSizeInInchesDpiAndFont() throws {
        let folder = Self.temporaryFolder()
        _ = try Self.run("""
            plot([1e-8, 1e-6, 1e-4], logy=true, xlabel="x_Au", ylabel="final_energy (eV/prim)", out="log.pdf", data=true, size=[4, 3], font="serif,12")
            plot([1, 2], out="big.png", size=[2, 1.5], dpi=300)
            plot([1, 2], out="small.svg", size=[2, 1.5])
            """, in: folder)
        let pdf = try FileSystem.read(folder + "/log.gp")
        #expect(pdf.contains("set terminal pdfcairo size 4.0in,3.0in enhanced font 'serif,12'"))
        #expect(pdf.contains("set xlabel 'x_Au' noenhanced\nset ylabel 'final_energy (eV/prim)' noenhanced"))
        #expect(FigureCheck.leadingBytes(of: folder + "/log.pdf", count: 5) == Array("%PDF-".utf8))
        let size = try pngSize(folder + "/big.png")
        #expect(size?.0 == 600 && size?.1 == 450)
        // Without data=true no script is left beside the picture.
        #expect(access(folder + "/big.gp", F_OK) != 0)
        #expect(try FileSystem.read(folder + "/small.svg").contains("width=\"200\""))
    }

    @Test func textReachesGnuplotVerbatimAndNeverAsACommand() throws {
        let folder = Self.temporaryFolder()
        _ = try Self.run("""
            plot([1, 2], title="it's `touch injected` @x \\\\n", labels=["x_{Au}^2"], out="t.png", data=true)
            """, in: folder)
        let s = try FileSystem.read(folder + "/t.gp")
        #expect(s.contains("set title 'it''s `touch injected` @x \\n' noenhanced"))
        #expect(s.contains("title 'x_{Au}^2' noenhanced"))
        #expect(access(folder + "/injected", F_OK) != 0, "a backquote in a label ran a shell command")
        #expect(access(folder + "/t.png", F_OK) == 0)
    }

    @Test func badSizesResolutionsTextAndOutputsAreClearErrors() throws {
        let folder = Self.temporaryFolder()
        let cases: [(String, String)] = [
            ("plot([1, 2], out=\"a.png\", size=[0, 3])", "size must be [width, height] in inches, both positive"),
            ("plot([1, 2], out=\"a.png\", size=[800, 600])", "size is in inches, each 0.5 to 100"),
            ("plot([1, 2], out=\"a.png\", dpi=-1)", "dpi must be 10 to 1200, got -1"),
            ("plot([1, 2], out=\"a.png\", size=[90, 90], dpi=1000)", "at most 20000 each"),
            ("plot([1, 2], out=\"a.png\", title=\"two\\nlines\")", "title holds the control character U+000A"),
            ("plot([1, 2], out=\"a.png\", labels=[\"a\\u{1b}[31m\"])", "a series label holds the control character U+001B"),
            ("plot([1, 2], out=\"a.png\", font=\"\")", "font must be"),
            ("plot([1, 2], out=\"/nonexistent-folder/a.png\")", "the folder '/nonexistent-folder' does not exist"),
            ("plot([1, 2], out=\"a.jpg\")", "must end in .png, .svg or .pdf"),
        ]
        for (source, message) in cases {
            let error = try Self.failure(source, in: folder)
            #expect(error?.contains(message) == true, "\(source): \(error ?? "no error")")
            #expect(error?.contains("bad.ce:1:") == true, "\(source): no position in \(error ?? "")")
        }
    }

    @Test func panelsDrawAtThePromptWithoutGnuplot() throws {
        let lines = try Self.run("""
            post = sample(fn(k) { return k[0]^2 + k[1]^2 }, start=[0.5, 0.5], n=200, seed=1, names=["a", "b"])
            plot(post)
            """, in: Self.temporaryFolder())
        #expect(lines.first?.hasPrefix("posterior trace") == true)
        #expect(lines.filter { $0 == "— a" }.count == 2 && lines.filter { $0 == "— b" }.count == 2)
    }

    @Test func longLinesAreWrittenAsTheirEnvelope() {
        let n = 100_000
        let x = (0..<n).map(Double.init)
        let y = (0..<n).map { i in i == 77_777 ? 50.0 : i == 12_345 ? -50.0 : sin(Double(i) / 1000) }
        var figure = Figure(kind: .lines)
        figure.series = [Figure.Series(x: x, y: y)]
        let s = figure.gnuplotScript(output: "e.png", format: .png)
        let rows = s.split(separator: "\n").filter { $0.first?.isNumber == true || $0.first == "-" }
        #expect(rows.count <= Figure.envelopePoints && rows.count > Figure.envelopePoints / 2)
        // The spikes, the first and the last point survive; x stays increasing.
        #expect(rows.contains("77777.0 50.0") && rows.contains("12345.0 -50.0"))
        #expect(rows.first == "0.0 0.0" && rows.last?.hasPrefix("99999.0 ") == true)
        let xs = rows.compactMap { Double($0.split(separator: " ")[0]) }
        #expect(zip(xs, xs.dropFirst()).allSatisfy { $0 < $1 })
    }

    /// For a standard 2D normal the 1σ and 2σ regions are the circles of radius 1 and 2.
    @Test func contoursOfANormalSampleAreCirclesOfOneAndTwoSigma() throws {
        var random = RandomStream(seed: 5)
        let x = (0..<40_000).map { _ in random.normal() }, y = (0..<40_000).map { _ in random.normal() }
        let contours = try #require(DensityContours(x: x, y: y))
        for (share, radius) in [(0.393, 1.0), (0.865, 2.0)] {
            let (cx, cy) = contours.segments(enclosing: share)
            let radii = zip(cx, cy).filter { $0.0.isFinite }.map { ($0.0 * $0.0 + $0.1 * $0.1).squareRoot() }
            #expect(radii.count > 20)
            let mean = radii.reduce(0, +) / Double(radii.count)
            #expect(abs(mean - radius) < 0.12 * radius, "the \(share) contour has mean radius \(mean), expected \(radius)")
            #expect(radii.allSatisfy { abs($0 - radius) < 0.35 * radius })
        }
        #expect(DensityContours(x: [1, 2, 3], y: [1, 2, 3]) == nil)
    }

    /// Samples spanning the whole Double range have no finite bin width: no contours, and no trap.
    @Test func contoursOfSamplesSpanningEveryDoubleAreNone() {
        let x = (0..<20).map { $0 % 2 == 0 ? -1e308 : 1e308 }, y = (0..<20).map { Double($0) }
        #expect(DensityContours(x: x, y: y) == nil)
        #expect(DensityContours(x: y, y: x) == nil)
    }
}
