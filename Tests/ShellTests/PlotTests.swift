import Testing
@testable import Shell
import Language
#if canImport(Glibc)
import Glibc
#endif

@Suite struct PlotTests {
    private func temporaryFolder() -> String {
        var template = Array("/tmp/ce-plot-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) } ?? "/tmp"
        }
    }

    @Test
    func pngHasTheSizeAsked() throws {
        let folder = temporaryFolder()
        var figure = Figure(kind: .lines, title: "energy")
        figure.size.width = 3.21
        figure.size.height = 2.03
        figure.series = [Figure.Series(label: "E", x: [0, 1, 2], y: [3, 1, 0])]
        let path = try Gnuplot.render(figure, to: folder + "/energy.png")
        let size = try pngSize(path)
        #expect(size?.0 == 321)
        #expect(size?.1 == 203)
        let script = try FileSystem.read(folder + "/energy.gp")
        #expect(script.contains("set output 'energy.png'"))
        #expect(script.contains("$S0 << EOD\n0.0 3.0\n1.0 1.0\n2.0 0.0\nEOD\n"))
    }

    @Test
    func plotBuiltinWritesFigureAndReportsIt() throws {
        let folder = temporaryFolder()
        var written: [String] = []
        let context = CallContext(print: { _ in }, baseDirectory: folder)
        context.figureWritten = { written.append($0) }
        _ = try PlotCommands.plot.call([.doubles([1, 4, 9])], [("out", .string("sq.svg")), ("size", .ints([3, 2])), ("data", .bool(true))],
                                       context: context)
        #expect(written == [folder + "/sq.svg"])
        let svg = try FileSystem.read(folder + "/sq.svg")
        #expect(svg.contains("<svg"))
        #expect(svg.contains("width=\"300\""))
    }

    @Test
    func legendLogAxesErrorBarsAndHistogramsReachTheScript() throws {
        let folder = temporaryFolder()
        let context = CallContext(print: { _ in }, baseDirectory: folder)
        func run(_ builtin: Builtin, _ positional: [Value], _ keywords: [(String, Value)]) throws -> String {
            _ = try builtin.call(positional, keywords + [("data", .bool(true))], context: context)
            guard case .string(let out)? = keywords.first(where: { $0.0 == "out" })?.1 else { return "" }
            return try FileSystem.read(folder + "/" + out.replacing(".png", with: ".gp"))
        }
        let lines = try run(PlotCommands.plot, [.doubles([1, 10, 100]), .record([("x", .doubles([1, 2])), ("y", .doubles([5, 50])),
                                                                                  ("yerr", .doubles([0.5, 2])), ("label", .string("err"))])],
                            [("labels", .strings(["a", "b"])), ("logx", .bool(true)), ("logy", .bool(true)), ("out", .string("l.png"))])
        #expect(lines.contains("set logscale x\nset format x '10^{%L}'\nset logscale y\nset format y '10^{%L}'\n"))
        #expect(lines.contains("$S0 using 1:2 with lines title 'a' noenhanced"))
        #expect(lines.contains("$S1 using 1:2:3 with yerrorlines title 'b' noenhanced"))
        #expect(lines.contains("$S1 << EOD\n1.0 5.0 0.5\n2.0 50.0 2.0\nEOD\n"))
        // [1, 1, 2, 3] in 2 bins of width 1 from 1: two values in each, centred at 1.5 and 2.5.
        let histogram = try run(PlotCommands.hist, [.doubles([1, 1, 2, 3])], [("bins", .int(2)), ("out", .string("h.png"))])
        #expect(histogram.contains("$S0 << EOD\n1.5 2.0\n2.5 2.0\nEOD\n"))
        #expect(histogram.contains("with boxes"))
    }

    @Test
    func plotOfXThenYDrawsYAgainstXAsMatplotlibDoes() throws {
        let folder = temporaryFolder()
        let context = CallContext(print: { _ in }, baseDirectory: folder)
        func script(_ positional: [Value], _ keywords: [(String, Value)] = []) throws -> String {
            _ = try PlotCommands.plot.call(positional, keywords + [("out", .string("p.png")), ("data", .bool(true))], context: context)
            return try FileSystem.read(folder + "/p.gp")
        }
        let T = Value.ints([300, 600, 900]), E = Value.doubles([-0.12, -0.1, -0.07]), F = Value.doubles([1, 2, 3])
        let one = try script([T, E])
        #expect(one.contains("$S0 << EOD\n300.0 -0.12\n600.0 -0.1\n900.0 -0.07\nEOD\n"))
        #expect(!one.contains("$S1"))
        let two = try script([T, E, T, F], [("labels", .strings(["E", "F"]))])
        #expect(two.contains("$S1 << EOD\n300.0 1.0\n600.0 2.0\n900.0 3.0\nEOD\n"))
        #expect(two.contains("title 'F' noenhanced"))
        let shared = try script([T, .list(ListValue([E, F]))])
        #expect(shared.contains("$S0 << EOD\n300.0 -0.12\n") && shared.contains("$S1 << EOD\n300.0 1.0\n"))
        // A list left over is y against 0, 1, 2, …; with x= every list is a y.
        #expect(try script([E]).contains("$S0 << EOD\n0.0 -0.12\n1.0 -0.1\n"))
        let keyword = try script([E, F], [("x", T)])
        #expect(keyword.contains("$S0 << EOD\n300.0 -0.12\n") && keyword.contains("$S1 << EOD\n300.0 1.0\n"))
        #expect(throws: RuntimeError.self) { _ = try script([T, .doubles([1, 2])]) }
        do { _ = try script([T, .doubles([1, 2])]) } catch let e as RuntimeError {
            #expect(e.message == "plot: x has 3 values but a series has 2")
        }
    }

