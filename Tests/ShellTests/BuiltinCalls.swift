// Calling the shell's builtins from tests the way a script does, and taking
// the engine objects out of the values they return.
import Language
import Numerics
@testable import Shell

/// Calls `builtin` with its arguments bound as a script's call binds them; printed output is dropped.
///
///     let data = try call(FitCommands.standin, [.int(60)], [("seed", .int(3))])
func call(_ builtin: Builtin, _ positional: [Value] = [], _ keywords: [(String, Value)] = []) throws -> Value {
    let context = CallContext(print: { _ in })
    return try builtin.call(positional, keywords, context: context)
}

/// The engine object of type `T` that `value` holds, or nil.
func object<T>(_ value: Value, as: T.Type) -> T? {
    guard case .object(let o) = value else { return nil }
    return o as? T
}

/// The chain a `sample` call returned; throws naming what it returned instead.
func chain(_ value: Value) throws -> ChainObject {
    guard let c = object(value, as: ChainObject.self) else { throw RuntimeError("not a chain: \(value.typeName)") }
    return c
}

/// The fit a `fit` call returned; throws naming what it returned instead.
func fitObject(_ value: Value) throws -> FitObject {
    guard let f = object(value, as: FitObject.self) else { throw RuntimeError("not a fit: \(value.typeName)") }
    return f
}

/// `sample(target, keywords...)` run on one thread, then on two (the chains must not differ).
func sampleOnOneAndTwoThreads(_ target: Value, _ keywords: [(String, Value)]) throws -> (one: ChainObject, two: ChainObject) {
    let one = try Threads.with(1) { try chain(try call(SampleCommand.sample, [target], keywords)) }
    let two = try Threads.with(2) { try chain(try call(SampleCommand.sample, [target], keywords)) }
    return (one, two)
}
