// An n-dimensional numeric array as NumPy stores it: a shape and its
// elements in C (row-major) order.

/// A numeric array read from or written to a `.npy` file.
///
///     let x = try NpyArray(doubles: [1, 2, 3, 4, 5, 6], shape: [2, 3])
///     x.shape                  // [2, 3]
///     x.doubles                // row-major: [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
public struct NpyArray: Equatable, Sendable {
    /// The elements in C order, in the dtype NumPy will see.
    public enum Elements: Equatable, Sendable {
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
        guard let count = NpyArray.elementCount(shape), count == elements.count else {
            throw FormatError("an array of shape \(NpyArray.describe(shape)) cannot hold \(elements.count) values")
        }
        self.shape = shape
        self.elements = elements
    }

    /// A vector or row-major matrix of doubles.
    public init(doubles: [Double], shape: [Int]? = nil) throws {
        try self.init(shape: shape ?? [doubles.count], elements: .float64(doubles))
    }

    /// The number of elements of `shape`, or nil when a dimension is negative or the product overflows.
    public static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for n in shape {
            guard n >= 0 else { return nil }
            let (c, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow else { return nil }
            count = c
        }
        return count
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
    ///
    ///     try NpyArray(doubles: [1, 2]).converted(to: "int64").elements   // .int64([1, 2])
    public func converted(to dtype: String) throws -> NpyArray {
        switch dtype {
        case "float64", "f8":
            return try NpyArray(shape: shape, elements: .float64(doubles))
        case "int64", "i8":
            if let ints { return try NpyArray(shape: shape, elements: .int64(ints)) }
            var out: [Int] = []
            out.reserveCapacity(elements.count)
            for (i, d) in doubles.enumerated() {
                guard let n = Int(exactly: d) else {
                    throw FormatError("dtype int64 needs integral values; element \(i) is \(d)")
                }
                out.append(n)
            }
            return try NpyArray(shape: shape, elements: .int64(out))
        default:
            throw FormatError("dtype must be \"float64\" or \"int64\", got \"\(dtype)\"")
        }
    }

    /// `(3, 4)` as NumPy prints shapes.
    public static func describe(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
