// A line diff (Myers' O(ND) algorithm) printed in unified format, for
// `ce check` to show how a replay differs from its transcript.

/// The unified diff between two texts.
///
///     let diff = UnifiedDiff(old: "a\nb\n", new: "a\nc\n", oldName: "t.md", newName: "t.md (replay)")
///     print(diff.text)   // --- t.md, +++ ..., @@ -1,2 +1,2 @@, " a", "-b", "+c"
public struct UnifiedDiff {
    enum Edit: Equatable {
        case same(Int, Int)
        case delete(Int)
        case insert(Int)
    }

    public let text: String
    /// Whether the two texts are identical.
    public var isEmpty: Bool { text.isEmpty }

    /// - Parameter context: unchanged lines shown around each change.
    public init(old: String, new: String, oldName: String, newName: String, context: Int = 3) {
        let a = Transcript.splitLines(old)
        let b = Transcript.splitLines(new)
        let edits = UnifiedDiff.edits(a, b)
        text = edits.contains(where: { if case .same = $0 { return false } else { return true } })
            ? UnifiedDiff.format(edits, a, b, oldName: oldName, newName: newName, context: context)
            : ""
    }

    /// The shortest edit script turning `a` into `b`, in order.
    static func edits(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count, m = b.count
        let maxD = n + m
        if maxD == 0 { return [] }
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        // trace[d] holds v[k] for k in -d...d before round d, to walk back the path.
        var trace: [[Int]] = []
        var found = false
        for d in 0...maxD {
            trace.append(Array(v[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                    ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n && y < m && a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m {
                    found = true
                    break
                }
            }
            if found { break }
        }

        var result: [Edit] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let row = trace[d]
            func at(_ k: Int) -> Int { row[k + d] }
            let k = x - y
            let previousK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
            let (previousX, previousY) = d == 0 ? (0, 0) : (at(previousK), at(previousK) - previousK)
            while x > previousX && y > previousY {
                result.append(.same(x - 1, y - 1))
                x -= 1
                y -= 1
            }
            if d > 0 {
                if x == previousX { result.append(.insert(y - 1)) } else { result.append(.delete(x - 1)) }
                x = previousX
                y = previousY
            }
        }
        return result.reversed()
    }

    static func format(_ edits: [Edit], _ a: [String], _ b: [String], oldName: String, newName: String, context: Int) -> String {
        var out = "--- \(oldName)\n+++ \(newName)\n"
        let changed = edits.indices.filter { if case .same = edits[$0] { return false } else { return true } }
        var hunkStart = 0
        while hunkStart < changed.count {
            // Changes closer than 2 * context lines share a hunk.
            var hunkEnd = hunkStart
            while hunkEnd + 1 < changed.count && changed[hunkEnd + 1] - changed[hunkEnd] <= 2 * context {
                hunkEnd += 1
            }
            let first = max(0, changed[hunkStart] - context)
            let last = min(edits.count - 1, changed[hunkEnd] + context)
            var body = ""
            var oldCount = 0, newCount = 0
            // Line numbers where this hunk starts, counted from the edits before it.
            var oldLine = 0, newLine = 0
            for edit in edits[..<first] {
                switch edit {
                case .same: oldLine += 1; newLine += 1
                case .delete: oldLine += 1
                case .insert: newLine += 1
                }
            }
            for edit in edits[first...last] {
                switch edit {
                case .same(let i, _):
                    body += " " + terminated(a[i])
                    oldCount += 1
                    newCount += 1
                case .delete(let i):
                    body += "-" + terminated(a[i])
                    oldCount += 1
                case .insert(let j):
                    body += "+" + terminated(b[j])
                    newCount += 1
                }
            }
            let oldStart = oldCount == 0 ? oldLine : oldLine + 1
            let newStart = newCount == 0 ? newLine : newLine + 1
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n" + body
            hunkStart = hunkEnd + 1
        }
        return out
    }

    private static func terminated(_ line: String) -> String {
        line.hasSuffix("\n") ? line : line + "\n\\ No newline at end of file\n"
    }
}
