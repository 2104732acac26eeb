// A runtime error raised on rank 0 (a figure gnuplot could not draw) rebuilt on
// the other ranks of an MPI job, so every rank fails at the same statement alike.
import Numerics

extension RuntimeError: RankPortableError {
    public func write(to out: inout RankBytes) {
        out.append(message)
        out.append(Diagnostic.Kind.allCases.firstIndex(of: kind) ?? 0)
        out.append(location != nil)
        if let location { out.append(location.file); out.append(location.line); out.append(location.column) }
    }

    public init(from input: inout RankBytes.Reader) throws {
        self.init(try input.string())
        let kinds = Diagnostic.Kind.allCases
        let k = try input.int()
        guard kinds.indices.contains(k) else { throw RankTransferError("a runtime error from another rank has kind \(k)") }
        kind = kinds[k]
        if try input.bool() {
            location = SourceLocation(file: try input.string(), line: try input.int(), column: try input.int())
        }
    }
}
