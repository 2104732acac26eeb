// Threads: a thread count scoped to one call, so tests comparing one and two
// threads do not change the count other tests, running beside them, see.
import Dispatch
import Testing
@testable import Numerics

@Suite struct ThreadsTests {
    @Test func withScopesTheCountToTheCall() {
        let outside = Threads.count
        #expect(Threads.with(3) { Threads.count } == 3)
        #expect(Threads.with(0) { Threads.count } == 1, "at least one thread")
        #expect(Threads.with(2) { Threads.with(5) { Threads.count } } == 5)
        #expect(Threads.count == outside)
    }

    @Test func anotherThreadKeepsTheProcessSetting() {
        let seen = Threads.with(7) { () -> Int in
            var other = 0
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) { other = Threads.count }
            group.wait()
            return other
        }
        #expect(seen != 7)
    }
}
