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
                "print", PrintParameters.self, summary: "Prints values on one line.",
                doc: "Example:\n    print(\"x =\", 1.5)   # x = 1.5\n    x = 2\n    print x              # command form: print(x)\n    print(1, 2, sep=\", \")",
                category: "basics"
            ) { args in
                args.context.print(try ValueText.joined(try args.values, separator: try args.sep, callee: "print"))
                return .null
            },
            Builtin(
                "help", HelpParameters.self, summary: "Shows documentation.",
                doc: "Example:\n    help          # everything, by category\n    help sqrt     # one command\n    ?sqrt         # the same",
                category: "basics"
            ) { args in
                let interp = try interpreter(args)
                switch try args.name {
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
                "exit", ExitParameters.self, summary: "Ends the session.", doc: "Ends with status 0, or the code given; scripts use it to report failure.\nExample:\n    exit(2)",
                category: "basics"
            ) { args in
                let code = try args.code
                guard (0...255).contains(code) else { throw RuntimeError("exit: code must be 0 to 255, got \(code)") }
                throw ExitRequest(code: Int32(code))
            },
            Builtin(
                "type", AnyValue.self, summary: "The name of a value's type.",
                doc: "Example:\n    type(1.5)     # \"float\"\n    type([1])     # \"list\"", category: "basics"
            ) { args in
                .string(try args.x.typeName)
            },
            Builtin(
                "show", AnyValue.self, summary: "Prints a value in full (an object's whole table).",
                doc: "Example:\n    show([1, 2])\n    show(linfit([0, 1], [1, 3]))", category: "basics"
            ) { args in
                switch try args.x {
                case .object(let o): args.context.print(o.table)
                case let v: args.context.print(try v.printed(quoteStrings: true, callee: "show"))
                }
                return .null
            },
            Builtin(
                "fields", FieldsParameters.self, summary: "The field names of an object (keys of a map).",
                doc: "Example:\n    fields({\"a\": 1, \"b\": 2})   # [\"a\", \"b\"]\n    fields(standin(20))", category: "basics"
            ) { args in
                switch try args.x {
                case .object(let o): return .strings(o.fieldNames)
                case .map(let m): return .list(ListValue(m.keys.map(\.value)))
                case let v: throw RuntimeError("fields: \(v.typeName) has no fields")
                }
            },
            Builtin(
                "assert", AssertParameters.self, summary: "Stops with an error unless the condition holds.",
                doc: "Example:\n    xs = [1, 2, 3]\n    assert(len(xs) == 3, \"need three points\")", category: "basics"
            ) { args in
                guard try args.condition.isTruthy else { throw RuntimeError(try args.message) }
                return .null
            },
        ]
    }

    private static func interpreter<P>(_ args: Arguments<P>) throws -> Interpreter {
        guard let interp = args.context.interpreter else { throw RuntimeError("\(args.callee): no interpreter") }
        return interp
    }

    struct PrintParameters: Parameters {
        var values = Param.variadic("values", "the values to print")
        var sep = Param("sep", default: " ", "put between values")
    }

    struct HelpParameters: Parameters {
        var name = Param<Value>("name", default: .null, "a name (string), a function or other value, or nil for the index")
    }

    struct ExitParameters: Parameters {
        var code = Param("code", default: 0, "the process exit status, 0 to 255")
    }

    /// One parameter of any type.
    struct AnyValue: Parameters {
        var x = Param<Value>("x", "any value")
    }

    struct FieldsParameters: Parameters {
        var x = Param<Value>("x", "an object or a map")
    }

    struct AssertParameters: Parameters {
        var condition = Param<Value>("condition", "must be true (anything but false and nil)")
        var message = Param("message", default: "assertion failed", "the error")
    }
}
