// Running a whole program: `ce FILE.ce [ARGS]`, `ce < FILE`, `ce -e CODE`.
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program in a fresh session and returns the process exit code;
/// a failure prints its diagnostic to standard error.
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

    /// `ce -e CODE`: runs CODE and prints the value of each expression statement.
    public static func evaluate(_ code: String, arguments: [String]) -> Int32 {
        run(source: code, file: "<-e>", echo: true, arguments: arguments)
    }

    static func run(source: String, file: String, echo: Bool, arguments: [String]) -> Int32 {
        let session = Session()
        session.setScriptArguments(arguments)
        let outcome = session.execute(source, file: file, echo: echo)
        if case .failed(let diagnostic) = outcome { Terminal.err(diagnostic.rendered + "\n") }
        Terminal.flush()
        return outcome.exitCode
    }
}
