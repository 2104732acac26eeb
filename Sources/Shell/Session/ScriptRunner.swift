// Running a whole program: `ce FILE.ce [ARGS]`, `ce < FILE`, `ce -e CODE`.
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program in a fresh session and returns the process exit code;
/// a failure prints its diagnostic to standard error. The caller exits next:
/// the session is never freed.
///
///     exit(ScriptRunner.run(file: "tour.ce", arguments: ["7"]))
public enum ScriptRunner {
    /// `ce FILE.ce ARGS...`: the script sees its arguments as the global list `args`.
    public static func run(file path: String, arguments: [String]) -> Int32 {
        let source: String
        do { source = try FileSystem.read(path) } catch {
            Terminal.err("ce: cannot read \(error)\n")
            return ExitStatus.noInput
        }
        return run(source: source, file: path, echo: false, arguments: arguments)
    }

    /// `ce` with a pipe or file on standard input: runs it as one script.
    public static func runStandardInput() -> Int32 {
        let source: String
        do { source = try FileSystem.readAll(stdin, path: "<stdin>") } catch {
            Terminal.err("ce: cannot read \(error)\n")
            return ExitStatus.noInput
        }
        return run(source: source, file: "<stdin>", echo: false, arguments: [])
    }

    /// `ce -e CODE [-e CODE ...]`: runs each CODE in turn in one session, printing the value of
    /// each expression statement; stops at the first that fails or exits.
    public static func evaluate(_ codes: [String], arguments: [String]) -> Int32 {
        run(sources: codes.map { ($0, "<-e>") }, echo: true, arguments: arguments)
    }

    /// `ce help NAME`: what `help NAME` prints at the prompt; exit 64 when nothing is called NAME.
    public static func help(_ name: String) -> Int32 {
        guard let session = Session.started() else { return ExitStatus.runtime }
        Terminal.out(session.interpreter.help(name) + "\n")
        Terminal.flush()
        return session.interpreter.global(name) == nil && name != "methods" ? ExitStatus.usage : ExitStatus.ok
    }

    static func run(source: String, file: String, echo: Bool, arguments: [String]) -> Int32 {
        run(sources: [(source, file)], echo: echo, arguments: arguments)
    }

    private static func run(sources: [(text: String, file: String)], echo: Bool, arguments: [String]) -> Int32 {
        guard let session = Session.started() else { return ExitStatus.runtime }
        session.setScriptArguments(arguments)
        var outcome = RunOutcome.completed
        for source in sources {
            outcome = session.execute(source.text, file: source.file, echo: echo)
            if case .completed = outcome { continue }
            break
        }
        if case .failed(let diagnostic) = outcome { Terminal.err(diagnostic.rendered + "\n") }
        Terminal.flush()
        // `ce` exits right after this: the session is left to the exit instead of freeing its
        // functions and globals one by one (0.7 M instructions of `ce -e 1`). No
        // deinit in the language or the engines does more than free memory.
        _ = Unmanaged.passRetained(session)
        return outcome.exitCode
    }
}
