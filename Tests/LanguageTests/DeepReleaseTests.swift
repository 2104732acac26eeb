// Values nested a million deep through every kind of container (lists, maps,
// function defaults, closures over frames, a mix) die without overflowing the
// stack: Swift would free each link from the previous one's deinit.
import Testing
@testable import Language

@Suite struct DeepReleaseTests {
    /// A million links for the chain the fuzz run found and for the mixed chain; each kind alone is deep
    /// enough at 200,000 (that crashed before too) and keeps the suite fast.
    static let depth = 1_000_000, kindDepth = 200_000

    /// Code for closures made by hand: `fn link(a=previous) { }`.
    static let code = FunctionCode(name: "link", doc: "", parameterNames: ["a"], slotCount: 1, body: { _ in .null },
                                   location: SourceLocation(file: "t.ce", line: 1, column: 1), definesFunctions: false)

    /// Builds a chain `depth` links long, each made from the one before; drops it; checks the last link's
    /// weak handle to show the whole chain was freed.
    func dropChain(depth: Int = DeepReleaseTests.kindDepth, _ link: (Value) -> Value) {
        var chain = Value.null
        for _ in 0..<depth { chain = link(chain) }
        weak let first = chain.container
        #expect(first != nil)
        chain = .null
        #expect(first == nil)
    }

    @Test func nestedLists() { dropChain { .list(ListValue([$0, .int(1)])) } }

    @Test func nestedMaps() { dropChain { .map(MapValue(fields: [("k0", $0)])) } }

    @Test func functionsWhoseDefaultIsTheLastFunction() {
        dropChain(depth: DeepReleaseTests.depth) { .function(Function(Closure(code: DeepReleaseTests.code, captured: nil, defaults: [$0]))) }
    }

    @Test func closuresOverFramesThatHoldTheLastClosure() {
        dropChain { previous in
            let frame = Frame.make(count: 1, parent: nil)
            frame.slots[0] = previous
            return .function(Function(Closure(code: DeepReleaseTests.code, captured: frame, defaults: [nil])))
        }
    }

    @Test func framesWhoseResultIsTheLastValue() {
        dropChain { previous in
            let frame = Frame.make(count: 0, parent: nil)
            frame.result = previous
            return .function(Function(Closure(code: DeepReleaseTests.code, captured: frame, defaults: [nil])))
        }
    }

    @Test func everyKindInTurn() {
        var k = 0
        dropChain(depth: DeepReleaseTests.depth) { previous in
            k += 1
            switch k % 4 {
            case 0: return .list(ListValue([previous]))
            case 1: return .map(MapValue(fields: [("k", previous)]))
            case 2: return .function(Function(Closure(code: DeepReleaseTests.code, captured: nil, defaults: [previous])))
            default:
                let frame = Frame.make(count: 1, parent: nil)
                frame.slots[0] = previous
                return .function(Function(Closure(code: DeepReleaseTests.code, captured: frame, defaults: [nil])))
            }
        }
    }

    /// A value held elsewhere survives its container's death (the queue only drops references).
    @Test func sharedValuesSurvive() {
        let shared = ListValue([.int(7)])
        var outer: Value = .list(ListValue([.list(shared), .map(MapValue(fields: [("s", .list(shared))]))]))
        outer = .null
        #expect(shared.items.count == 1)
        _ = outer
    }

    /// The chain the fuzz run found, written in the language: each function's default is the one before.
    @Test func aChainOfDefaultsInTheLanguage() {
        let o = run("f = nil\nfor i in range(0, 200000) { f = fn(a=f) { return a } }\nf = nil\nprint(\"freed\")")
        #expect(o.diagnostic == nil)
        #expect(o.text == "freed")
    }
}
