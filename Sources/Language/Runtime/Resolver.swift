// Decides, before anything runs, where each variable lives: a slot of the
// current call's frame, a slot of an enclosing function's frame (captured),
// or a global slot. Run time then indexes arrays, never looks names up.
//
// Scoping, as in Python: top-level assignments make globals; inside a
// function, a name assigned anywhere in its body (or a parameter, loop
// variable, nested fn) is local to the whole function, unless an enclosing
// function already has it, in which case the closure shares that variable.
// A comprehension's loop variables are local to the comprehension.
// Everything else is global (builtins are globals too).

/// Where a variable lives at run time.
enum VariableSlot {
    case local(Int)
    /// In the frame `depth` function levels out.
    case captured(depth: Int, slot: Int)
    case global(Int)
}

/// The variables of one function being compiled.
final class FunctionScope {
    let parent: FunctionScope?
    private(set) var slots: [String: Int] = [:]

    init(parent: FunctionScope?) { self.parent = parent }

    var count: Int { slots.count }

    @discardableResult
    func declare(_ name: String) -> Int {
        if let i = slots[name] { return i }
        let i = slots.count
        slots[name] = i
        return i
    }
}

/// Maps names to slots while the Compiler walks the tree.
///
///     var resolver = Resolver(globals: globals)
///     resolver.enterFunction(parameters: ["n"], body: body)
///     resolver.resolve("n")   // .local(0)
struct Resolver {
    let globals: Globals
    /// The innermost function being compiled; nil at the top level.
    private(set) var scope: FunctionScope?

    init(globals: Globals) { self.globals = globals }

    /// Where `name` lives, seen from the code being compiled.
    func resolve(_ name: String) -> VariableSlot {
        var depth = 0
        var s = scope
        while let current = s {
            if let slot = current.slots[name] {
                return depth == 0 ? .local(slot) : .captured(depth: depth, slot: slot)
            }
            depth += 1
            s = current.parent
        }
        return .global(globals.index(of: name))
    }

    /// Starts compiling a function body: parameters take the first slots,
    /// then every name the body assigns that no enclosing function has.
    mutating func enterFunction(parameters: [String], body: [Stmt]) {
        let outer = scope
        let inner = FunctionScope(parent: outer)
        for p in parameters { inner.declare(p) }
        var assigned: [String] = []
        Resolver.collectAssigned(body, into: &assigned)
        for name in assigned where inner.slots[name] == nil {
            if !Resolver.isDeclared(name, in: outer) { inner.declare(name) }
        }
        scope = inner
    }

    /// Starts compiling a comprehension: its loop variables are its own
    /// (slots of a frame of its own), whatever the enclosing code calls them,
    /// as in Python; every other name resolves as outside it.
    mutating func enterComprehension(variables: [String]) {
        let inner = FunctionScope(parent: scope)
        for name in variables { inner.declare(name) }
        scope = inner
    }

    /// Ends the innermost function or comprehension; returns how many slots its frames need.
    mutating func exitFunction() -> Int {
        let count = scope?.count ?? 0
        scope = scope?.parent
        return count
    }

    private static func isDeclared(_ name: String, in scope: FunctionScope?) -> Bool {
        var s = scope
        while let current = s {
            if current.slots[name] != nil { return true }
            s = current.parent
        }
        return false
    }

    /// Names bound by assignments, loops and `fn` in `body` (not inside nested functions).
    private static func collectAssigned(_ body: [Stmt], into names: inout [String]) {
        for statement in body {
            switch statement {
            case .assign(.variable(let name, _), _, _, _): names.append(name)
            case .assignMany(let targets, _, _):
                for case .variable(let name, _) in targets { names.append(name) }
            case .function(let decl): names.append(decl.name)
            case .forLoop(let first, let second, _, let loopBody, _):
                names.append(first)
                if let second { names.append(second) }
                collectAssigned(loopBody, into: &names)
            case .whileLoop(_, let loopBody, _): collectAssigned(loopBody, into: &names)
            case .ifElse(_, let thenBranch, let elseBranch, _):
                collectAssigned(thenBranch, into: &names)
                if let elseBranch { collectAssigned(elseBranch, into: &names) }
            default: break
            }
        }
    }
}
