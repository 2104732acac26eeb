import Language

/// Attempts and accepted moves per kind of move, as `sample` and `anneal` report them
/// (fields `move_attempts`, `move_accepted`, `move_acceptance`, and a phrase for the summary).
///
///     let counts = MoveCounts(names: ["swap", "flip"], attempts: [90, 10], accepted: [45, 0])
///     counts.phrase   // "swap 0.5 of 90, flip 0.0 of 10"
struct MoveCounts {
    let kinds: [(name: String, attempts: Int, accepted: Int)]

    /// One kind per name; a kind without counts has none.
    init(names: [String], attempts: [Int], accepted: [Int]) {
        kinds = names.indices.map { m in (names[m], m < attempts.count ? attempts[m] : 0, m < accepted.count ? accepted[m] : 0) }
    }

    static let fieldNames = ["move_attempts", "move_accepted", "move_acceptance"]

    /// The field `name` (records keyed by move name), or nil for another name.
    func field(_ name: String) -> Value? {
        switch name {
        case "move_attempts": return .record(kinds.map { ($0.name, .int($0.attempts)) })
        case "move_accepted": return .record(kinds.map { ($0.name, .int($0.accepted)) })
        case "move_acceptance": return .record(kinds.map { ($0.name, .double(Self.acceptance($0.attempts, $0.accepted))) })
        default: return nil
        }
    }

    /// Each kind's acceptance and attempts, for a summary line.
    var phrase: String {
        kinds.map { "\($0.name) \(Value.format(Self.acceptance($0.attempts, $0.accepted), digits: 3)) of \($0.attempts)" }
            .joined(separator: ", ")
    }

    private static func acceptance(_ attempts: Int, _ accepted: Int) -> Double {
        attempts > 0 ? Double(accepted) / Double(attempts) : 0
    }
}
