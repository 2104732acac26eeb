import Testing
@testable import Shell
#if canImport(Glibc)
import Glibc
#endif

@Suite struct FigureCheckTests {
    /// Runs `body` with a fresh temporary folder (the working directory stays: other tests run beside this one).
    private func inTemporaryFolder(_ body: (String) throws -> Void) rethrows {
        var template = Array("/tmp/ce-figcheck-XXXXXX".utf8CString)
        let folder = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) } ?? "/tmp"
        }
        try body(folder)
    }

    private let transcript = Transcript(items: [.block(.init(code: "plot(xs, out=\"a.svg\")\n", figures: ["a.svg"]))])

    @Test func unchangedFigureHasNoProblems() throws {
        try inTemporaryFolder { dir in
            try FileSystem.write(dir + "/a.gp", "$S0 << EOD\n0.0 1.0\nEOD\n")
            try FileSystem.write(dir + "/a.svg", "<svg width=\"10\"></svg>")
            let check = FigureCheck(transcript, in: dir)
            #expect(check.problems(transcriptName: "t.md").isEmpty)
        }
    }

    @Test func changedDataIsReportedWithADiff() throws {
        try inTemporaryFolder { dir in
            let check = try replay(in: dir, recorded: "0.0 1.0", replayed: "0.0 2.0")
            let problems = check.problems(transcriptName: "t.md")
            #expect(problems.count == 1)
            #expect(problems.first?.contains("-0.0 1.0") == true)
            #expect(problems.first?.contains("+0.0 2.0") == true)
        }
    }

    /// A replay whose data agrees within the tolerance passes and leaves the recorded script in place.
    @Test func dataWithinTheToleranceIsPutBack() throws {
        try inTemporaryFolder { dir in
            let check = try replay(in: dir, recorded: "30.0 0.3718180469608941", replayed: "30.0 0.371818046783774")
            #expect(check.problems(transcriptName: "t.md").isEmpty)
            #expect(try FileSystem.read(dir + "/a.gp") == "$S0 << EOD\n30.0 0.3718180469608941\nEOD\n")
            try FileSystem.write(dir + "/a.gp", "$S0 << EOD\n30.0 0.371818046783774\nEOD\n")
            #expect(check.problems(transcriptName: "t.md", tolerance: .exact).count == 1)
        }
    }

    /// A check of figure data `recorded` in `dir`, with `replayed` then written over it as a replay writes.
    private func replay(in dir: String, recorded: String, replayed: String) throws -> FigureCheck {
        try FileSystem.write(dir + "/a.gp", "$S0 << EOD\n\(recorded)\nEOD\n")
        try FileSystem.write(dir + "/a.svg", "<svg></svg>")
        let check = FigureCheck(transcript, in: dir)
        try FileSystem.write(dir + "/a.gp", "$S0 << EOD\n\(replayed)\nEOD\n")
        return check
    }

    @Test func missingOrBogusImageIsReported() throws {
        try inTemporaryFolder { dir in
            let check = FigureCheck(transcript, in: dir)
            #expect(check.problems(transcriptName: "t.md").first?.contains("was not written") == true)
            try FileSystem.write(dir + "/a.svg", "not an image")
            #expect(check.problems(transcriptName: "t.md").first?.contains("is not a PNG, SVG or PDF") == true)
        }
    }

    @Test func scriptSitsBesideTheImage() {
        #expect(FigureCheck.scriptPath(of: "figs/energy.png") == "figs/energy.gp")
        #expect(FigureCheck.scriptPath(of: "a.b/energy") == "a.b/energy.gp")
    }
}
