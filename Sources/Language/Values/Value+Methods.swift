// The methods every string, list and map has: `s.upper()`, `xs.append(1)`,
// `m.get("k", 0)`. `help methods` lists them (see `Value.methodDocs`).

import Foundation
import Numerics

extension Value {
    /// Method names and one-line docs per type, for `help` and completion.
    public static let methodDocs: [(type: String, methods: [(String, String)])] = [
        ("string", [
            ("upper()", "the string in upper case"),
            ("lower()", "the string in lower case"),
            ("trim()", "without leading and trailing blanks"),
            ("split(sep=nil)", "the pieces between `sep` (blanks when nil)"),
            ("join(xs)", "the items of `xs` with the string between them"),
            ("replace(old, new)", "every `old` replaced by `new`"),
            ("contains(s)", "whether `s` occurs in the string"),
            ("startswith(s)", "whether the string starts with `s`"),
            ("endswith(s)", "whether the string ends with `s`"),
            ("find(s)", "the position of the first `s`, or -1"),
        ]),
        ("list", [
            ("append(x)", "adds `x` at the end (changes the list)"),
            ("extend(xs)", "adds the items of `xs` at the end (changes the list)"),
            ("pop()", "removes and returns the last item"),
            ("insert(i, x)", "inserts `x` before position `i`"),
            ("remove(i)", "removes and returns the item at position `i`"),
            ("contains(x)", "whether `x` is an item"),
            ("index(x)", "the position of the first `x`, or -1"),
            ("reverse()", "a new list, reversed"),
            ("copy()", "a new list with the same items"),
            ("join(sep)", "the items printed with `sep` between them"),
        ]),
        ("map", [
            ("keys()", "the keys, in insertion order"),
            ("values()", "the values, in insertion order"),
            ("contains(k)", "whether `k` is a key"),
            ("get(k, default=nil)", "the value for `k`, or `default`"),
            ("remove(k)", "removes `k` and returns its value (nil if absent)"),
            ("copy()", "a new map with the same entries"),
        ]),
    ]

    /// The method names of this value's type (objects list their own).
    public var methodNames: [String] {
        switch self {
        case .object(let o): return o.methodNames
        case .string: return Value.names(of: "string")
        case .list: return Value.names(of: "list")
        case .map: return Value.names(of: "map")
        default: return []
        }
    }

    private static func names(of type: String) -> [String] {
        let methods = methodDocs.first { $0.type == type }?.methods ?? []
        return methods.map { String($0.0.prefix { $0 != "(" }) }
    }

