// Frames of finished calls are freed even when their locals hold functions
// defined in the call (the frame <-> closure cycle), and kept when such a
// function escapes.
import Testing
@testable import Language

/// Weak handles on the functions a script hands to `watch(f)`, and on the frames they captured.
private final class Watcher {
    private var functions: [() -> AnyObject?] = []
    private var frames: [() -> AnyObject?] = []

    var builtin: Builtin {
        Builtin("watch", OneValue.self, summary: "Watches a function value.", category: "test") { [self] args in
            guard case .function(let function) = try args.x else { throw RuntimeError("watch needs a function") }
            weak let weakFunction = function
            weak let weakFrame = function.closure?.captured
            functions.append { weakFunction }
            frames.append { weakFrame }
            return .null
        }
    }

    var liveFunctions: Int { functions.filter { $0() != nil }.count }
    /// Distinct frames still alive.
    var liveFrames: Int { Set(frames.compactMap { $0().map(ObjectIdentifier.init) }).count }
}

@Suite struct FrameLifetimeTests {
    @Test func localFunctionsDieWithTheirCall() throws {
        let watcher = Watcher()
        let interp = try Interpreter(builtins: [testRange, watcher.builtin], print: { _ in })
        let o = run("""
            fn outer(x) {
                fn helper(y) { return y * 2 }
                square = fn(z) { return z * z }
                watch(helper)
                watch(square)
                return helper(x) + square(x)
            }
            s = 0
            for i in range(0, 3) { s = s + outer(i) }
            t = outer(x=4)
            """, in: interp)
        #expect(o.diagnostic == nil)
        #expect(interp.global("s").map { Operators.equal($0, .int(0 + 3 + 8)) } == true)
        #expect(interp.global("t").map { Operators.equal($0, .int(24)) } == true)
        #expect(watcher.liveFunctions == 0)
        // The three positional calls reused one frame, which outer's pool keeps
        // for its next call; the keyword call's frame is gone. (Leaked, all four would live.)
        #expect(watcher.liveFrames == 1)
    }

    @Test func escapedFunctionsKeepTheirFrame() throws {
        let watcher = Watcher()
        let interp = try Interpreter(builtins: [testRange, watcher.builtin], print: { _ in })
        let o = run("""
            fn maker(x) {
                fn helper(y) { return y + x }
                watch(helper)
                return fn(z) { return helper(z) }
            }
            fn keeper(x) {
                fn helper(y) { return y - x }
                watch(helper)
                return [helper]
            }
            add = maker(10)
            sub = keeper(1)[0]
            a = add(5)
            b = sub(5)
            """, in: interp)
        #expect(o.diagnostic == nil)
        #expect(interp.global("a").map { Operators.equal($0, .int(15)) } == true)
        #expect(interp.global("b").map { Operators.equal($0, .int(4)) } == true)
        #expect(watcher.liveFunctions == 2)
        #expect(watcher.liveFrames == 2)
    }
}
