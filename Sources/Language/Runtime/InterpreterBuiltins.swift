// The builtins that need the interpreter itself: printing, help, exit,
// reflection. Interpreter.init registers them before the shell's builtins.

/// `print`, `help`, `exit`, `type`, `show`, `fields` and `assert`.
///
///     let interp = Interpreter(builtins: [], print: { print($0) })   // already has them
///     InterpreterBuiltins.all.map(\.name)   // ["print", "help", ...]
public enum InterpreterBuiltins {
    public static var all: [Builtin] {
        [
            Builtin(
                "print", [.variadic("values", "the values to print"), Parameter("sep", default: .string(" "), "put between values")],
                summary: "Prints values on one line.",
                doc: "print(\"x =\", 1.5)   # x = 1.5\nprint x              # command form", category: "basics"
            ) { args in
                let values = try args.list("values")
                let sep = try args.string("sep")
                args.context.print(values.map(\.description).joined(separator: sep))
                return .null
            },
            Builtin(
                "help", [Parameter("name", default: .null, "a name, a function, or nil for the index")],
                summary: "Shows documentation.",
                doc: "help          # everything, by category\nhelp sqrt     # one command\n?sqrt         # the same",
                category: "basics"
            ) { args in
                let interp = try interpreter(args)
                switch args["name"] {
                case .null: args.context.print(interp.help(nil))
                case .string(let s): args.context.print(interp.help(s))
                case let v:
                    let name: String
                    if case .function(let f) = v { name = f.name } else { name = v.typeName }
                    args.context.print(Help(interpreter: interp).text(for: v, named: name))
                }
                return .null
            },
            Builtin(
                "exit", [Parameter("code", default: .int(0), "the process exit status, 0 to 255")],
                summary: "Ends the session.", doc: "exit      # status 0\nexit(2)", category: "basics"
            ) { args in
                let code = try args.int("code")
                guard (0...255).contains(code) else { throw RuntimeError("exit: code must be 0 to 255, got \(code)") }
                throw ExitRequest(code: Int32(code))
            },
            Builtin(
                "type", [Parameter("x", "any value")], summary: "The name of a value's type.",
                doc: "type(1.5)     # \"float\"\ntype([1])     # \"list\"", category: "basics"
            ) { args in
                .string(args["x"].typeName)
            },
            Builtin(
                "show", [Parameter("x", "any value")], summary: "Prints a value in full (an object's whole table).",
                doc: "show(run)", category: "basics"
            ) { args in
                switch args["x"] {
                case .object(let o): args.context.print(o.table)
                case let v: args.context.print(v.formatted(quoteStrings: true))
                }
                return .null
            },
            Builtin(
                "fields", [Parameter("x", "an object or a map")], summary: "The field names of an object (keys of a map).",
                doc: "fields(run)   # [\"energy\", ...]", category: "basics"
            ) { args in
                switch args["x"] {
                case .object(let o): return .strings(o.fieldNames)
                case .map(let m): return .list(ListValue(m.keys.map(\.value)))
                case let v: throw RuntimeError("fields: \(v.typeName) has no fields")
                }
            },
            Builtin(
                "assert", [Parameter("condition", "must be true"), Parameter("message", default: .string("assertion failed"), "the error")],
                summary: "Stops with an error unless the condition holds.",
                doc: "assert(len(xs) == 3, \"need three points\")", category: "basics"
            ) { args in
                guard args["condition"].isTruthy else { throw RuntimeError(try args.string("message")) }
                return .null
            },
        ]
    }

    private static func interpreter(_ args: Arguments) throws -> Interpreter {
        guard let interp = args.context.interpreter else { throw RuntimeError("\(args.callee): no interpreter") }
        return interp
    }
}
