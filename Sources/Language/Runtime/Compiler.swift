// Turns the syntax tree into nested Swift closures ("closure compilation"):
// names are resolved to slots once, operators pick their int/float fast
// path, and running a program is calling closures, with no tree walking,
// name lookups or dictionary accesses per step.
import Numerics

/// The source text of one compiled unit, for the caret line of errors.
final class SourceText {
    let file: String
    let text: String
    /// The UTF-8 offset where each line starts: found by bytes, since splitting the String by
    /// Characters cost about 5 % of start-up's instructions (the prelude is compiled on every start).
    private let lineStarts: [Int]

    init(file: String, text: String) {
        self.file = file
        self.text = text
        var starts = [0]
        for (i, byte) in text.utf8.enumerated() where byte == 10 { starts.append(i + 1) }
        lineStarts = starts
    }

    /// Line `n` (from 1) without its line break ("\n" or "\r\n"), or nil past the end.
    func line(_ n: Int) -> String? {
        guard n >= 1 && n <= lineStarts.count else { return nil }
        let bytes = text.utf8
        let start = bytes.index(bytes.startIndex, offsetBy: lineStarts[n - 1])
        var end = n < lineStarts.count ? bytes.index(bytes.startIndex, offsetBy: lineStarts[n] - 1) : bytes.endIndex
        if end > start, bytes[bytes.index(before: end)] == 13 { end = bytes.index(before: end) }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// A compiled statement in a struct, so an array of them calls the closure directly.
private struct CompiledStatement {
    let run: Exec
}

/// Compiles statements of one source unit against the session's globals.
///
///     let compiler = Compiler(interpreter: interp, source: SourceText(file: "a.ce", text: text))
///     let exec = try compiler.statement(stmt)
///     _ = try exec(topFrame)
final class Compiler {
    /// Compiled closures hold the interpreter unowned(unsafe): it owns them
    /// (through its globals) and outlives every call into them.
    unowned(unsafe) let interpreter: Interpreter
    let source: SourceText
    private var resolver: Resolver
    /// `fn`s compiled so far, to tell which function bodies define functions.
    private var functionsCompiled = 0
    private let stackLimit = StackGuard.limit()

    init(interpreter: Interpreter, source: SourceText) {
        self.interpreter = interpreter
        self.source = source
        resolver = Resolver(globals: interpreter.globals)
    }

    private func location(_ l: Loc) -> SourceLocation {
        SourceLocation(file: source.file, line: l.line, column: l.column)
    }

    /// A run-time error at `l`, remembering its source line.
    private func failure(_ message: String, _ l: Loc) -> RuntimeError {
        interpreter.locate(RuntimeError(message), at: location(l), in: source)
    }

    private func checkStack() throws {
        if StackGuard.address() < stackLimit { throw RuntimeError("too deep: the program is nested too deeply to compile") }
    }

    // MARK: - Statements

    /// A top-level statement; with `echo`, an expression statement prints its non-nil value.
    func topLevel(_ statement: Stmt, echo: Bool) throws -> Exec {
        if echo, case .expression(let e, _) = statement {
            let eval = try expression(e)
            unowned(unsafe) let interp = interpreter
            return { f in
                let value = try eval(f)
                if value.isNull { return .normal }
                if let echo = interp.context.echo { echo(value) } else { interp.context.print(try value.printed(quoteStrings: false, callee: "")) }
                return .normal
            }
        }
        return try self.statement(statement)
    }

    /// The statements in order, as a chain of closures (no array of
    /// closures: calling through one costs a reabstraction thunk).
    func block(_ body: [Stmt]) throws -> Exec {
        if body.count > 8 {
            let statements = try body.map { CompiledStatement(run: try statement($0)) }
            return { f in
                for s in statements {
                    let flow = try s.run(f)
                    if case .normal = flow { continue }
                    return flow
                }
                return .normal
            }
        }
        // Not `body.last.map(statement)`: a closure passed through generic code
        // comes back wrapped in a reabstraction thunk, one more call per run.
        guard let last = body.last else { return { _ in .normal } }
        var chain = try statement(last)
        for s in body.dropLast().reversed() {
            let first = try statement(s), rest = chain
            chain = { f in
                let flow = try first(f)
                if case .normal = flow { return try rest(f) }
                return flow
            }
        }
        return chain
    }

    func statement(_ statement: Stmt) throws -> Exec {
        try checkStack()
        switch statement {
        case .expression(let e, _):
            let eval = try expression(e)
            return { f in
                _ = try eval(f)
                return .normal
            }
        case .assign(let target, let op, let value, let loc):
            return try assignment(target, op, value, loc)
        case .assignMany(let targets, let value, let loc):
            return try multipleAssignment(targets, value, loc)
        case .function(let decl):
            let make = try function(decl)
            let store = variableStore(decl.name)
            return { f in
                store(f, try make(f))
                return .normal
            }
        case .ifElse(let condition, let thenBranch, let elseBranch, _):
            let test = try self.test(condition)
            let then = try block(thenBranch)
            guard let elseBranch else {
                return { f in try test(f) ? try then(f) : .normal }
            }
            let otherwise = try block(elseBranch)
            return { f in try test(f) ? try then(f) : try otherwise(f) }
        case .whileLoop(let condition, let body, _):
            return try whileLoop(condition, body)
        case .forLoop(let first, let second, let sequence, let body, let loc):
            return try forLoop(first, second, sequence, body, loc)
        case .breakLoop: return { _ in .breakLoop }
        case .continueLoop: return { _ in .continueLoop }
        case .returnValue(let e, _):
            guard let e else {
                return { f in
                    f.result = .null
                    return .returned
                }
            }
            let eval = try expression(e)
            return { f in
                f.result = try eval(f)
                return .returned
            }
        case .use(let path, let loc):
            let site = location(loc), src = source
            unowned(unsafe) let interp = interpreter
            return { _ in
                try interp.use(path, from: site, in: src)
                return .normal
            }
        }
    }

    private func assignment(_ target: Expr, _ op: BinaryOp?, _ value: Expr, _ loc: Loc) throws -> Exec {
        var rhs = try expression(value)
        switch target {
        case .variable(let name, _):
            if let op { rhs = try binary(op, target, value, loc) }
            switch resolver.resolve(name) {
            case .local(let slot):
                return { f in
                    f.slots[slot] = try rhs(f)
                    return .normal
                }
            case .global(let index):
                let global = GlobalStore(cell: interpreter.globals.slot(index), interpreter: interpreter)
                return { f in
                    global.store(try rhs(f))
                    return .normal
                }
            case .captured:
                let store = variableStore(name)
                return { f in
                    store(f, try rhs(f))
                    return .normal
                }
            }
        case .index, .field:
            let store = try elementStore(target, op, loc)
            return { f in
                try store(f) { try rhs(f) }
                return .normal
            }
        default:
            throw failure("cannot assign to this expression", loc)
        }
    }

    /// Stores into `xs[i]` or `obj.name`: the container (and index) are
    /// evaluated first, then the value; with `op` the old value is combined
    /// with it (`xs[i] += v`).
    private func elementStore(_ target: Expr, _ op: BinaryOp?, _ loc: Loc) throws -> (Frame, () throws -> Value) throws -> Void {
        let src = source
        unowned(unsafe) let interp = interpreter
        switch target {
        case .index(let container, let index, let indexLoc):
            let c = try expression(container), i = try expression(index)
            let site = location(indexLoc)
            return { f, value in
                let target = try c(f), key = try i(f)
                var v = try value()
                do {
                    if let op { v = try Operators.binary(op, try target.indexed(by: key), v) }
                    try target.setIndex(key, to: v)
                } catch let e as RuntimeError where e.location == nil {
                    throw interp.locate(e, at: site, in: src)
                }
            }
        case .field(let container, let name, let fieldLoc):
            let c = try expression(container)
            let site = location(fieldLoc)
            return { f, value in
                let target = try c(f)
                var v = try value()
                do {
                    if let op { v = try Operators.binary(op, try target.field(name), v) }
                    try target.setField(name, to: v)
                } catch let e as RuntimeError where e.location == nil {
                    throw interp.locate(e, at: site, in: src)
                }
            }
        default:
            throw failure("cannot assign to this expression", loc)
        }
    }

    /// `a, b = value`: the value's items, one per target, stored left to right.
    private func multipleAssignment(_ targets: [Expr], _ value: Expr, _ loc: Loc) throws -> Exec {
        let rhs = try expression(value)
        let stores: [(Frame, Value) throws -> Void] = try targets.map { target in
            if case .variable(let name, _) = target {
                let store = variableStore(name)
                return { f, v in store(f, v) }
            }
            let store = try elementStore(target, nil, loc)
            return { f, v in try store(f) { v } }
        }
        let site = location(loc), src = source
        unowned(unsafe) let interp = interpreter
        func mismatch(_ count: Int) -> RuntimeError {
            interp.locate(RuntimeError("cannot unpack \(count) values into \(stores.count) names"), at: site, in: src)
        }
        return { f in
            let v = try rhs(f)
            let items: [Value]
            switch v {
            case .list(let l): items = l.items
            case .range(let r):
                guard r.count == stores.count else { throw mismatch(r.count) }
                items = r.map { .int($0) }
            default:
                throw interp.locate(
                    RuntimeError("cannot unpack \(withArticle(v.typeName)) into \(stores.count) names; give a list of \(stores.count) values"),
                    at: site, in: src)
            }
            guard items.count == stores.count else { throw mismatch(items.count) }
            for (store, item) in zip(stores, items) { try store(f, item) }
            return .normal
        }
    }

    private func whileLoop(_ condition: Expr, _ body: [Stmt]) throws -> Exec {
        let hot = interpreter.hot
        let test = try self.test(condition)
        let run = try block(body)
        return { f in
            var ticks = 0
            while try test(f) {
                ticks &+= 1
                if ticks & 1023 == 0 { try poll(hot) }
                switch try run(f) {
                case .normal, .continueLoop: continue
                case .breakLoop: return .normal
                case .returned: return .returned
                }
            }
            return .normal
        }
    }

    // for x in range / list / map keys / string characters; for i, x in list; for k, v in map
    private func forLoop(_ first: String, _ second: String?, _ sequence: Expr, _ body: [Stmt], _ loc: Loc) throws -> Exec {
        let hot = interpreter.hot
        let seq = try expression(sequence)
        let storeFirst = variableStore(first)
        let storeSecond = second.map(variableStore)
        let run = try block(body)
        let site = location(sequence.loc), src = source
        unowned(unsafe) let interp = interpreter
        return { f in
            let value = try seq(f)
            var ticks = 0
            var flow = Flow.normal
            let looped = try Compiler.eachItem(of: value, pairs: storeSecond != nil) { item, second in
                storeFirst(f, item)
                if let storeSecond { storeSecond(f, second) }
                ticks &+= 1
                if ticks & 1023 == 0 { try poll(hot) }
                switch try run(f) {
                case .normal, .continueLoop: return true
                case .breakLoop: return false
                case .returned:
                    flow = .returned
                    return false
                }
            }
            guard looped else { throw interp.locate(Compiler.cannotLoop(over: value), at: site, in: src) }
            return flow
        }
    }

    /// Calls `body` with what a for loop binds for each item of `value`: with
    /// one name (`pairs` false) the item in the first argument (a range's
    /// number, a list's item, a map's key, a string's character); with two,
    /// the position and the item, or a map's key and value. `body` returns
    /// false to stop. Returns false when `value` cannot be looped over.
    @inline(__always)
    static func eachItem(of value: Value, pairs: Bool, _ body: (Value, Value) throws -> Bool) throws -> Bool {
        switch value {
        case .range(let r):
            let n = r.count
            var i = 0
            while i < n {
                let go = pairs ? try body(.int(i), .int(r.element(i))) : try body(.int(r.element(i)), .null)
                if !go { break }
                i += 1
            }
        case .list(let l):
            for (i, item) in l.items.enumerated() {
                let go = pairs ? try body(.int(i), item) : try body(item, .null)
                if !go { break }
            }
        case .map(let m):
            for (k, v) in Array(m.pairs) where !(try body(k.value, v)) { break }
        case .string(let s):
            for (i, ch) in s.enumerated() {
                let go = pairs ? try body(.int(i), .string(String(ch))) : try body(.string(String(ch)), .null)
                if !go { break }
            }
        default:
            return false
        }
        return true
    }

    static func cannotLoop(over value: Value) -> RuntimeError {
        RuntimeError("cannot loop over \(withArticle(value.typeName))")
    }

    /// A list or map comprehension: a frame of its own for its loop variables
    /// (made at each evaluation, its parent the enclosing frame), its clauses
    /// compiled as nested loops and tests around the step that adds an item.
    private func comprehension(_ c: Comprehension) throws -> Eval {
        resolver.enterComprehension(variables: c.variables)
        let slotCount: Int
        let run: (Frame, Value) throws -> Void
        do {
            let element = try expression(c.element)
            let value = try c.value.map(expression)
            let keySite = location(c.element.loc), src = source
            unowned(unsafe) let interp = interpreter
            // The innermost step: add the item (or key and value) to the result.
            var step: (Frame, Value) throws -> Void
            if let value {
                step = { f, out in
                    guard case .map(let m) = out else { return }
                    let key = try element(f)
                    guard let mapKey = MapKey(key) else {
                        throw interp.locate(
                            RuntimeError("a map key must be a string, int, bool or nil, not \(key.typeName)"), at: keySite, in: src)
                    }
                    m[mapKey] = try value(f)
                }
            } else {
                step = { f, out in
                    guard case .list(let l) = out else { return }
                    l.items.append(try element(f))
                }
            }
            let hot = interpreter.hot
            for clause in c.clauses.reversed() {
                let inner = step
                switch clause {
                case .condition(let test):
                    let t = try expression(test)
                    step = { f, out in if try t(f).isTruthy { try inner(f, out) } }
                case .loop(let first, let second, let sequence):
                    let seq = try expression(sequence)
                    let storeFirst = variableStore(first), storeSecond = second.map(variableStore)
                    let site = location(sequence.loc)
                    step = { f, out in
                        let items = try seq(f)
                        var ticks = 0
                        let looped = try Compiler.eachItem(of: items, pairs: storeSecond != nil) { item, second in
                            storeFirst(f, item)
                            if let storeSecond { storeSecond(f, second) }
                            ticks &+= 1
                            if ticks & 1023 == 0 { try poll(hot) }
                            try inner(f, out)
                            return true
                        }
                        guard looped else { throw interp.locate(Compiler.cannotLoop(over: items), at: site, in: src) }
                    }
                }
            }
            run = step
        } catch {
            _ = resolver.exitFunction()
            throw error
        }
        slotCount = resolver.exitFunction()
        let isMap = c.value != nil
        return { f in
            var frame = Frame.make(count: slotCount, parent: f)
            let out: Value = isMap ? .map(MapValue()) : .list(ListValue([]))
            try run(frame, out)
            // A loop variable holding a function made inside (`for g in [fn() {...}]`) would keep the frame alive.
            Frame.finishCall(&frame)
            return out
        }
    }

    // MARK: - Variables

    private func variableRead(_ name: String, _ loc: Loc) throws -> Eval {
        switch resolver.resolve(name) {
        case .local(let slot):
            return { f in f.slots[slot] }
        case .captured(let depth, let slot):
            let fail = failure("internal: no frame for '\(name)'", loc)
            return { f in
                guard let frame = f.ancestor(depth) else { throw fail }
                return frame.slots[slot]
            }
        case .global(let index):
            let cell = interpreter.globals.slot(index)
            let site = location(loc), src = source
            unowned(unsafe) let interp = interpreter
            return { _ in
                if let v = cell.pointee { return v }
                throw interp.locate(RuntimeError(interp.undefinedMessage(name)), at: site, in: src)
            }
        }
    }

    private func variableStore(_ name: String) -> (Frame, Value) -> Void {
        switch resolver.resolve(name) {
        case .local(let slot):
            return { f, v in f.slots[slot] = v }
        case .captured(let depth, let slot):
            return { f, v in f.ancestor(depth)?.slots[slot] = v }
        case .global(let index):
            let global = GlobalStore(cell: interpreter.globals.slot(index), interpreter: interpreter)
            return { _, v in global.store(v) }
        }
    }

    // MARK: - Expressions

    func expression(_ expr: Expr) throws -> Eval {
        try checkStack()
        switch expr {
        case .literal(let v, _):
            return { _ in v }
        case .interpolation(let parts, _):
            let pieces = try parts.map { part in
                switch part {
                case .text(let s): return CompiledExpression { _ in .string(s) }
                case .expression(let e): return CompiledExpression(eval: try expression(e))
                }
            }
            return { f in
                var text = ValueText(callee: "")
                for piece in pieces { try text.write(try piece.eval(f), quoteStrings: false) }
                return .string(text.text)
            }
        case .variable(let name, let loc):
            return try variableRead(name, loc)
        case .list(let items, _):
            let evals = try items.map { CompiledExpression(eval: try expression($0)) }
            return { f in
                var values: [Value] = []
                values.reserveCapacity(evals.count)
                for e in evals { values.append(try e.eval(f)) }
                return .list(ListValue(values))
            }
        case .map(let pairs, _):
            let evals = try pairs.map { (try expression($0.0), try expression($0.1), location($0.0.loc)) }
            let src = source
            unowned(unsafe) let interp = interpreter
            return { f in
                let m = MapValue()
                for (k, v, site) in evals {
                    let key = try k(f)
                    guard let mapKey = MapKey(key) else {
                        throw interp.locate(
                            RuntimeError("a map key must be a string, int, bool or nil, not \(key.typeName)"), at: site, in: src)
                    }
                    m[mapKey] = try v(f)
                }
                return .map(m)
            }
        case .unary(let op, let operand, let loc):
            let e = try expression(operand)
            let site = location(loc), src = source
            unowned(unsafe) let interp = interpreter
            switch op {
            case .not: return { f in .bool(!(try e(f).isTruthy)) }
            case .minus:
                return { f in
                    let v = try e(f)
                    if case .double(let d) = v { return .double(-d) }
                    do { return try Operators.negate(v) } catch let err as RuntimeError {
                        throw interp.locate(err, at: site, in: src)
                    }
                }
            default:
                return { f in
                    let v = try e(f)
                    switch v {
                    case .int, .double: return v
                    default: throw interp.locate(RuntimeError("unary '+' needs a number, not \(v.typeName)"), at: site, in: src)
                    }
                }
            }
        case .binary(let op, let left, let right, let loc):
            return try binary(op, left, right, loc)
        case .logical(let isAnd, let left, let right, _):
            let l = try expression(left), r = try expression(right)
            if isAnd { return { f in let a = try l(f); return a.isTruthy ? try r(f) : a } }
            return { f in let a = try l(f); return a.isTruthy ? a : try r(f) }
        case .range(let lower, let upper, let loc):
            let l = try expression(lower), u = try expression(upper)
            let site = location(loc), src = source
            unowned(unsafe) let interp = interpreter
            return { f in
                let a = try l(f), b = try u(f)
                guard let start = a.asIndex, let end = b.asIndex else {
                    throw interp.locate(
                        RuntimeError("a range needs int bounds, got \(a.typeName)..\(b.typeName)"), at: site, in: src)
                }
                return .range(RangeValue(start: start, end: end))
            }
        case .call(let callee, let arguments, let loc):
            return try call(callee, arguments, loc)
        case .index(let container, let index, let loc):
            let c = try expression(container), i = try expression(index)
            let site = location(loc), src = source
            unowned(unsafe) let interp = interpreter
            return { f in
                let target = try c(f), key = try i(f)
                if case .list(let l) = target, case .int(let k) = key, k >= 0, k < l.items.count { return l.items[k] }
                do { return try target.indexed(by: key) } catch let e as RuntimeError where e.location == nil {
                    throw interp.locate(e, at: site, in: src)
                }
            }
        case .slice(let container, let lower, let upper, let loc):
            let c = try expression(container)
            let l = try lower.map(expression), u = try upper.map(expression)
            let site = location(loc), src = source
            unowned(unsafe) let interp = interpreter
            return { f in
                let target = try c(f)
                let lo = try l?(f), hi = try u?(f)
                do { return try target.sliced(lo, hi) } catch let e as RuntimeError where e.location == nil {
                    throw interp.locate(e, at: site, in: src)
                }
            }
        case .field(let container, let name, let loc):
            let c = try expression(container)
            let site = location(loc), src = source
            unowned(unsafe) let interp = interpreter
            return { f in
                do { return try c(f).field(name) } catch let e as RuntimeError where e.location == nil {
                    throw interp.locate(e, at: site, in: src)
                }
            }
        case .function(let decl):
            return try function(decl)
        case .comprehension(let c):
            return try comprehension(c)
        }
    }

    /// A `fn`: compiles the body once; each evaluation makes a closure over
    /// the current frame, with defaults evaluated then (as in Python).
    private func function(_ decl: FunctionDecl) throws -> Eval {
        let defaults = try decl.parameters.map { try $0.defaultValue.map(expression) }
        let names = decl.parameters.map(\.name)
        // A function defined at top level reads no variable of the frame it is defined in
        // (top-level variables are globals), so its calls' frames need no parent.
        let capturesFrame = resolver.scope != nil
        functionsCompiled += 1
        let functionsBefore = functionsCompiled
        resolver.enterFunction(parameters: names, body: decl.body)
        let body: Eval
        do {
            if let direct = try returnChain(decl.body) {
                body = direct
            } else {
                let run = try block(decl.body)
                body = { f in
                    _ = try run(f)
                    return f.takeResult()
                }
            }
        } catch {
            _ = resolver.exitFunction()
            throw error
        }
        let slotCount = resolver.exitFunction()
        let code = FunctionCode(
            name: decl.name, doc: decl.doc, parameterNames: names, slotCount: slotCount, body: body,
            location: location(decl.loc), definesFunctions: functionsCompiled > functionsBefore)
        return { f in
            var values: [Value?] = []
            values.reserveCapacity(defaults.count)
            for d in defaults { values.append(try d.map { try $0(f) }) }
            return .function(Function(Closure(code: code, captured: capturesFrame ? f : nil, defaults: values)))
        }
    }

    /// A function body made of `if test { return a }` statements and a last
    /// `return b` (`fib`, most small helpers), as one expression: no statement
    /// closures, flow values or result slot per call. Nil for any other body.
    private func returnChain(_ body: [Stmt]) throws -> Eval? {
        guard case .returnValue(let last, _)? = body.last else { return nil }
        var tests: [(Expr, Expr)] = []
        for s in body.dropLast() {
            guard case .ifElse(let test, let then, nil, _) = s, then.count == 1,
                  case .returnValue(let value?, _) = then[0] else { return nil }
            tests.append((test, value))
        }
        try checkStack()
        // Compiled in source order, so the first compile error is the first in the text.
        let compiled = try tests.map { (try condition($0.0), CompiledExpression(eval: try expression($0.1)), localSlot($0.1)) }
        var chain: Eval
        if let last { chain = try expression(last) } else { chain = { _ in .null } }
        for (test, value, slot) in compiled.reversed() {
            // The test is specialised into the link: `if n < 2 { return n }` compares and reads inline.
            chain = withCondition(test, ReturnLink(value: value.eval, slot: slot, rest: chain)).eval
        }
        return chain
    }

    /// The slot of `e` when it is a local variable of the function being compiled.
    private func localSlot(_ e: Expr) -> Int? {
        guard case .variable(let name, _) = e, case .local(let slot) = resolver.resolve(name) else { return nil }
        return slot
    }

    // MARK: - Operators

    /// The condition of an `if` or a `while` (see `condition`).
    private func test(_ e: Expr) throws -> Test {
        withCondition(try condition(e), AsTest()).run
    }

    /// A condition compiled: a comparison of variables and literals decides two ints without
    /// making a bool value; anything else is its value's truthiness.
    private enum Condition {
        case comparison(BinaryOp, OperandSource, OperandSource, Loc)
        case truth(Eval)
    }

    private func condition(_ condition: Expr) throws -> Condition {
        // Only variables and literals: reading them has no effect, so a pair that is not two ints is read again by the general path.
        func plain(_ e: Expr) -> Bool {
            switch e {
            case .literal: return true
            case .variable(let name, _):
                if case .captured = resolver.resolve(name) { return false }
                return true
            default: return false
            }
        }
        if case .binary(let op, let left, let right, let loc) = condition,
           [.less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual].contains(op), plain(left), plain(right) {
            return .comparison(op, try operand(left), try operand(right), loc)
        }
        return .truth(try expression(condition))
    }

    /// Hands `user` the condition as a `TestCode` specialised on its operands' sources.
    private func withCondition<U: ConditionUser>(_ condition: Condition, _ user: U) -> U.Result {
        switch condition {
        case .truth(let eval): return user.use(Truth(eval: eval))
        case .comparison(let op, let l, let r, let loc):
            switch (l, r) {
            case (.local(let a), .local(let b)): return user.use(comparison(op, a, b, loc))
            case (.local(let a), .constant(let b)): return user.use(comparison(op, a, b, loc))
            case (.local(let a), .global(let b)): return user.use(comparison(op, a, b, loc))
            case (.global(let a), .local(let b)): return user.use(comparison(op, a, b, loc))
            case (.global(let a), .constant(let b)): return user.use(comparison(op, a, b, loc))
            case (.constant(let a), .local(let b)): return user.use(comparison(op, a, b, loc))
            // Rare pairs: the operator's value, without more specialisations.
            default: return user.use(Truth(eval: binary(op, l, r, loc)))
            }
        }
    }

    /// `l op r` as a test: two ints compared inline, any other pair by the operator's value.
    private func comparison<L: Operand, R: Operand>(_ op: BinaryOp, _ l: L, _ r: R, _ loc: Loc) -> Comparison<L, R> {
        Comparison(op: op, l: l, r: r, general: binary(op, l, r, loc))
    }

    /// `left op right`: specialised on where the operands come from (a local
    /// slot, a global slot, a constant or any expression), so `n < 2` or
    /// `i * i` make one closure call instead of three.
    private func binary(_ op: BinaryOp, _ left: Expr, _ right: Expr, _ loc: Loc) throws -> Eval {
        binary(op, try operand(left), try operand(right), loc)
    }

    private func binary(_ op: BinaryOp, _ l: OperandSource, _ r: OperandSource, _ loc: Loc) -> Eval {
        switch (l, r) {
        case (.local(let a), .local(let b)): return binary(op, a, b, loc)
        case (.local(let a), .global(let b)): return binary(op, a, b, loc)
        case (.local(let a), .constant(let b)): return binary(op, a, b, loc)
        case (.local(let a), .other(let b)): return binary(op, a, b, loc)
        case (.global(let a), .local(let b)): return binary(op, a, b, loc)
        case (.global(let a), .global(let b)): return binary(op, a, b, loc)
        case (.global(let a), .constant(let b)): return binary(op, a, b, loc)
        case (.global(let a), .other(let b)): return binary(op, a, b, loc)
        case (.constant(let a), .local(let b)): return binary(op, a, b, loc)
        case (.constant(let a), .global(let b)): return binary(op, a, b, loc)
        case (.constant(let a), .constant(let b)): return binary(op, a, b, loc)
        case (.constant(let a), .other(let b)): return binary(op, a, b, loc)
        case (.other(let a), .local(let b)): return binary(op, a, b, loc)
        case (.other(let a), .global(let b)): return binary(op, a, b, loc)
        case (.other(let a), .constant(let b)): return binary(op, a, b, loc)
        case (.other(let a), .other(let b)): return binary(op, a, b, loc)
        }
    }

    /// Where an operand's value comes from.
    private enum OperandSource {
        case local(LocalOperand)
        case global(GlobalOperand)
        case constant(ConstantOperand)
        case other(EvalOperand)
    }

    private func operand(_ e: Expr) throws -> OperandSource {
        switch e {
        case .literal(let v, _): return .constant(ConstantOperand(value: v))
        case .variable(let name, let loc):
            switch resolver.resolve(name) {
            case .local(let slot): return .local(LocalOperand(slot: slot))
            case .global(let index):
                return .global(
                    GlobalOperand(
                        cell: interpreter.globals.slot(index), name: name, site: location(loc), source: source,
                        interpreter: interpreter))
            case .captured: return .other(EvalOperand(eval: try expression(e)))
            }
        default: return .other(EvalOperand(eval: try expression(e)))
        }
    }

    /// `l op r`, with the two-int and two-float cases inline. Each closure captures only the
    /// operator object, so calling it passes one pointer instead of copying the operands and the error site.
    private func binary<L: Operand, R: Operand>(_ op: BinaryOp, _ l: L, _ r: R, _ loc: Loc) -> Eval {
        let node = BinaryOperation(op: op, l: l, r: r, site: location(loc), source: source, interpreter: interpreter)
        switch op {
        case .add: return { f in try node.add(f) }
        case .subtract: return { f in try node.subtract(f) }
        case .multiply: return { f in try node.multiply(f) }
        case .less, .lessEqual, .greater, .greaterEqual: return { f in try node.compare(f) }
        case .memberOf, .notMemberOf: return { f in try node.general(f) }
        case .equal: return { f in try node.equal(f) }
        case .notEqual: return { f in try node.notEqual(f) }
        default: return { f in try node.floating(f) }
        }
    }

    // MARK: - Calls

    private func call(_ calleeExpr: Expr, _ arguments: [Argument], _ loc: Loc) throws -> Eval {
        let positional = try arguments.filter { $0.name == nil }.map { CompiledExpression(eval: try expression($0.value)) }
        let keywordNames = arguments.compactMap(\.name)
        let keywordValues = try arguments.filter { $0.name != nil }.map { CompiledExpression(eval: try expression($0.value)) }
        let site = location(loc), src = source
        unowned(unsafe) let interp = interpreter

        // obj.method(args): methods of engine objects, strings, lists and maps.
        if case .field(let container, let name, let nameLoc) = calleeExpr {
            let target = try expression(container)
            let methodSite = location(nameLoc)
            return { f in
                let object = try target(f)
                var values: [Value] = []
                values.reserveCapacity(positional.count)
                for p in positional { values.append(try p.eval(f)) }
                var keywords: [(String, Value)] = []
                for (i, k) in keywordValues.enumerated() { keywords.append((keywordNames[i], try k.eval(f))) }
                return try interp.callMethod(object, name, values, keywords, at: methodSite, in: src)
            }
        }

        let callee = try expression(calleeExpr)
        let calleeName: String
        if case .variable(let name, _) = calleeExpr { calleeName = name } else { calleeName = "this value" }
        guard keywordNames.isEmpty else {
            return { f in
                let fv = try callee(f)
                var values: [Value] = []
                values.reserveCapacity(positional.count)
                for p in positional { values.append(try p.eval(f)) }
                var keywords: [(String, Value)] = []
                keywords.reserveCapacity(keywordNames.count)
                for (i, k) in keywordValues.enumerated() { keywords.append((keywordNames[i], try k.eval(f))) }
                return try interp.callValue(fv, values, keywords, named: calleeName, at: site, in: src)
            }
        }

        // Fast path: a ce function called with positional arguments only
        // evaluates them straight into the new frame's slots.
        // A callee read from a global (`fib(n - 1)`) is read inline, not by a closure call.
        if case .variable = calleeExpr, case .global(let global) = try operand(calleeExpr) {
            return positionalCall(global, positional, calleeName, site)
        }
        return positionalCall(EvalOperand(eval: callee), positional, calleeName, site)
    }

    /// The positional fast path, specialised on the number of arguments.
    private func positionalCall<C: Operand>(
        _ callee: C, _ positional: [CompiledExpression], _ calleeName: String, _ site: SourceLocation
    ) -> Eval {
        switch positional.count {
        case 0: return positionalCall(callee, NoArguments(), positional, calleeName, site)
        case 1: return positionalCall(callee, OneArgument(a: positional[0].eval), positional, calleeName, site)
        case 2:
            return positionalCall(
                callee, TwoArguments(a: positional[0].eval, b: positional[1].eval), positional, calleeName, site)
        default: return positionalCall(callee, ManyArguments(evals: positional), positional, calleeName, site)
        }
    }

    /// The positional fast path, specialised on where the callee comes from and
    /// how many arguments it gets. The closure captures only the call site object,
    /// so calling it passes one pointer instead of copying every captured field.
    private func positionalCall<C: Operand, A: ArgumentFill>(
        _ callee: C, _ arguments: A, _ positional: [CompiledExpression], _ calleeName: String, _ site: SourceLocation
    ) -> Eval {
        let call = PositionalCall(
            callee: callee, arguments: arguments, positional: positional, calleeName: calleeName, site: site,
            source: source, interpreter: interpreter)
        return { f in try call.eval(f) }
    }
}

/// A call with positional arguments only, as compiled: a ce function that takes
/// them gets its frame filled straight from the argument expressions; anything
/// else goes through `Interpreter.callValue` like every other call.
private final class PositionalCall<C: Operand, A: ArgumentFill> {
    let callee: C
    let arguments: A
    let positional: [CompiledExpression]
    let count: Int
    let calleeName: String
    let site: SourceLocation
    let source: SourceText
    /// The interpreter as a guaranteed reference: calling its methods through an unowned(unsafe) one retains it per call.
    let interpreter: Unmanaged<Interpreter>

    init(callee: C, arguments: A, positional: [CompiledExpression], calleeName: String, site: SourceLocation,
         source: SourceText, interpreter: Interpreter) {
        self.callee = callee
        self.arguments = arguments
        self.positional = positional
        count = positional.count
        self.calleeName = calleeName
        self.site = site
        self.source = source
        self.interpreter = Unmanaged.passUnretained(interpreter)
    }

    @inline(__always)
    func eval(_ f: Frame) throws -> Value {
        // A variable's function is taken from it in place (no copy of the whole value);
        // an expression is evaluated once, by `get`, which holds the function it gives.
        if C.isDirect, let fn = callee.function(f) {
            if C.isGlobal {
                // The global holds the function for the call: `GlobalStore` keeps one it replaces until the count is back to 0.
                let hot = interpreter._withUnsafeGuaranteedRef { $0.hot }
                hot.pointee.unretainedCalls += 1
                defer {
                    hot.pointee.unretainedCalls -= 1
                    if hot.pointee.unretainedCalls == 0 && hot.pointee.hasRetired {
                        interpreter._withUnsafeGuaranteedRef { $0.releaseRetired() }
                    }
                }
                if let result = try fast(fn, f) { return result }
            } else {
                // One retain for the whole call: the call may assign the variable, which would free the function it runs.
                _ = fn.retain()
                defer { fn.release() }
                if let result = try fast(fn, f) { return result }
            }
        }
        let fv = try callee.get(f)
        if !C.isDirect, case .function(let fn) = fv, let result = try fast(Unmanaged.passUnretained(fn), f) { return result }
        return try slow(fv, f)
    }

    /// Calls `fn` when it is a ce function that takes `count` or more parameters; nil otherwise.
    /// The function value read holds the closure, its code and pool for the whole call, so they are read unretained.
    @inline(__always)
    private func fast(_ fn: Unmanaged<Function>, _ f: Frame) throws -> Value? {
        guard let closure = fn._withUnsafeGuaranteedRef({ $0.unretainedClosure }) else { return nil }
        return try closure._withUnsafeGuaranteedRef { c in
            guard let pool = c.pool, count <= c.parameterCount else { return nil }
            return try interpreter._withUnsafeGuaranteedRef { interp in
                let frame = pool.take(slots: c.slotCount)
                if c.capturesFrame { frame.parent = c.captured }
                try arguments.fill(f, frame)
                if count < c.parameterCount { try interp.fillDefaults(c, frame, from: count, at: site, in: source) }
                return try interp.enter(c, pool, consume frame, at: site, in: source)
            }
        }
    }

    /// Any other callee (a builtin, a value that is not a function, too many arguments): the general path.
    @inline(never)
    private func slow(_ fv: Value, _ f: Frame) throws -> Value {
        var values: [Value] = []
        values.reserveCapacity(count)
        for p in positional { values.append(try p.eval(f)) }
        return try interpreter._withUnsafeGuaranteedRef {
            try $0.callValue(fv, values, [], named: calleeName, at: site, in: source)
        }
    }
}

/// `l op r` as compiled: the operands' sources and where an error is reported.
private final class BinaryOperation<L: Operand, R: Operand> {
    let op: BinaryOp
    let l: L
    let r: R
    let site: SourceLocation
    let source: SourceText
    unowned(unsafe) let interpreter: Interpreter

    init(op: BinaryOp, l: L, r: R, site: SourceLocation, source: SourceText, interpreter: Interpreter) {
        self.op = op
        self.l = l
        self.r = r
        self.site = site
        self.source = source
        self.interpreter = interpreter
    }

    /// Any pair the inline cases do not decide, by the operators, with the error at the operator.
    @inline(never)
    func slow(_ a: Value, _ b: Value) throws -> Value {
        do { return try Operators.binary(op, a, b) } catch let e as RuntimeError {
            throw interpreter.locate(e, at: site, in: source)
        }
    }

    @inline(__always)
    func add(_ f: Frame) throws -> Value {
        if L.isDirect && R.isDirect, let x = l.int(f), let y = r.int(f) {
            let (s, o) = x.addingReportingOverflow(y)
            if !o { return .int(s) }
        }
        let a = try l.get(f), b = try r.get(f)
        if case .int(let x) = a, case .int(let y) = b {
            let (s, o) = x.addingReportingOverflow(y)
            if !o { return .int(s) }
        } else if case .double(let x) = a, case .double(let y) = b {
            return .double(x + y)
        }
        return try slow(a, b)
    }

    @inline(__always)
    func subtract(_ f: Frame) throws -> Value {
        if L.isDirect && R.isDirect, let x = l.int(f), let y = r.int(f) {
            let (s, o) = x.subtractingReportingOverflow(y)
            if !o { return .int(s) }
        }
        let a = try l.get(f), b = try r.get(f)
        if case .int(let x) = a, case .int(let y) = b {
            let (s, o) = x.subtractingReportingOverflow(y)
            if !o { return .int(s) }
        } else if case .double(let x) = a, case .double(let y) = b {
            return .double(x - y)
        }
        return try slow(a, b)
    }

    @inline(__always)
    func multiply(_ f: Frame) throws -> Value {
        if L.isDirect && R.isDirect, let x = l.int(f), let y = r.int(f) {
            let (s, o) = x.multipliedReportingOverflow(by: y)
            if !o { return .int(s) }
        }
        let a = try l.get(f), b = try r.get(f)
        if case .int(let x) = a, case .int(let y) = b {
            let (s, o) = x.multipliedReportingOverflow(by: y)
            if !o { return .int(s) }
        } else if case .double(let x) = a, case .double(let y) = b {
            return .double(x * y)
        }
        return try slow(a, b)
    }

    /// `<`, `<=`, `>`, `>=`.
    @inline(__always)
    func compare(_ f: Frame) throws -> Value {
        let a = try l.get(f), b = try r.get(f)
        if case .int(let x) = a, case .int(let y) = b { return .bool(Operators.holds(op, x, y)) }
        if case .double(let x) = a, case .double(let y) = b { return .bool(Operators.holds(op, x, y)) }
        return try slow(a, b)
    }

    /// Operators with no inline case (`in`, `not in`).
    @inline(__always)
    func general(_ f: Frame) throws -> Value { try slow(try l.get(f), try r.get(f)) }

    @inline(__always)
    func equal(_ f: Frame) throws -> Value {
        let a = try l.get(f), b = try r.get(f)
        if case .int(let x) = a, case .int(let y) = b { return .bool(x == y) }
        return .bool(Operators.equal(a, b))
    }

    @inline(__always)
    func notEqual(_ f: Frame) throws -> Value {
        let a = try l.get(f), b = try r.get(f)
        if case .int(let x) = a, case .int(let y) = b { return .bool(x != y) }
        return .bool(!Operators.equal(a, b))
    }

    /// `/`, `%`, `^`: two floats inline.
    @inline(__always)
    func floating(_ f: Frame) throws -> Value {
        let a = try l.get(f), b = try r.get(f)
        if case .double(let x) = a, case .double(let y) = b { return Operators.doubles(op, x, y) }
        return try slow(a, b)
    }
}

/// A compiled condition, called directly by the code it is specialised into.
protocol TestCode {
    func test(_ f: Frame) throws -> Bool
}

/// Compiled code made from a condition (see `Compiler.withCondition`). Its result is a struct, not a
/// closure: a closure returned through a generic result comes back wrapped in a reabstraction thunk.
private protocol ConditionUser {
    associatedtype Result
    func use<T: TestCode>(_ test: T) -> Result
}

/// The condition as a closure, for `if` and `while`.
private struct AsTest: ConditionUser {
    func use<T: TestCode>(_ test: T) -> CompiledTest { CompiledTest { f in try test.test(f) } }
}

/// `if test { return value }` followed by `rest`, in a return chain.
private struct ReturnLink: ConditionUser {
    let value: Eval
    /// The slot of `value` when it is a local variable, read inline instead of by a closure call.
    let slot: Int?
    let rest: Eval
    func use<T: TestCode>(_ test: T) -> CompiledExpression {
        let value = value, rest = rest
        if let slot { return CompiledExpression { f in try test.test(f) ? LocalOperand(slot: slot).get(f) : try rest(f) } }
        return CompiledExpression { f in try test.test(f) ? try value(f) : try rest(f) }
    }
}

/// Any value as a condition: its truthiness.
final class Truth: TestCode {
    let eval: Eval
    init(eval: @escaping Eval) { self.eval = eval }
    @inline(__always) func test(_ f: Frame) throws -> Bool { try eval(f).isTruthy }
}

/// A comparison of two plain operands: two ints compared inline, any other pair by the operator's value.
final class Comparison<L: Operand, R: Operand>: TestCode {
    let op: BinaryOp
    let l: L
    let r: R
    let general: Eval

    init(op: BinaryOp, l: L, r: R, general: @escaping Eval) {
        self.op = op
        self.l = l
        self.r = r
        self.general = general
    }

    @inline(__always) func test(_ f: Frame) throws -> Bool {
        if let x = l.int(f), let y = r.int(f) { return Operators.holds(op, x, y) }
        return try general(f).isTruthy
    }
}

/// How a positional call puts its argument values into the callee's frame.
protocol ArgumentFill {
    func fill(_ caller: Frame, _ callee: Frame) throws
}

struct NoArguments: ArgumentFill {
    @inline(__always) func fill(_ caller: Frame, _ callee: Frame) {}
}

// The callee's frame comes from `FramePool.take`, its slots all nil (a trivial value), so the
// arguments are written over them without destroying the old values first.

struct OneArgument: ArgumentFill {
    let a: Eval
    @inline(__always) func fill(_ caller: Frame, _ callee: Frame) throws { callee.slots.initialize(to: try a(caller)) }
}

struct TwoArguments: ArgumentFill {
    let a: Eval, b: Eval
    @inline(__always) func fill(_ caller: Frame, _ callee: Frame) throws {
        callee.slots.initialize(to: try a(caller))
        (callee.slots + 1).initialize(to: try b(caller))
    }
}

struct ManyArguments: ArgumentFill {
    let evals: [CompiledExpression]
    @inline(__always) func fill(_ caller: Frame, _ callee: Frame) throws {
        for i in evals.indices { (callee.slots + i).initialize(to: try evals[i].eval(caller)) }
    }
}

/// A compiled expression in a struct, so arrays of them call the closure directly.
struct CompiledExpression {
    let eval: Eval
}

/// A compiled condition in a struct, for the same reason.
struct CompiledTest {
    let run: Test
}

/// A source of an operand value, specialised at compile time.
protocol Operand {
    func get(_ f: Frame) throws -> Value
    /// The value when it is an int, read in place (no copy of the value); nil otherwise.
    func int(_ f: Frame) -> Int?
    /// The value when it is a function, read in place and not retained; nil otherwise.
    func function(_ f: Frame) -> Unmanaged<Function>?
    /// Whether `int` and `function` read the operand (true) or always give nil (an expression, evaluated only by `get`).
    static var isDirect: Bool { get }
    /// Whether the operand is a global variable, which only a `GlobalStore` changes.
    static var isGlobal: Bool { get }
}

/// A local variable of the current frame.
struct LocalOperand: Operand {
    let slot: Int
    @inline(__always) func get(_ f: Frame) -> Value {
        // An int is copied inline; only other values take the general copy (a call that retains what they hold).
        if case .int(let x) = f.slots[slot] { return .int(x) }
        return f.slots[slot]
    }
    @inline(__always) func int(_ f: Frame) -> Int? {
        if case .int(let x) = f.slots[slot] { return x }
        return nil
    }
    @inline(__always) func function(_ f: Frame) -> Unmanaged<Function>? {
        if case .function(let fn) = f.slots[slot] { return Unmanaged.passUnretained(fn) }
        return nil
    }
    static var isDirect: Bool { true }
    static var isGlobal: Bool { false }
}

/// A global variable; reading it before it is defined is an error at its position.
struct GlobalOperand: Operand {
    let cell: UnsafeMutablePointer<Value?>
    let name: String
    let site: SourceLocation
    let source: SourceText
    unowned(unsafe) let interpreter: Interpreter

    @inline(__always) func get(_ f: Frame) throws -> Value {
        if let v = cell.pointee { return v }
        throw interpreter.locate(RuntimeError(interpreter.undefinedMessage(name)), at: site, in: source)
    }
    @inline(__always) func int(_ f: Frame) -> Int? {
        if case .int(let x)? = cell.pointee { return x }
        return nil
    }
    @inline(__always) func function(_ f: Frame) -> Unmanaged<Function>? {
        if case .function(let fn)? = cell.pointee { return Unmanaged.passUnretained(fn) }
        return nil
    }
    static var isDirect: Bool { true }
    static var isGlobal: Bool { true }
}

/// A literal.
struct ConstantOperand: Operand {
    let value: Value
    let intValue: Int?
    init(value: Value) {
        self.value = value
        if case .int(let x) = value { intValue = x } else { intValue = nil }
    }
    @inline(__always) func get(_ f: Frame) -> Value { value }
    @inline(__always) func int(_ f: Frame) -> Int? { intValue }
    @inline(__always) func function(_ f: Frame) -> Unmanaged<Function>? { nil }
    static var isDirect: Bool { true }
    static var isGlobal: Bool { false }
}

/// Any other expression.
struct EvalOperand: Operand {
    let eval: Eval
    @inline(__always) func get(_ f: Frame) throws -> Value { try eval(f) }
    @inline(__always) func int(_ f: Frame) -> Int? { nil }
    @inline(__always) func function(_ f: Frame) -> Unmanaged<Function>? { nil }
    static var isDirect: Bool { false }
    static var isGlobal: Bool { false }
}