    /// Calls built-in method `name` of a string, list or map; nil when there is no such method.
    func callBuiltinMethod(_ name: String, _ args: [Value]) throws -> Value? {
        func arity(_ n: ClosedRange<Int>) throws {
            guard n.contains(args.count) else {
                let expected = n.lowerBound == n.upperBound ? "\(n.lowerBound)" : "\(n.lowerBound) to \(n.upperBound)"
                throw RuntimeError("\(typeName).\(name) takes \(expected) arguments, got \(args.count)")
            }
        }
        func string(_ i: Int) throws -> String {
            guard case .string(let s) = args[i] else {
                throw RuntimeError("\(typeName).\(name): argument \(i + 1) must be a string, got \(args[i].typeName)")
            }
            return s
        }
        switch self {
        case .string(let s):
            switch name {
            case "upper": try arity(0...0); return .string(s.uppercased())
            case "lower": try arity(0...0); return .string(s.lowercased())
            case "trim":
                try arity(0...0)
                return .string(String(s.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()))
            case "split":
                try arity(0...1)
                if args.isEmpty || args[0].isNull {
                    return .strings(s.split(whereSeparator: { $0.isWhitespace }).map(String.init))
                }
                let sep = try string(0)
                guard !sep.isEmpty else { throw RuntimeError("string.split: the separator is empty") }
                return .strings(s.components(separatedBy: sep))
            case "join":
                try arity(1...1)
                guard let items = try Operators.sequenceItems(args[0]) else {
                    throw RuntimeError("string.join needs a list, got \(args[0].typeName)")
                }
                return .string(try ValueText.joined(items, separator: s, callee: "string.join"))
            case "replace":
                try arity(2...2)
                let old = try string(0)
                guard !old.isEmpty else { throw RuntimeError("string.replace: the text to replace is empty") }
                let new = try string(1), pieces = s.components(separatedBy: old)
                // `s = s.replace("a", "aa")` in a loop doubles each time: the result is checked before it is built.
                let growth = MemoryBudget.product(pieces.count - 1, max(0, new.utf8.count - old.utf8.count))
                try ValueBudget.checkString(bytes: MemoryBudget.sum(s.utf8.count, growth))
                return .string(pieces.joined(separator: new))
            case "contains":
                try arity(1...1)
                let needle = try string(0)
                return .bool(needle.isEmpty || s.contains(needle))
            case "startswith": try arity(1...1); return .bool(s.hasPrefix(try string(0)))
            case "endswith": try arity(1...1); return .bool(s.hasSuffix(try string(0)))
            case "find":
                try arity(1...1)
                let chars = Array(s), needle = Array(try string(0))
                if needle.isEmpty { return .int(0) }
                if needle.count <= chars.count {
                    for i in 0...(chars.count - needle.count) where Array(chars[i..<(i + needle.count)]) == needle {
                        return .int(i)
                    }
                }
                return .int(-1)
            default: return nil
            }
        case .list(let l):
            switch name {
            case "append", "push":
                try arity(1...1)
                if !ValueBudget.canGrow(l.items.count) { try ValueBudget.checkList(l.items.count + 1, "list.append") }
                l.items.append(args[0])
                return .null
            case "extend":
                try arity(1...1)
                guard let items = try Operators.sequenceItems(args[0]) else {
                    throw RuntimeError("list.extend needs a list, got \(args[0].typeName)")
                }
                try ValueBudget.checkList(l.items.count + items.count, "list.extend")
                l.items.append(contentsOf: items)
                return .null
            case "pop":
                try arity(0...0)
                guard let last = l.items.popLast() else { throw RuntimeError("pop from an empty list") }
                return last
            case "insert":
                try arity(2...2)
                guard let i = args[0].asIndex else { throw RuntimeError("list.insert: the position must be an int") }
                let j = i < 0 ? max(0, i + l.items.count) : min(i, l.items.count)
                if !ValueBudget.canGrow(l.items.count) { try ValueBudget.checkList(l.items.count + 1, "list.insert") }
                l.items.insert(args[1], at: j)
                return .null
            case "remove":
                try arity(1...1)
                return l.items.remove(at: try Value.position(args[0], count: l.items.count, of: "list"))
            case "contains":
                try arity(1...1)
                return .bool(l.items.contains { Operators.equal($0, args[0]) })
            case "index":
                try arity(1...1)
                return .int(l.items.firstIndex { Operators.equal($0, args[0]) } ?? -1)
            case "reverse": try arity(0...0); return .list(ListValue(l.items.reversed()))
            case "copy": try arity(0...0); return .list(ListValue(l.items))
            case "join":
                try arity(0...1)
                let sep = args.isEmpty ? ", " : try string(0)
                return .string(try ValueText.joined(l.items, separator: sep, callee: "list.join"))
            default: return nil
            }
        case .map(let m):
            switch name {
            case "keys": try arity(0...0); return .list(ListValue(m.keys.map(\.value)))
            case "values": try arity(0...0); return .list(ListValue(m.values))
            case "contains", "has":
                try arity(1...1)
                return .bool(MapKey(args[0]).map { m[$0] != nil } ?? false)
            case "get":
                try arity(1...2)
                let fallback = args.count > 1 ? args[1] : .null
                return MapKey(args[0]).flatMap { m[$0] } ?? fallback
            case "remove":
                try arity(1...1)
                guard let key = MapKey(args[0]) else { return .null }
                let old = m[key]
                m[key] = nil
                return old ?? .null
            case "copy": try arity(0...0); return .map(MapValue(Array(m.pairs)))
            default: return nil
            }
        default:
            return nil
        }
    }
}
