// Running as one rank of an MPI job: Open MPI's library is loaded at run time,
// and only when mpirun started the process, so ce builds and runs without it.
// Rank 0 prints and writes; the other ranks keep their output in a scratch file
// that they show only when they fail alone.
import Numerics
#if canImport(Glibc)
import Glibc
#endif

/// The MPI job this process is a rank of, if mpirun started it.
///
///     MPIJob.startIfLaunched()        // first thing in main
///     MPIJob.end(code)                // finalize, or end every rank when this one failed
public enum MPIJob {
    /// The Open MPI library ce loads: `$CE_MPI_LIBRARY` (a path, for an Open MPI 4 installed
    /// elsewhere), else Debian's libmpi.so.40 (Open MPI 4.x).
    public static var library: String { FileSystem.environment("CE_MPI_LIBRARY") ?? "libmpi.so.40" }

    /// Whether mpirun (or an Open MPI / PMIx launcher) started this process.
    public static var isLaunched: Bool {
        FileSystem.environment("OMPI_COMM_WORLD_SIZE") != nil || FileSystem.environment("PMIX_RANK") != nil
    }

    nonisolated(unsafe) private static var job: OpenMPI?

    /// Joins the MPI job when mpirun started this process and installs it as `Ranks.current`;
    /// does nothing otherwise. A launched process without the library stops with a message (exit 69).
    public static func startIfLaunched() {
        guard isLaunched else { return }
        let mpi: OpenMPI
        do { mpi = try OpenMPI.load() } catch {
            fputs("ce: \(error)\n", stderr)
            exit(69)
        }
        job = mpi
        Ranks.install(mpi)
        if mpi.rank != 0 { mpi.silenceOutput() }
        // mpirun passes Ctrl-C on as SIGTERM: stop at the next safe point, as Ctrl-C does alone.
        InterruptSignal.install(SIGTERM, repeatable: false)
    }

    /// Ends this rank with exit `code`: after success every rank finalizes; after a failure rank 0
    /// ends the job at once, and any other rank waits a moment for rank 0 to do so (it fails
    /// alike when the ranks ran the same script), then shows its own error and ends the job.
    public static func end(_ code: Int32) -> Int32 {
        guard let mpi = job else { return code }
        Terminal.flush()
        if code == 0 { mpi.finalize(); return 0 }
        if mpi.rank != 0 { sleep(3) }
        mpi.abort(mpi.rank == 0 ? "" : mpi.failureReport(), code: code)
    }
}

