// The Structures engine module: structures made from a lattice. Derivative
// structures by enumeration, convex hulls and ground states, special
// quasirandom structures, and the ranking of candidates for the next DFT
// calculations. No I/O and no knowledge of the language (design.md).
@_exported import Lattice

/// Thrown by a long engine loop that saw a Ctrl-C request (`Interruption.isRequested`);
/// the shell turns it into its interrupted diagnostic.
///
///     if Interruption.isRequested { throw StructuresInterrupted() }
public struct StructuresInterrupted: Error, Sendable {
    public init() {}
}

/// Throws `StructuresInterrupted` when Ctrl-C was pressed.
@inline(__always) func pollInterruption() throws {
    if Interruption.isRequested { throw StructuresInterrupted() }
}
