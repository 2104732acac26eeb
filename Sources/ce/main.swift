// The ce executable: arguments, signals, exit codes; nothing else. The work
// happens in the Shell module, on a thread with a large stack.
import ArgumentParser
import Numerics
import Shell
#if canImport(Glibc)
import Glibc
#endif

/// Options every form of `ce` takes.
struct GlobalOptions: ParsableArguments {
    // Unconditional: `--threads -1` reaches the check below instead of reading "-1" as an option.
    @Option(name: .long, parsing: .unconditional, help: "Worker threads for parallel commands (default: $CE_THREADS, else 1).")
    var threads: Int?

    @Option(name: .long, help: ArgumentHelp("Memory a command may ask for, as 4G, 500M or bytes (default: $CE_MEMORY, else 3/4 of physical memory).",
                                            valueName: "SIZE"))
    var memory: String?

    func apply(repeatableInterrupts: Bool) throws {
        if let text = memory ?? getenv("CE_MEMORY").map({ String(cString: $0) }) {
            guard let bytes = MemoryBudget.parse(text), bytes > 0 else {
                throw ValidationError("--memory takes a size such as 4G, 500M or 2000000000 (bytes), got '\(text)'")
            }
            MemoryBudget.setLimit(bytes)
        }
        if let threads {
            guard threads > 0 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
            Threads.count = threads
        }
        InterruptSignal.install(repeatable: repeatableInterrupts)
    }
}

/// Runs `body` on the interpreter's large-stack thread and exits with its code (under mpirun,
/// after finalizing MPI, or ending every rank when this one failed).
func finish(_ body: @escaping () -> Int32) throws -> Never {
    throw ExitCode(exitCode(running: body))
}

/// The exit code of `body` run on the interpreter's large-stack thread, output flushed and, under
/// mpirun, MPI finalized (or every rank ended when this one failed).
func exitCode(running body: @escaping () -> Int32) -> Int32 {
    let code = LargeStackThread.run(body)
    Terminal.flush()
    return MPIJob.end(code)
}

struct CE: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ce",
        abstract: "A scripting shell for lattice thermodynamics.",
        discussion: """
            ce                       REPL on a terminal; runs standard input as a script otherwise
            ce FILE.ce [ARGS...]     run a script (it sees ARGS as the list `args`)
            ce -e 'CODE' [-e ...]    evaluate each CODE in turn, in one session, and print its values
            ce help [NAME]           this help, a subcommand's (record, check), or a builtin's (anneal)
            ce record [FILE.ce] -o OUT.md   write a transcript of a script or of a REPL session
            ce check [--fix] [--exact] OUT.md...  replay transcripts; exit 1 with a diff on any difference
            ce convert X.md -o X.ipynb     a transcript as a Jupyter notebook, or back (.ipynb -> .md); ce check takes both
            ce kernel install [--user]   install the Jupyter kernel; Jupyter runs it as ce kernel -f FILE
            Exit codes: 0 ok, 1 transcript differs, 64 usage, 65 syntax error, 66 unreadable file, \
            70 runtime error, 73 unwritable file, 130 interrupted.
            """,
        version: "ce \(ShellVersion.current)",
        subcommands: [Record.self, Check.self]
    )

    @OptionGroup var options: GlobalOptions

    @Option(name: .customShort("e"), help: ArgumentHelp("Evaluate CODE and print its values (repeatable).", valueName: "CODE"))
    var code: [String] = []

    @Argument(help: ArgumentHelp("A script to run.", valueName: "FILE.ce"))
    var file: String?

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Arguments the script receives as `args`.", valueName: "ARGS"))
    var scriptArguments: [String] = []

    func run() throws {
        let interactive = code.isEmpty && file == nil && Terminal.isTerminal(0)
        try options.apply(repeatableInterrupts: interactive)
        let arguments = scriptArguments
        if !code.isEmpty {
            let all = (file.map { [$0] } ?? []) + arguments
            try finish { ScriptRunner.evaluate(code, arguments: all) }
        }
        if let file {
            try finish { ScriptRunner.run(file: file, arguments: arguments) }
        }
        if interactive {
            try finish { Repl.runInteractive(recordingTo: nil) }
        }
        try finish { ScriptRunner.runStandardInput() }
    }
}

struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ce record",
        abstract: "Run a script (or, without one, a REPL session) and write its Markdown transcript.")

    @OptionGroup var options: GlobalOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The transcript to write.", valueName: "OUT.md"))
    var output: String

    @Option(help: "The session's random seed, written in the header.")
    var seed: UInt64 = 0

    @Argument(help: ArgumentHelp("The script to record; omit it to record an interactive session.", valueName: "FILE.ce"))
    var script: String?

    func run() throws {
        try options.apply(repeatableInterrupts: script == nil)
        if let script {
            try finish { TranscriptCommands.record(script: script, to: output, seed: seed) }
        }
        try finish { Repl.runInteractive(recordingTo: output, seed: seed) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ce check",
        abstract: "Replay transcripts; print a unified diff and exit 1 on any difference.")

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Rewrite the transcripts' outputs instead of failing.")
    var fix = false

    @Flag(help: "Compare bytes: no tolerance for floats (by default they may differ by 1e-4 relative).")
    var exact = false

    @Argument(help: ArgumentHelp("Transcripts to replay.", valueName: "OUT.md"))
    var transcripts: [String]

    func run() throws {
        try options.apply(repeatableInterrupts: false)
        try finish { TranscriptCommands.check(transcripts, fix: fix, tolerance: exact ? .exact : NumericMatch()) }
    }
}

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ce convert",
        abstract: "Turn a transcript (.md) into a Jupyter notebook (.ipynb) or back: code, outputs, prose and pictures.")

    @Argument(help: ArgumentHelp("The transcript or notebook to convert.", valueName: "IN"))
    var input: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The notebook or transcript to write.", valueName: "OUT"))
    var output: String

    func run() throws {
        throw ExitCode(NotebookCommands.convert(input, to: output))
    }
}

struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ce kernel",
        abstract: "Serve a Jupyter kernel on the sockets a connection file names (Jupyter starts it so).",
        discussion: "ce kernel install [--user] [--prefix PREFIX] writes the kernelspec that makes Jupyter start it.")

    @Option(name: .customShort("f"), help: ArgumentHelp("The connection file Jupyter wrote.", valueName: "CONNECTION.json"))
    var connectionFile: String

    func run() throws {
        // Jupyter interrupts with SIGINT, as often as the user asks.
        InterruptSignal.install(repeatable: true)
        let file = connectionFile
        try finish { Kernel.run(connectionFile: file) }
    }
}

struct KernelInstall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ce kernel install",
        abstract: "Write the ce kernelspec (kernel.json) where Jupyter finds it.")

    @Flag(help: "Install for this user (~/.local/share/jupyter/kernels/ce) instead of system-wide.")
    var user = false

    @Option(help: ArgumentHelp("Install under PREFIX/share/jupyter/kernels/ce.", valueName: "PREFIX"))
    var prefix: String?

    func run() throws {
        let folder = KernelSpec.folder(user: user, prefix: prefix)
        throw ExitCode(KernelSpec.install(into: folder, executable: FileSystem.executablePath ?? CommandLine.arguments[0]))
    }
}

/// `ce help`, `ce help record`, `ce help check`: the command line's help; `ce help NAME`:
/// the help of a builtin or prelude function, as `help NAME` prints it at the prompt.
func help(_ topic: String?) -> Never {
    switch topic {
    case nil: print(CE.helpMessage())
    case "record": print(Record.helpMessage())
    case "check": print(Check.helpMessage())
    case "kernel": print(KernelCommand.helpMessage())
    case "convert": print(Convert.helpMessage())
    case let name?:
        let code = LargeStackThread.run { ScriptRunner.help(name) }
        Terminal.flush()
        exit(code)
    }
    exit(0)
}

/// `ce FILE [ARGS...]` or `ce -e CODE [-e CODE...]` with no option besides `-e` and no argument
/// starting with `-`: what `CE.run` does for them, without ArgumentParser's start-up (about an
/// eighth of `ce -e 'print(1)'`'s instructions). Nil for anything else, and when $CE_MEMORY is
/// set (its validation is ArgumentParser's error), so those go through `CE.main` as before.
///
///     if let run = plainRun(["script.ce", "a"]) { run() }
func plainRun(_ arguments: [String]) -> (() -> Never)? {
    guard let first = arguments.first, first != "help", getenv("CE_MEMORY") == nil else { return nil }
    func exitWith(_ body: @escaping () -> Int32) -> Never {
        InterruptSignal.install(repeatable: false)
        exit(exitCode(running: body))
    }
    if first == "-e" {
        guard arguments.count % 2 == 0 else { return nil }
        var code: [String] = []
        for i in stride(from: 0, to: arguments.count, by: 2) {
            guard arguments[i] == "-e", !arguments[i + 1].hasPrefix("-") else { return nil }
            code.append(arguments[i + 1])
        }
        return { exitWith { ScriptRunner.evaluate(code, arguments: []) } }
    }
    guard !arguments.contains(where: { $0.hasPrefix("-") }) else { return nil }
    let scriptArguments = Array(arguments.dropFirst())
    return { exitWith { ScriptRunner.run(file: first, arguments: scriptArguments) } }
}

// Under mpirun: join the job (Open MPI loaded now, not linked); without it nothing changes.
MPIJob.startIfLaunched()

// A script path is a positional argument of the root command, which stops
// ArgumentParser from recognising subcommand names; dispatch them here.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "record": Record.main(Array(arguments.dropFirst()))
case "check": Check.main(Array(arguments.dropFirst()))
case "convert": Convert.main(Array(arguments.dropFirst()))
case "kernel" where arguments.dropFirst().first == "install": KernelInstall.main(Array(arguments.dropFirst(2)))
case "kernel": KernelCommand.main(Array(arguments.dropFirst()))
case "help" where arguments.count <= 2: help(arguments.dropFirst().first)
default:
    if let run = plainRun(arguments) { run() }
    CE.main(arguments)
}
