// The line diff behind `ce check`: minimal edits and GNU-style hunks.
import Testing
@testable import Shell

@Suite struct UnifiedDiffTests {
    @Test func identicalTextsHaveNoDiff() {
        #expect(UnifiedDiff(old: "a\nb\n", new: "a\nb\n", oldName: "x", newName: "y").isEmpty)
        #expect(UnifiedDiff(old: "", new: "", oldName: "x", newName: "y").isEmpty)
    }

    @Test func oneChangedLineInTheMiddle() {
        let old = (1...10).map { "\($0)\n" }.joined()
        let new = old.replacingFirst("5\n", with: "five\n")
        let diff = UnifiedDiff(old: old, new: new, oldName: "x", newName: "y").text
        #expect(diff == "--- x\n+++ y\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n")
    }

    @Test func insertionIntoEmptyAndDeletionToEmpty() {
        #expect(UnifiedDiff(old: "", new: "a\n", oldName: "x", newName: "y").text == "--- x\n+++ y\n@@ -0,0 +1,1 @@\n+a\n")
        #expect(UnifiedDiff(old: "a\n", new: "", oldName: "x", newName: "y").text == "--- x\n+++ y\n@@ -1,1 +0,0 @@\n-a\n")
    }

    @Test func distantChangesMakeTwoHunks() {
        let old = (1...20).map { "\($0)\n" }.joined()
        let new = old.replacingFirst("2\n", with: "two\n").replacingFirst("19\n", with: "nineteen\n")
        let diff = UnifiedDiff(old: old, new: new, oldName: "x", newName: "y").text
        #expect(diff.components("@@ -").count == 3)  // the file header, then two hunks
        #expect(diff.contains("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n"))
        #expect(diff.contains("@@ -16,5 +16,5 @@\n 16\n 17\n 18\n-19\n+nineteen\n 20\n"))
    }

    @Test func editScriptIsMinimalAndReproducesTheTarget() {
        // Random line lists over a small alphabet: applying the edits must give `b`,
        // and the number of edits must equal the LCS-based distance.
        var rng = SystemIndependentGenerator(seed: 3)
        for _ in 0..<200 {
            let a = (0..<rng.next(12)).map { _ in "\(rng.next(4))\n" }
            let b = (0..<rng.next(12)).map { _ in "\(rng.next(4))\n" }
            let edits = UnifiedDiff.edits(a, b)
            var rebuilt: [String] = []
            var changes = 0
            for edit in edits {
                switch edit {
                case .same(let i, let j): #expect(a[i] == b[j]); rebuilt.append(a[i])
                case .insert(let j): rebuilt.append(b[j]); changes += 1
                case .delete: changes += 1
                }
            }
            #expect(rebuilt == b)
            #expect(changes == a.count + b.count - 2 * lcsLength(a, b))
        }
    }

    func lcsLength(_ a: [String], _ b: [String]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0..<a.count {
            for j in 0..<b.count {
                table[i + 1][j + 1] = a[i] == b[j] ? table[i][j] + 1 : max(table[i][j + 1], table[i + 1][j])
            }
        }
        return table[a.count][b.count]
    }
}

/// A small deterministic generator for test inputs.
struct SystemIndependentGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }
}

extension String {
    func components(_ separator: String) -> [Substring] {
        var parts: [Substring] = []
        var rest = self[...]
        while let range = rest.firstRange(of: separator) {
            parts.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        parts.append(rest)
        return parts.filter { !$0.isEmpty }
    }
}
