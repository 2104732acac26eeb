// Collection builtins: len, append, keys, values, sort, map, filter, zip.
// Lists are references: append changes the list in place; sort, map,
// filter and zip return new lists.

enum CollectionBuiltins {
    static var all: [Builtin] { [len, append, keys, values, sort, map, filter, zip] }

    static var len: Builtin {
        Builtin(
            "len", Sized.self, summary: "The number of elements (characters of a string).",
            doc: """
                Example:
                    len([1, 2, 3])         # 3
                    len({"a": 1})          # 1
                    len(range(0, 10, 3))   # 4
                    len("Mn")              # 2
                """,
            category: "collections"
        ) { args in
            switch try args.x {
            case .list(let l): return .int(l.items.count)
            case .map(let m): return .int(m.count)
            case .range(let r): return .int(r.count)
            case .string(let s): return .int(s.count)
            case let other: throw RuntimeError("len needs a list, map, range or string, got \(other.typeName)")
            }
        }
    }

    static var append: Builtin {
        Builtin(
            "append", AppendParameters.self, summary: "Adds a value at the end of a list, in place; returns the list.",
            doc: """
                Lists are shared references: every variable holding the list sees the change.
                Example:
                    xs = [1, 2]
                    append(xs, 3)
                    xs                     # [1, 2, 3]
                """,
            category: "collections"
        ) { args in
            let list = try args.list
            if !ValueBudget.canGrow(list.items.count) { try ValueBudget.checkList(list.items.count + 1, "append") }
            list.items.append(try args.value)
            return .list(list)
        }
    }

    static func mapOrObject(_ args: Arguments<MapOrObject>) throws -> [(Value, () -> Value)] {
        switch try args.map {
        case .first(let m): return m.pairs.map { k, v in (k.value, { v }) }
        case .second(let o):
            let object = o.object
            return object.fieldNames.map { name in (.string(name), { object.field(name) ?? .null }) }
        }
    }

    static var keys: Builtin {
        Builtin(
            "keys", MapOrObject.self, summary: "The keys of a map in insertion order, or an object's field names.",
            doc: """
                Example:
                    keys({"Li": 1, "Mn": 2})   # ["Li", "Mn"]
                """,
            category: "collections"
        ) { args in
            .list(ListValue(try mapOrObject(args).map { $0.0 }))
        }
    }

    static var values: Builtin {
        Builtin(
            "values", MapOrObject.self, summary: "The values of a map in insertion order, or an object's field values.",
            doc: """
                Example:
                    values({"Li": 1, "Mn": 2}) # [1, 2]
                """,
            category: "collections"
        ) { args in
            .list(ListValue(try mapOrObject(args).map { $0.1() }))
        }
    }

    /// The function argument `name`, checked to be callable.
    static var sort: Builtin {
        Builtin(
            "sort", SortParameters.self, summary: "A new sorted list (stable; the input is unchanged).",
            doc: """
                Numbers sort with numbers (nan last), strings by code point, lists element
                by element. Equal keys keep their order, also with reverse=true (as Python).
                Example:
                    sort([3, 1, 2])                    # [1, 2, 3]
                    sort(["b", "a"], reverse=true)     # ["b", "a"]
                    sort([-3, 1, 2], key=abs)          # [1, 2, -3]
                """,
            category: "collections"
        ) { args in
            let items = try args.xs
            let reverse = try args.reverse
            var keys = items
            if let key = try args.key {
                keys = try items.map { try args.context.call(key.value, [$0]) }
            }
            var order = Array(items.indices)
            try order.sort { i, j in
                let c = try ValueOrdering.compare(keys[i], keys[j], callee: "sort")
                if c != 0 { return reverse ? c > 0 : c < 0 }
                return i < j
            }
            return .list(ListValue(order.map { items[$0] }))
        }
    }

    static var map: Builtin {
        Builtin(
            "map", MapParameters.self, summary: "A new list of fn(x) for each x in xs.",
            doc: """
                Example:
                    map(abs, [-1, 2, -3])              # [1, 2, 3]
                    fn sq(x) { return x * x }
                    map(sq, range(4))                  # [0, 1, 4, 9]
                """,
            category: "collections"
        ) { args in
            let f = try args.fn.value
            var out: [Value] = []
            for x in try args.xs {
                try args.context.checkInterrupt()
                out.append(try args.context.call(f, [x]))
            }
            return .list(ListValue(out))
        }
    }

    static var filter: Builtin {
        Builtin(
            "filter", FilterParameters.self, summary: "A new list of the x in xs for which fn(x) is true.",
            doc: """
                Truthiness as in `if`: nil and false drop the element, anything else keeps it.
                Example:
                    fn positive(x) { return x > 0 }
                    filter(positive, [-1, 2, 0, 3])    # [2, 3]
                """,
            category: "collections"
        ) { args in
            let f = try args.fn.value
            var out: [Value] = []
            for x in try args.xs {
                try args.context.checkInterrupt()
                if try args.context.call(f, [x]).isTruthy { out.append(x) }
            }
            return .list(ListValue(out))
        }
    }

    static var zip: Builtin {
        Builtin(
            "zip", ZipParameters.self, summary: "A list of lists pairing up the i-th elements; as long as the shortest.",
            doc: """
                Example:
                    zip([1, 2, 3], ["a", "b", "c"])    # [[1, "a"], [2, "b"], [3, "c"]]
                    xs = [1, 2]
                    ys = [10, 20]
                    for p in zip(xs, ys) { print(p[0], p[1]) }
                """,
            category: "collections"
        ) { args in
            let lists = try args.lists.enumerated().map { i, v -> [Value] in
                guard let items = try Elementwise.items(of: v, callee: "zip") else {
                    throw RuntimeError("zip: argument \(i + 1) must be a list or range, got \(v.typeName)")
                }
                return items
            }
            let n = lists.map(\.count).min() ?? 0
            return .list(ListValue((0..<n).map { i in .list(ListValue(lists.map { $0[i] })) }))
        }
    }

    struct Sized: Parameters {
        var x = Param<Value>("x", "a list, map, range or string")
    }

    struct AppendParameters: Parameters {
        var list = Param<ListValue>("list", "the list to extend (changed in place)")
        var value = Param<Value>("value", "the new last element")
    }

    struct MapOrObject: Parameters {
        var map = Param<Either<MapValue, AnyObjectArgument>>("map", "a map, or an object (its fields)")
    }

    struct SortParameters: Parameters {
        var xs = Param<[Value]>("xs", "a list or range of numbers, strings or lists")
        var key = Param<Callable?>("key", default: nil, "a function giving each element's sort key")
        var reverse = Param("reverse", default: false, "largest first")
    }

    struct MapParameters: Parameters {
        var fn = Param<Callable>("fn", "a function of one argument")
        var xs = Param<[Value]>("xs", "a list or range")
    }

    struct FilterParameters: Parameters {
        var fn = Param<Callable>("fn", "a function of one argument; elements where it is true are kept")
        var xs = Param<[Value]>("xs", "a list or range")
    }

    struct ZipParameters: Parameters {
        var lists = Param.variadic("lists", "lists or ranges")
    }
}