    @Test func missingGnuplotNamesThePackage() {
        let figure = Figure(kind: .lines)
        #expect {
            _ = try Gnuplot.render(figure, to: "/tmp/x.png", using: nil)
        } throws: { error in
            "\(error)".contains("gnuplot-nox")
        }
    }

    @Test func wrongExtensionIsAnError() {
        #expect(throws: RuntimeError.self) { _ = try Gnuplot.render(Figure(kind: .lines), to: "/tmp/x.jpg") }
    }

    @Test func sparklineSpansTheRange() {
        #expect(TerminalChart.sparkline([1, 3, 2, 5]) == "▁▅▃█")
        #expect(TerminalChart.sparkline([2, 2]) == "▄▄")
        #expect(TerminalChart.sparkline([]) == "")
    }

    @Test func histogramCountsEveryFiniteValue() {
        let (centres, counts) = Figure.histogram([0, 1, 1, 2, 2, 2, 3, .nan], bins: 3)
        #expect(counts == [1, 2, 4])
        #expect(centres.count == 3)
        #expect(abs(centres[0] - 0.5) < 1e-12)
    }

    @Test func dataSpanningTheWholeDoubleRangeDrawsWithoutTrapping() {
        // hi - lo overflows to inf here; the scaled positions used to become NaN and trap in Int(_:).
        let extremes: [Double] = [-1e308, 0, 1e308]
        #expect(TerminalChart.sparkline(extremes) == "▁▅█")
        let (_, counts) = Figure.histogram(extremes, bins: 4)
        #expect(counts == [1, 0, 1, 1])
        #expect(Figure.histogram(extremes, bins: 20).centres.allSatisfy { $0.isFinite && abs($0) < 1e308 })
        #expect(TerminalChart.histogram(extremes, bins: 4).count == 4)
        var figure = Figure(kind: .lines)
        figure.series = [Figure.Series(x: extremes, y: extremes)]
        let lines = TerminalChart.lineChart(figure, width: 10, height: 3)
        #expect(lines.count == 4)
        #expect(lines[0].last != "\u{2800}")
    }

    @Test func lineChartMarksBothEnds() {
        var figure = Figure(kind: .lines)
        figure.series = [Figure.Series(x: [0, 1], y: [0, 1])]
        let lines = TerminalChart.lineChart(figure, width: 10, height: 3)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("1.0 ⡇"))
        #expect(lines[2].hasPrefix("0.0 ⡇"))
        // The top-right and bottom-left dots are set: a rising diagonal.
        #expect(lines[0].last != "\u{2800}")
        #expect(lines[2].dropFirst(5).first != "\u{2800}")
    }

    @Test func sitesAtThePromptShowSpeciesLetters() throws {
        var printed: [String] = []
        let context = CallContext(print: { printed.append($0) })
        _ = try PlotCommands.sites.call([.doubles([0, 1, 0.5, 1.5]), .doubles([0, 0, 1, 1]), .ints([0, 1, 1, 0])],
                                        [("names", .strings(["Mn", "Li"]))], context: context)
        #expect(printed == [" L M", "M L"])
    }

    @Test func sitesWithHostileIndicesOrCoordinatesDoNotTrap() throws {
        func run(_ x: [Double], _ species: [Int], names: [String]? = nil) throws -> [String] {
            var printed: [String] = []
            let context = CallContext(print: { printed.append($0) })
            _ = try PlotCommands.sites.call([.doubles(x), .doubles(x.map { _ in 0 }), .ints(species)],
                                            names.map { [("names", .strings($0))] } ?? [], context: context)
            return printed
        }
        // A negative index made the range 0...-1, a huge one a list of Int.max default names.
        #expect(throws: RuntimeError.self) { _ = try run([0], [-1]) }
        #expect(throws: RuntimeError.self) { _ = try run([0], [Int.max]) }
        #expect(throws: RuntimeError.self) { _ = try run([0, 1], [0, 1], names: []) }
        // Columns from coordinates spanning ±1e308 were Int(inf).
        #expect(try run([-1e308, 1e308], [0, 1], names: ["Mn", "Li"]) == ["M"])
    }
}

/// Width and height from a PNG's IHDR chunk (bytes 16-23, big endian); nil when the file is not a PNG.
func pngSize(_ path: String) throws -> (Int, Int)? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var header = [UInt8](repeating: 0, count: 24)
    guard fread(&header, 1, 24, file) == 24, header[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
        return nil
    }
    func be32(_ i: Int) -> Int { header[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (be32(16), be32(20))
}
