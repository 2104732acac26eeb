// Calls core builtins as the interpreter does (Builtin.call: bind, check, run), and
// checks that every builtin is documented for `help`.
import Foundation
import PeerSupport
import Testing
@testable import Language

/// Binds and calls builtins by name; also calls builtin function values for map/filter/sort(key=).
final class BuiltinHarness: FunctionCaller {
    let context: CallContext
    let builtins: [String: Builtin]

    init(seed: UInt64 = 0) {
        var table: [String: Builtin] = [:]
        for b in CoreBuiltins.all { table[b.name] = b }
        builtins = table
        context = CallContext(print: { _ in }, seed: seed)
        context.caller = self
    }

    func call(_ name: String, _ positional: [Value] = [], _ keywords: [(String, Value)] = []) throws -> Value {
        guard let b = builtins[name] else { throw RuntimeError("no builtin \(name)") }
        return try b.call(positional, keywords, context: context)
    }

    /// The printed form with strings quoted: "2" is an int, "2.0" a float, "\"a\"" a string.
    func show(_ name: String, _ positional: [Value] = [], _ keywords: [(String, Value)] = []) throws -> String {
        try call(name, positional, keywords).formatted(quoteStrings: true)
    }

    /// The error message a call raises, or nil when it succeeds.
    func failure(_ name: String, _ positional: [Value] = [], _ keywords: [(String, Value)] = []) -> String? {
        do {
            _ = try call(name, positional, keywords)
            return nil
        } catch let e as RuntimeError {
            return e.message
        } catch {
            return "\(error)"
        }
    }

    func function(_ name: String) -> Value {
        guard let b = builtins[name] else { return .null }
        return .function(Function(b))
    }

    func call(_ function: Value, _ arguments: [Value], keywords: [(String, Value)]) throws -> Value {
        guard case .function(let f) = function, case .builtin(let b) = f.implementation else {
            throw RuntimeError("the test harness calls builtins only")
        }
        return try b.call(arguments, keywords, context: context)
    }
}

/// A numeric list value.
func numList(_ xs: Double...) -> Value { .doubles(xs) }
func intList(_ xs: Int...) -> Value { .ints(xs) }

/// The doubles inside a list value (nil entries for non-numbers).
func asDoubles(_ v: Value) -> [Double] {
    guard case .list(let l) = v else { return [] }
    return l.items.map {
        switch $0 {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return .nan
        }
    }
}

func asDouble(_ v: Value) -> Double {
    switch v {
    case .int(let i): return Double(i)
    case .double(let d): return d
    default: return .nan
    }
}

/// The floats of a numpy expression (an iterable), exactly, from the peer environment;
/// throws when numpy is missing.
func numpyValues(_ expression: String) throws -> [Double] {
    try Peer.doubles("import numpy as np\nfor x in \(expression): print(float(x).hex())")
}

@Suite struct BuiltinCallTests {
    @Test func everyBuiltinIsDocumentedForHelp() {
        let all = CoreBuiltins.all
        #expect(Set(all.map(\.name)).count == all.count, "builtin names are unique")
        let expected: Set = [
            "abs", "sqrt", "exp", "log", "sin", "cos", "floor", "round", "min", "max", "sum", "mean", "std",
            "linspace", "logspace", "range", "len", "append", "keys", "values", "sort", "map", "filter", "zip",
            "format", "table", "seed", "rand", "randn", "randint", "choice", "shuffle", "time", "cpu_time",
            "int", "float", "str", "tan", "asin", "acos", "atan", "dot",
        ]
        #expect(Set(all.map(\.name)) == expected)
        for b in all {
            #expect(!b.summary.isEmpty && !b.category.isEmpty, "\(b.name) has a summary and category")
            #expect(b.doc.contains("Example:"), "\(b.name) has an example")
            #expect(b.parameters.allSatisfy { !$0.doc.isEmpty }, "\(b.name) documents its parameters")
        }
    }

    @Test func signaturesShowDefaults() {
        let h = BuiltinHarness()
        #expect(h.builtins["round"]?.signature == "round(x, digits=0)")
        #expect(h.builtins["std"]?.signature == "std(xs, ddof=0)")
        #expect(h.builtins["range"]?.signature == "range(start, stop=nil, step=1)")
        #expect(h.builtins["min"]?.signature == "min(*values)")
    }

    @Test func bindingErrorsNameTheBuiltin() {
        let h = BuiltinHarness()
        #expect(h.failure("sqrt") == "sqrt needs argument 'x'; usage: sqrt(x)")
        #expect(h.failure("std", [numList(1)], [("dof", .int(1))]) == "std: unknown keyword 'dof'; did you mean 'ddof'?")
        #expect(h.failure("std", [numList(1)], [("zz", .int(1))]) == "std: unknown keyword 'zz' (it takes xs, ddof)")
        #expect(h.failure("len", [.int(1), .int(2)]) == "len takes at most 1 arguments, got 2; usage: len(x)")
        #expect(h.failure("std", [.string("a")]) == "std: xs must be a list of numbers, got a string")
        #expect(h.failure("std", [numList(1, 2)], [("ddof", .string("1"))]) == "std: ddof must be an int, got a string")
    }
}
