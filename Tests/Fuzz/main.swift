// ce-fuzz: a fuzz run of the whole shell in one process. Random bytes,
// mutated example scripts, programs from the language's grammar, every
// builtin with hostile arguments, and hostile files of every format, each
// run in a session like a user's. Nothing may crash or raise a signal, and
// no input may run past the hard limit: at the soft limit the watchdog
// interrupts it as Ctrl-C would, and it must stop by itself.
//
//     ce-fuzz [--count N] [--seed S] [--soft-limit SECONDS]
//     ce-fuzz --count 50000 --seed 1       # what scripts/test runs, with seed 2 beside it
import Formats
import Glibc
import Language
import Numerics
import Shell

var count = 100_000
var seed: UInt64 = 1
// A quarter second is enough to reach every interrupt check; a longer soft limit only spends time.
var softLimit = 0.25
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    switch flag {
    case "--count": count = Int(arguments.popFirst() ?? "") ?? count
    case "--seed": seed = UInt64(arguments.popFirst() ?? "") ?? seed
    case "--soft-limit": softLimit = Double(arguments.popFirst() ?? "") ?? softLimit
    default:
        fputs("usage: ce-fuzz [--count N] [--seed S] [--soft-limit SECONDS]\n", stderr)
        exit(64)
    }
}

/// The repository root: found from this file's path at build time.
let repository: String = {
    var path = #filePath  // <repo>/Tests/Fuzz/main.swift
    for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
    return path
}()

setenv("CE_STDLIB", repository + "/stdlib", 0)
setenv("OPENBLAS_NUM_THREADS", "1", 0)
// Hostile sizes must meet the limit checks, not the machine's swap.
MemoryBudget.setLimit(2_000_000_000)
CurrentInput.installCrashHandlers()
signal(SIGPIPE, SIG_IGN)

let folder = "/tmp/ce-fuzz-\(getpid())"
mkdir(folder, 0o755)
chdir(folder)

let scripts = (try? listExamples(repository + "/examples")) ?? []
let names = CommandRegistry.all.map { (name: $0.name, parameters: $0.parameters.map(\.name)) }
var maker = ProgramMaker(random: RandomStream(seed: seed, stream: 11), scripts: scripts, builtins: names)
let files = try HostileFiles(folder: folder, sharedData: repository + "/../shared/data")
let watchdog = Watchdog(softLimit: softLimit, hardLimit: 5)

/// How inputs of one kind ended.
struct Tally {
    var inputs = 0, completed = 0, errors = 0, stopped = 0, exited = 0
    var slowest = 0.0
}

/// A session with the objects builtin calls take, made again every `renew` inputs.
final class FuzzSession {
    static let setup = """
        fz_fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
        fz_cs = clusters(fz_fcc, cutoffs={2: 4.1})
        fz_conf = configuration(fz_fcc, supercell=2, composition=[[0.5, 0.5]], seed=1)
        fz_tri = lattice("triangular", a=1.0, size=6, species=["Mn4+", "Li+"])
        fz_data = standin(40, seed=1)
        fz_fit = fit(fz_data, method="ols")
        fz_run = anneal("triangular", size=6, composition={"Li": 1/3}, sweeps=2, kT={"from": 1, "to": 0.5, "count": 2}, seed=1)
        fz_pa = closure("pair", x=1/3, size=6, seed=1)
        fz_cost = fn(k) { return (k[0] - 1) ^ 2 + k[1] ^ 2 }
        fz_xs = [1, 2.5, -3]
        fz_chain = sample(fz_cost, start=[0, 0], n=200, seed=1)
        """

    var session: Session
    var used = 0

    init() throws {
        session = try Session()
        try renew()
    }

    func renew() throws {
        session = try Session()
        session.output.lineTarget = { _ in }
        session.output.figureTarget = { _ in }
        if case .failed(let d) = session.execute(FuzzSession.setup, file: "setup.ce", echo: false) {
            fputs("ce-fuzz: the setup failed:\n\(d.rendered)\n", stderr)
            exit(1)
        }
        used = 0
    }

    func run(_ source: String, into tally: inout Tally) {
        used += 1
        if used > 500 { try? renew() }
        tally.inputs += 1
        let seconds = watchdog.time(source) {
            switch session.execute(source, file: "fuzz.ce", echo: true) {
            case .completed: tally.completed += 1
            case .exited: tally.exited += 1
            case .failed(let d):
                if d.rendered.contains("stopped by Ctrl-C") { tally.stopped += 1 } else { tally.errors += 1 }
                _ = d.rendered
            }
        }
        tally.slowest = max(tally.slowest, seconds)
    }
}

func listExamples(_ path: String) throws -> [String] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var out: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name.hasSuffix(".ce"), let text = try? DataFile.readText(path + "/" + name) { out.append(text) }
    }
    return out.sorted()
}

let fuzz = try FuzzSession()
// Shares of the run: random bytes 30%, mutated scripts 10%, grammar programs 35%, builtin calls 15%, files 10%.
let shares: [(String, Double)] = [("random byte programs", 0.30), ("mutated example scripts", 0.10), ("grammar programs", 0.35),
                                  ("builtin calls with hostile arguments", 0.15), ("hostile files", 0.10)]
var tallies = [Tally](repeating: Tally(), count: shares.count)
let started = Watchdog.now()
for (kind, (_, share)) in shares.enumerated() {
    let n = kind == shares.count - 1 ? count - tallies.map(\.inputs).reduce(0, +) : Int(Double(count) * share)
    for k in 0..<n {
        let source: String
        switch kind {
        case 0: source = maker.randomBytes()
        case 1: source = maker.mutatedScript()
        case 2: source = maker.program()
        case 3: source = maker.builtinCall(names[k % names.count])
        default: source = files.make(k, &maker)
        }
        fuzz.run(source, into: &tallies[kind])
    }
}

var total = Tally()
for ((name, _), t) in zip(shares, tallies) {
    print("ce-fuzz: \(t.inputs) \(name): \(t.completed) ran, \(t.errors) errors, \(t.stopped) stopped at the \(softLimit) s limit, "
        + "\(t.exited) exited; slowest \(format(t.slowest)) s")
    total.inputs += t.inputs
    total.stopped += t.stopped
    total.slowest = max(total.slowest, t.slowest)
}
print("ce-fuzz: \(total.inputs) inputs in \(format(Double(Watchdog.now() - started) / 1e9)) CPU s (seed \(seed)): no crash, no signal, "
    + "none past the 5 s limit; \(total.stopped) stopped by the watchdog's interrupt; slowest \(format(total.slowest)) CPU s")

func format(_ x: Double) -> String {
    let r = (x * 100).rounded() / 100
    return String(r)
}
