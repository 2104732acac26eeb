// Tab completion candidates: names, fields of maps, files inside strings.
import Language
import Testing
@testable import Shell

@Suite struct CompletionTests {
    let completion = Completion(globalNames: ["energy", "exp", "lattice", "run"]) { name in
        name == "run" ? .record([("energy", .int(1)), ("stats", .record([("mean", .double(0.5))]))]) : nil
    }

    @Test func namesAndKeywords() {
        #expect(completion.candidates(word: "e", before: "print(") == ["else", "energy", "exp"])
        #expect(completion.candidates(word: "wh", before: "") == ["while"])
        #expect(completion.candidates(word: "zz", before: "").isEmpty)
    }

    @Test func keywordArgumentsOfTheEnclosingCall() throws {
        let session = try Session(loadPrelude: false)
        _ = session.execute("fn pair(r, depth=1.0, width=0.5) { return depth }", file: "t", echo: false)
        let completion = Completion(interpreter: session.interpreter)
        #expect(completion.candidates(word: "sw", before: "anneal(\"triangular\", ") == ["sweeps="])
        #expect(completion.candidates(word: "sw", before: "anneal lat ") == ["sweeps="])
        #expect(completion.candidates(word: "eq", before: "anneal(lat, kT=[1, 2], ").first == "equilibration=")
        #expect(completion.candidates(word: "w", before: "x = pair(1.2, ").first == "width=")
        #expect(completion.candidates(word: "temp", before: "sample(\"triangular\", size=24, ") == ["temperature="])
        // Inside a list or after the call closed, no keywords.
        #expect(completion.candidates(word: "sw", before: "anneal(lat, kT=[").isEmpty)
        #expect(completion.candidates(word: "sw", before: "anneal(lat); ").isEmpty)
        #expect(Completion.enclosingCall("f(a, g(b), ") == "f")
        #expect(Completion.enclosingCall("if x ") == nil)
    }

    @Test func fieldsAfterADot() {
        #expect(completion.candidates(word: "run.", before: "") == ["run.energy", "run.stats"])
        #expect(completion.candidates(word: "run.st", before: "x = ") == ["run.stats"])
        #expect(completion.candidates(word: "run.stats.m", before: "") == ["run.stats.mean"])
        #expect(completion.candidates(word: "nothing.x", before: "").isEmpty)
    }

    @Test func filesInsideAnOpenString() throws {
        let folder = "/tmp/ce-completion-\(getpidValue())"
        try FileSystem.makeDirectories(folder + "/sub")
        try FileSystem.write(folder + "/data.csv", "1\n")
        try FileSystem.write(folder + "/.hidden", "")
        #expect(completion.candidates(word: folder + "/", before: "load(\"") == [folder + "/data.csv", folder + "/sub/"])
        #expect(completion.candidates(word: folder + "/d", before: "load(\"") == [folder + "/data.csv"])
        #expect(Completion.insideString("x = \"a\\\"b"))
        #expect(!Completion.insideString("x = \"a\" + "))
    }
}

#if canImport(Glibc)
import Glibc
#endif
func getpidValue() -> Int32 { getpid() }
