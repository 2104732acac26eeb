// The syntax tree the Parser builds and the Compiler turns into closures.
// Every node keeps the line and column where it starts, for diagnostics.

/// A line and column (from 1) in the file being parsed.
struct Loc: Equatable {
    var line: Int
    var column: Int
}

/// The binary arithmetic and comparison operators.
enum BinaryOp: String {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "^"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    /// Membership: `x in xs`, `x not in xs`.
    case memberOf = "in", notMemberOf = "not in"
}

/// One piece of an interpolated string.
enum InterpolationPart {
    case text(String)
    case expression(Expr)
}

/// An argument at a call site: positional (`name == nil`) or keyword (`k=v`).
struct Argument {
    var name: String?
    var value: Expr
    var loc: Loc
}

/// An expression.
indirect enum Expr {
    case literal(Value, Loc)
    case interpolation([InterpolationPart], Loc)
    case variable(String, Loc)
    case list([Expr], Loc)
    case map([(Expr, Expr)], Loc)
    /// `-x`, `+x` or `not x`.
    case unary(TokenKind, Expr, Loc)
    case binary(BinaryOp, Expr, Expr, Loc)
    /// `a and b` (isAnd) or `a or b`: short-circuit.
    case logical(isAnd: Bool, Expr, Expr, Loc)
    case range(Expr, Expr, Loc)
    case call(Expr, [Argument], Loc)
    case index(Expr, Expr, Loc)
    case slice(Expr, Expr?, Expr?, Loc)
    case field(Expr, String, Loc)
    case function(FunctionDecl)
    /// `[x * x for x in xs if x > 0]` or `{k: v for k, v in m}`.
    case comprehension(Comprehension)

    var loc: Loc {
        switch self {
        case .literal(_, let l), .interpolation(_, let l), .variable(_, let l), .list(_, let l), .map(_, let l),
            .unary(_, _, let l), .binary(_, _, _, let l), .logical(_, _, _, let l), .range(_, _, let l),
            .call(_, _, let l), .index(_, _, let l), .slice(_, _, _, let l), .field(_, _, let l):
            return l
        case .function(let f): return f.loc
        case .comprehension(let c): return c.loc
        }
    }
}

/// A list or map comprehension: its clauses run left to right as nested
/// loops and tests, and each time the innermost is reached the element (or
/// key and value) is added. Its loop variables are its own, as in Python.
final class Comprehension {
    /// `for a in xs` / `for a, b in xs` (bound as a for loop binds them), or `if test`.
    enum Clause {
        case loop(first: String, second: String?, sequence: Expr)
        case condition(Expr)
    }

    /// The list item, or the map key.
    let element: Expr
    /// The map value; nil for a list comprehension.
    let value: Expr?
    let clauses: [Clause]
    let loc: Loc

    init(element: Expr, value: Expr?, clauses: [Clause], loc: Loc) {
        self.element = element
        self.value = value
        self.clauses = clauses
        self.loc = loc
    }

    /// The loop variables, in order.
    var variables: [String] {
        clauses.flatMap { clause -> [String] in
            guard case .loop(let first, let second, _) = clause else { return [] }
            return [first] + (second.map { [$0] } ?? [])
        }
    }
}

/// A parameter of a function declaration, with its default expression.
struct ParameterDecl {
    var name: String
    var defaultValue: Expr?
    var loc: Loc
}

/// `fn name(params) { body }` or an anonymous `fn(params) { body }`.
final class FunctionDecl {
    let name: String
    let parameters: [ParameterDecl]
    let body: [Stmt]
    /// The `#` comment lines directly above a named declaration.
    let doc: String
    let loc: Loc

    init(name: String, parameters: [ParameterDecl], body: [Stmt], doc: String, loc: Loc) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.doc = doc
        self.loc = loc
    }
}

/// A statement.
indirect enum Stmt {
    /// An expression run for its value (echoed at the prompt when not nil).
    case expression(Expr, Loc)
    /// `target = value`, or `target op= value` when `op` is set.
    case assign(target: Expr, op: BinaryOp?, value: Expr, Loc)
    /// `a, b = value`: the items of a list (or range) assigned in order, one per target.
    case assignMany(targets: [Expr], value: Expr, Loc)
    case function(FunctionDecl)
    case ifElse(Expr, [Stmt], [Stmt]?, Loc)
    case whileLoop(Expr, [Stmt], Loc)
    /// `for name in xs` or `for first, second in xs`.
    case forLoop(String, String?, Expr, [Stmt], Loc)
    case breakLoop(Loc)
    case continueLoop(Loc)
    case returnValue(Expr?, Loc)
    case use(String, Loc)
}
