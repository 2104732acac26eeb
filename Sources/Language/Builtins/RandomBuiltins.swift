// Seeded random draws from the session's stream (`context.random`):
// seed, rand, randn, randint, choice, shuffle. Never the system generator,
// so a script with seed(n) prints the same numbers on every run.
import Numerics

enum RandomBuiltins {
    static var all: [Builtin] { [seed, rand, randn, randint, choice, shuffle] }

    /// The number of draws, a parameter of every drawing builtin.
    static var count: Param<Int?> { Param("n", default: nil, "how many draws; nil gives one value, not a list") }

    /// `n` draws as a list, or one draw when n is nil.
    static func draws(_ count: Int?, callee: String, _ draw: () throws -> Value) throws -> Value {
        guard let n = count else { return try draw() }
        guard n >= 0 else { throw RuntimeError("\(callee): n must be 0 or more, got \(n)") }
        try Elementwise.checkSize(n, callee: callee)
        var out: [Value] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try draw()) }
        return .list(ListValue(out))
    }

    static var seed: Builtin {
        Builtin(
            "seed", SeedParameters.self, summary: "Restarts the session's random stream from seed n.",
            doc: """
                After seed(n) the draws of rand, randn, randint, choice and shuffle repeat
                exactly, on any machine and thread count.
                Example:
                    seed(7)
                    a = rand()
                    seed(7)
                    rand() == a            # true
                """,
            category: "random"
        ) { args in
            let n = try args.n
            guard n >= 0 else { throw RuntimeError("seed must be 0 or more, got \(n)") }
            args.context.random = RandomStream(seed: UInt64(n))
            return .null
        }
    }

    static var rand: Builtin {
        Builtin(
            "rand", Draws.self, summary: "Uniform random floats in [0, 1): one, or a list of n.",
            doc: """
                Example:
                    seed(1)
                    x = rand()             # a float in [0, 1)
                    xs = rand(3)           # a list of 3
                """,
            category: "random"
        ) { args in
            try draws(try args.n, callee: "rand") { .double(args.context.random.uniform()) }
        }
    }

    static var randn: Builtin {
        Builtin(
            "randn", Draws.self, summary: "Standard normal random floats (mean 0, sd 1): one, or a list of n.",
            doc: """
                Example:
                    noise = 0.01 * randn(100)
                """,
            category: "random"
        ) { args in
            try draws(try args.n, callee: "randn") { .double(args.context.random.normal()) }
        }
    }

    static var randint: Builtin {
        Builtin(
            "randint", RandintParameters.self, summary: "Uniform random ints in [low, high): one, or a list of n.",
            doc: """
                Half-open as numpy.random.randint: randint(0, 6) is 0 to 5.
                Example:
                    die = randint(1, 7)
                    sites = randint(0, 100, 10)
                """,
            category: "random"
        ) { args in
            let low = try args.low, high = try args.high
            let (width, overflow) = high.subtractingReportingOverflow(low)
            guard high > low, !overflow else {
                throw RuntimeError("randint needs low < high (and a width that fits an int), got \(low) and \(high)")
            }
            return try draws(try args.n, callee: "randint") { .int(low + args.context.random.int(below: width)) }
        }
    }

    static var choice: Builtin {
        Builtin(
            "choice", ChoiceParameters.self, summary: "Random elements of xs: one, or a list of n.",
            doc: """
                With replacement by default, as numpy.random.choice; replace=false picks
                n different positions (n at most len(xs)).
                Example:
                    species = choice(["Li", "Mn"], 10)
                    picks = choice(range(100), 5, replace=false)
                """,
            category: "random"
        ) { args in
            let items = try args.xs
            guard !items.isEmpty else { throw RuntimeError("choice needs a non-empty list") }
            guard let n = try args.n, try !args.replace else {
                return try draws(try args.n, callee: "choice") { items[args.context.random.int(below: items.count)] }
            }
            guard (0...items.count).contains(n) else {
                throw RuntimeError("choice without replacement needs n between 0 and \(items.count), got \(n)")
            }
            // A partial Fisher-Yates shuffle: the first n positions are a uniform sample.
            var pool = items
            for i in 0..<n { pool.swapAt(i, i + args.context.random.int(below: pool.count - i)) }
            return .list(ListValue(Array(pool[0..<n])))
        }
    }

    static var shuffle: Builtin {
        Builtin(
            "shuffle", ShuffleParameters.self, summary: "A new list with the elements of xs in random order.",
            doc: """
                The input is not changed.
                Example:
                    order = shuffle(range(10))
                """,
            category: "random"
        ) { args in
            var items = try args.xs
            args.context.random.shuffle(&items)
            return .list(ListValue(items))
        }
    }

    struct SeedParameters: Parameters {
        var n = Param<Int>("n", "a non-negative int")
    }

    struct Draws: Parameters {
        var n = count
    }

    struct RandintParameters: Parameters {
        var low = Param<Int>("low", "the smallest value")
        var high = Param<Int>("high", "the end, excluded")
        var n = count
    }

    struct ChoiceParameters: Parameters {
        var xs = Param<[Value]>("xs", "a non-empty list or range")
        var n = count
        var replace = Param("replace", default: true, "false draws n distinct elements")
    }

    struct ShuffleParameters: Parameters {
        var xs = Param<[Value]>("xs", "a list or range")
    }
}
