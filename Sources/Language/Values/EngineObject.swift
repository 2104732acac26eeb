// How engine results (lattice, run, fit, closure model, chain) appear in the
// language: as objects with fields, methods, a short summary and a full table.

/// An engine result that a ce program can hold in a variable.
///
/// A conforming type lists its fields (`run.energy`), optionally methods
/// (`lat.supercell(3)`), prints a short summary at the prompt, a full table
/// through `show(x)` or `x.table`, and exports plain data for `save`.
///
///     final class RunObject: EngineObject {
///         var typeName: String { "run" }
///         var fieldNames: [String] { ["energy", "final"] }
///         func field(_ name: String) -> Value? { ... }
///         var summary: String { "run: 20 steps, final energy 0" }
///     }
public protocol EngineObject: AnyObject {
    /// The type name users see, e.g. "lattice" or "run".
    var typeName: String { get }
    /// The fields, in the order `show` and completion list them.
    var fieldNames: [String] { get }
    /// The value of field `name`, or nil when there is no such field.
    func field(_ name: String) -> Value?
    /// The method names, for completion and error messages.
    var methodNames: [String] { get }
    /// Calls method `name`; only called for names in `methodNames`.
    func callMethod(_ name: String, _ arguments: [Value], keywords: [(String, Value)], context: CallContext) throws -> Value
    /// The short printed form: one line, or a few for a summary table.
    var summary: String { get }
    /// The full printed form, for `show(x)` and `x.table`.
    var table: String { get }
    /// Plain data for `save` (usually a map of columns), or nil if not saveable.
    func exportValue() -> Value?
    /// The result as a table (columns with units, attributes, arrays) for `.csv`, `.h5` and `.npz`
    /// files; nil when it is not tabular (then those files take `exportValue`'s columns).
    var dataTable: DataTable? { get }
}

extension EngineObject {
    public var methodNames: [String] { [] }
    public func callMethod(_ name: String, _ arguments: [Value], keywords: [(String, Value)], context: CallContext) throws -> Value {
        throw RuntimeError("\(typeName) has no method '\(name)'")
    }
    public var table: String { summary }
    public var dataTable: DataTable? { nil }
    public func exportValue() -> Value? {
        let fields = fieldNames.compactMap { name in field(name).map { (name, $0) } }
        return .record(fields)
    }
}