/// Open MPI's C entry points, resolved with dlsym from `libmpi.so.40`.
final class OpenMPI: RankCommunicator, @unchecked Sendable {
    private typealias InitThread = @convention(c) (UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?, Int32, UnsafeMutablePointer<Int32>?) -> Int32
    private typealias CommQuery = @convention(c) (UnsafeMutableRawPointer, UnsafeMutablePointer<Int32>) -> Int32
    private typealias Allgather = @convention(c) (UnsafeRawPointer?, Int32, UnsafeMutableRawPointer, UnsafeMutableRawPointer?, Int32, UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int32
    private typealias Allgatherv = @convention(c) (UnsafeRawPointer?, Int32, UnsafeMutableRawPointer, UnsafeMutableRawPointer?, UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int32
    private typealias Abort = @convention(c) (UnsafeMutableRawPointer, Int32) -> Int32
    private typealias Finalize = @convention(c) () -> Int32

    let rank: Int
    let size: Int
    private let world: UnsafeMutableRawPointer
    private let byte: UnsafeMutableRawPointer
    private let allgatherBytes: Allgather
    private let allgathervBytes: Allgatherv
    private let abortJob: Abort
    private let finalizeJob: Finalize
    /// Rank 0's standard error, kept open on the other ranks for their own failure report.
    private var reportStream: Int32 = 2
    /// The scratch file the other ranks' output goes to.
    private var scratch: UnsafeMutablePointer<FILE>?

    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// Loads the library, resolves the entry points and initialises MPI (threads: serialized,
    /// since the interpreter's thread, not the main one, makes the calls).
    static func load() throws -> OpenMPI {
        guard let handle = dlopen(MPIJob.library, RTLD_NOW | RTLD_GLOBAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "not found"
            throw LoadError(description: "started by mpirun, but the MPI library \(MPIJob.library) cannot be loaded (\(reason)); install Open MPI 4 (Debian: libopenmpi3 or libopenmpi-dev, as scripts/setup does), or run ce without mpirun")
        }
        func symbol<T>(_ name: String, as type: T.Type) throws -> T {
            guard let p = dlsym(handle, name) else {
                throw LoadError(description: "\(MPIJob.library) has no symbol \(name): ce needs Open MPI 4")
            }
            return unsafeBitCast(p, to: type)
        }
        func global(_ name: String) throws -> UnsafeMutableRawPointer {
            guard let p = dlsym(handle, name) else {
                throw LoadError(description: "\(MPIJob.library) has no symbol \(name): ce needs Open MPI 4 (another MPI is not supported)")
            }
            return p
        }
        // Every entry point first: a missing one stops ce before MPI is initialised.
        let initThread = try symbol("MPI_Init_thread", as: InitThread.self)
        let commRank = try symbol("MPI_Comm_rank", as: CommQuery.self)
        let commSize = try symbol("MPI_Comm_size", as: CommQuery.self)
        let allgather = try symbol("MPI_Allgather", as: Allgather.self)
        let allgatherv = try symbol("MPI_Allgatherv", as: Allgatherv.self)
        let abort = try symbol("MPI_Abort", as: Abort.self)
        let finalize = try symbol("MPI_Finalize", as: Finalize.self)
        let world = try global("ompi_mpi_comm_world")
        let byte = try global("ompi_mpi_byte")
        let serialized: Int32 = 2  // MPI_THREAD_SERIALIZED in Open MPI's mpi.h
        var provided: Int32 = 0
        guard initThread(nil, nil, serialized, &provided) == 0 else { throw LoadError(description: "MPI_Init_thread failed") }
        guard provided >= serialized else {
            throw LoadError(description: "this Open MPI gives thread level \(provided); ce needs MPI_THREAD_SERIALIZED (2)")
        }
        var rank: Int32 = -1, size: Int32 = 0
        guard commRank(world, &rank) == 0, commSize(world, &size) == 0, size >= 1, 0 <= rank, rank < size else {
            throw LoadError(description: "MPI gives this process rank \(rank) of \(size)")
        }
        return OpenMPI(rank: Int(rank), size: Int(size), world: world, byte: byte,
                       allgather: allgather, allgatherv: allgatherv, abort: abort, finalize: finalize)
    }

    private init(rank: Int, size: Int, world: UnsafeMutableRawPointer, byte: UnsafeMutableRawPointer,
                 allgather: Allgather, allgatherv: Allgatherv, abort: Abort, finalize: Finalize) {
        self.rank = rank
        self.size = size
        self.world = world
        self.byte = byte
        allgatherBytes = allgather
        allgathervBytes = allgatherv
        abortJob = abort
        finalizeJob = finalize
    }

    /// Points this rank's standard output and error at a scratch file, keeping the real stderr.
    func silenceOutput() {
        fflush(stdout); fflush(stderr)
        reportStream = dup(2)
        guard let file = tmpfile() else { return }
        scratch = file
        dup2(fileno(file), 1)
        dup2(fileno(file), 2)
    }

    /// The last lines this rank wrote, headed by its rank, for when it fails alone.
    func failureReport() -> String {
        fflush(stdout); fflush(stderr)
        var text = ""
        if let scratch {
            fseek(scratch, 0, SEEK_END)
            let length = ftell(scratch)  // -1 when the scratch file cannot tell
            let keep = max(0, min(length, 4096))
            fseek(scratch, length - keep, SEEK_SET)
            var bytes = [UInt8](repeating: 0, count: keep)
            let got = fread(&bytes, 1, keep, scratch)
            text = String(decoding: bytes.prefix(got), as: UTF8.self)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).suffix(5)
        return "ce: rank \(rank) of \(size) failed:\n" + lines.map { "  " + $0 + "\n" }.joined()
    }

    func allgather(_ bytes: [UInt8]) -> [[UInt8]] {
        var length = Int64(bytes.count)
        var lengths = [Int64](repeating: 0, count: size)
        let gathered = lengths.withUnsafeMutableBytes { all in
            allgatherBytes(&length, 8, byte, all.baseAddress, 8, byte, world)
        }
        guard gathered == 0 else { abort("ce: rank \(rank): MPI_Allgather failed (error \(gathered))", code: 70) }
        guard lengths.allSatisfy({ $0 >= 0 }), lengths.reduce(0, +) <= Int64(Int32.max) else {
            abort("ce: rank \(rank): the results of one parallel command exceed 2 GiB, more than one MPI gather carries", code: 70)
        }
        let counts = lengths.map { Int32($0) }
        var offsets = [Int32](repeating: 0, count: size)
        for r in 1..<max(size, 1) { offsets[r] = offsets[r - 1] + counts[r - 1] }
        var all = [UInt8](repeating: 0, count: Int(counts.reduce(0, +)))
        let gatheredAll = bytes.withUnsafeBytes { mine in
            all.withUnsafeMutableBytes { out in
                allgathervBytes(mine.baseAddress, Int32(bytes.count), byte, out.baseAddress, counts, offsets, byte, world)
            }
        }
        guard gatheredAll == 0 else { abort("ce: rank \(rank): MPI_Allgatherv failed (error \(gatheredAll))", code: 70) }
        return (0..<size).map { r in Array(all[Int(offsets[r])..<Int(offsets[r] + counts[r])]) }
    }

    func abort(_ message: String, code: Int32) -> Never {
        if !message.isEmpty {
            let line = message.hasSuffix("\n") ? message : message + "\n"
            _ = line.withCString { write(reportStream, $0, strlen($0)) }
        }
        fflush(stdout); fflush(stderr)
        _ = abortJob(world, code)
        exit(code)
    }

    func finalize() { _ = finalizeJob() }
}
