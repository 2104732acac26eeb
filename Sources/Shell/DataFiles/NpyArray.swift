// An n-dimensional numeric array as NumPy stores it: a shape and its
// elements in C (row-major) order, converted to and from nested ce lists.
import Language

/// A numeric array read from or written to a `.npy` file.
///
///     let x = try NpyArray(value: .list(...))         // nested lists → shape + flat elements
///     x.shape                                          // [50, 35]
///     x.doubles                                        // row-major, ints converted
public struct NpyArray: Equatable {
    /// The elements in C order; the dtype NumPy will see.
    public enum Elements: Equatable {
        case float64([Double])
        case int64([Int])
        case bool([Bool])

        public var count: Int {
            switch self {
            case .float64(let xs): return xs.count
            case .int64(let xs): return xs.count
            case .bool(let xs): return xs.count
            }
        }
    }

    /// Dimensions, outermost first: [] for a scalar, [n] for a vector, [rows, columns] for a matrix.
    public let shape: [Int]
    public let elements: Elements

    /// An array of `shape` holding `elements`; the counts must agree.
    public init(shape: [Int], elements: Elements) throws {
        let count = shape.reduce(1, *)
        guard shape.allSatisfy({ $0 >= 0 }), count == elements.count else {
            throw RuntimeError("an array of shape \(NpyArray.describe(shape)) holds \(count) values, got \(elements.count)")
        }
        self.shape = shape
        self.elements = elements
    }

    /// A vector or row-major matrix of doubles.
    public init(doubles: [Double], shape: [Int]? = nil) throws {
        try self.init(shape: shape ?? [doubles.count], elements: .float64(doubles))
    }

    /// The elements as doubles (ints and booleans converted), in C order.
    public var doubles: [Double] {
        switch elements {
        case .float64(let xs): return xs
        case .int64(let xs): return xs.map(Double.init)
        case .bool(let xs): return xs.map { $0 ? 1 : 0 }
        }
    }

    /// The elements as ints, or nil for a float array.
    public var ints: [Int]? {
        switch elements {
        case .float64: return nil
        case .int64(let xs): return xs
        case .bool(let xs): return xs.map { $0 ? 1 : 0 }
        }
    }

    /// The same array as "float64" or "int64" elements ("f8", "i8" too); int64 needs integral values.
    public func converted(to dtype: Value) throws -> NpyArray {
        switch dtype {
        case .string("float64"), .string("f8"):
            return try NpyArray(shape: shape, elements: .float64(doubles))
        case .string("int64"), .string("i8"):
            if let ints { return try NpyArray(shape: shape, elements: .int64(ints)) }
            var out: [Int] = []
            out.reserveCapacity(elements.count)
            for (i, d) in doubles.enumerated() {
                guard let n = Int(exactly: d) else {
                    throw RuntimeError("dtype int64 needs integral values; element \(i) is \(Value.format(d))")
                }
                out.append(n)
            }
            return try NpyArray(shape: shape, elements: .int64(out))
        default:
            throw RuntimeError("dtype must be \"float64\" or \"int64\", got \(dtype.literal)")
        }
    }

    /// `(3, 4)` as NumPy prints shapes.
    static func describe(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// The array as ce values: a scalar, a list, or nested lists (a matrix is a list of rows).
    public var value: Value {
        func element(_ i: Int) -> Value {
            switch elements {
            case .float64(let xs): return .double(xs[i])
            case .int64(let xs): return .int(xs[i])
            case .bool(let xs): return .bool(xs[i])
            }
        }
        func build(_ dim: Int, _ offset: Int) -> Value {
            if dim == shape.count { return element(offset) }
            let stride = shape[(dim + 1)...].reduce(1, *)
            return .list(ListValue((0..<shape[dim]).map { build(dim + 1, offset + $0 * stride) }))
        }
        return build(0, 0)
    }

    /// Nesting deeper than this is refused (a list may contain itself).
    static let maxDimensions = 32

    /// The array for a number, a list of numbers, or equally long nested lists.
    /// Ints stay int64 unless a float is present; all booleans give a bool array.
    public init(value: Value) throws {
        func items(_ v: Value) -> [Value]? {
            switch v {
            case .list(let l): return l.items
            case .range(let r) where r.count <= CoreBuiltins.maxElements: return r.map { .int($0) }
            default: return nil
            }
        }
        var shape: [Int] = []
        var probe = value
        while let xs = items(probe) {
            guard shape.count < NpyArray.maxDimensions else {
                throw RuntimeError("lists nest more than \(NpyArray.maxDimensions) deep (does a list contain itself?)")
            }
            shape.append(xs.count)
            guard let first = xs.first else { break }
            probe = first
        }
        // No capacity reserved: a ragged list's first path can promise more than it holds.
        var leaves: [Value] = []
        var index: [Int] = []
        func flatten(_ v: Value, _ dim: Int) throws {
            let xs = items(v)
            if dim == shape.count {
                guard xs == nil else { throw ragged("is a list where the first is a number") }
                leaves.append(v)
                return
            }
            guard let xs else { throw ragged("is a \(v.typeName) where the first is a list of \(shape[dim])") }
            guard xs.count == shape[dim] else { throw ragged("has \(xs.count) values, the first has \(shape[dim])") }
            for (i, x) in xs.enumerated() {
                index.append(i)
                try flatten(x, dim + 1)
                index.removeLast()
            }
        }
        func ragged(_ what: String) -> RuntimeError {
            let place = index.isEmpty ? "the value" : "element " + index.map { "[\($0)]" }.joined()
            return RuntimeError("the array is ragged: \(place) \(what)")
        }
        try flatten(value, 0)
        var sawDouble = false, sawInt = false
        for (i, leaf) in leaves.enumerated() {
            switch leaf {
            case .double: sawDouble = true
            case .int: sawInt = true
            case .bool: break
            default:
                throw RuntimeError(".npy holds numbers only; found \(leaf.typeName) \(leaf.literal) at element \(i) (C order)")
            }
        }
        let elements: Elements
        if sawDouble || leaves.isEmpty {
            elements = .float64(leaves.map { leaf in
                switch leaf {
                case .int(let i): return Double(i)
                case .double(let d): return d
                case .bool(let b): return b ? 1 : 0
                default: return .nan
                }
            })
        } else if sawInt {
            elements = .int64(leaves.map { leaf in
                switch leaf {
                case .int(let i): return i
                case .bool(let b): return b ? 1 : 0
                default: return 0
                }
            })
        } else {
            elements = .bool(leaves.map { $0.isTruthy })
        }
        try self.init(shape: shape, elements: elements)
    }
}
