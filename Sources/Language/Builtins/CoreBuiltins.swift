// The builtins every session has, independent of any engine: math,
// statistics, sequences, collections, formatting, seeded random draws and
// the clock. No file or terminal I/O here (that is Shell's DataFileBuiltins).

/// The language's core builtins, in `help` order.
///
///     let registry = CoreBuiltins.all + DataFileBuiltins.all + engineCommands
public enum CoreBuiltins {
    public static var all: [Builtin] {
        ConversionBuiltins.all + MathBuiltins.all + StatisticsBuiltins.all + SequenceBuiltins.all + CollectionBuiltins.all
            + FormatBuiltins.all + RandomBuiltins.all + TimeBuiltins.all
    }

    /// The named numbers: pi, inf, nan.
    public static var constants: [Constant] { MathBuiltins.constants }
}
