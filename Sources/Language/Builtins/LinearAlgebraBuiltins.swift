// dot: numpy.dot on lists. A vector is a list (or range) of numbers, a
// matrix a list of equally long rows; ints stay ints while their sums fit.

enum LinearAlgebraBuiltins {
    static var dot: Builtin {
        Builtin(
            "dot", DotParameters.self, summary: "The dot product of vectors, or matrix products, as numpy.dot.",
            doc: """
                vector · vector is a number; matrix · vector and vector · matrix are lists;
                matrix · matrix is a matrix (a list of rows). A vector is a list or range of
                numbers, a matrix a list of equally long rows. The inner lengths must agree.
                Ints stay ints unless a sum overflows 64 bits (then it is a float).
                Example:
                    dot([1, 2, 3], [4, 5, 6])          # 32
                    dot([[1, 0], [0, 2]], [3, 4])      # [3, 8]
                    dot([[1, 2], [3, 4]], [[0, 1], [1, 0]])   # [[2, 1], [4, 3]]
                """,
            category: "math"
        ) { args in
            let a = try Operand(try args.a, "a"), b = try Operand(try args.b, "b")
            // The inner dimension: a's last, b's first (numpy.dot for 1-D and 2-D).
            let inner = a.columns, other = b.rows
            guard inner == other else {
                throw RuntimeError("dot: shapes \(a.shape) and \(b.shape) do not align: \(inner) != \(other)")
            }
            func entry(_ i: Int, _ j: Int) -> Value {
                sum((0..<inner).map { k in (a.element(i, k), b.element(k, j)) })
            }
            switch (a.isMatrix, b.isMatrix) {
            case (false, false): return entry(0, 0)
            case (true, false): return .list(ListValue((0..<a.rows).map { entry($0, 0) }))
            case (false, true): return .list(ListValue((0..<b.columns).map { entry(0, $0) }))
            case (true, true):
                return .list(ListValue((0..<a.rows).map { i in .list(ListValue((0..<b.columns).map { entry(i, $0) })) }))
            }
        }
    }

    /// Σ x·y over the pairs: an int while every product and partial sum fits, else a float.
    static func sum(_ pairs: [(Value, Value)]) -> Value {
        var total = 0
        var exact = true
        for case (.int(let x), .int(let y)) in pairs {
            let (p, o1) = x.multipliedReportingOverflow(by: y)
            let (s, o2) = total.addingReportingOverflow(p)
            if o1 || o2 { exact = false; break }
            total = s
        }
        if exact, pairs.allSatisfy({ if case (.int, .int) = $0 { return true } else { return false } }) { return .int(total) }
        var t = 0.0
        for (x, y) in pairs { t += x.numberValue * y.numberValue }
        return .double(t)
    }

    /// A vector (one row) or a matrix of numbers.
    struct Operand {
        let elements: [[Value]]
        let isMatrix: Bool

        init(_ value: Value, _ name: String) throws {
            guard let items = try Elementwise.items(of: value, callee: "dot") else {
                throw RuntimeError("dot: \(name) must be a list of numbers or a list of rows, got \(withArticle(value.typeName))")
            }
            if let first = items.first, Elementwise.isSequence(first) {
                let rows = try items.enumerated().map { i, row -> [Value] in
                    guard let r = try Elementwise.items(of: row, callee: "dot"), r.allSatisfy(\.isNumber) else {
                        throw RuntimeError("dot: row \(i) of \(name) is not a list of numbers")
                    }
                    return r
                }
                for (i, row) in rows.enumerated() where row.count != rows[0].count {
                    throw RuntimeError("dot: row \(i) of \(name) has \(row.count) numbers but row 0 has \(rows[0].count)")
                }
                elements = rows
                isMatrix = true
            } else {
                for (i, x) in items.enumerated() where !x.isNumber {
                    throw RuntimeError("dot: element \(i) of \(name) is \(withArticle(x.typeName)), not a number")
                }
                elements = [items]
                isMatrix = false
            }
        }

        var rows: Int { isMatrix ? elements.count : elements[0].count }
        var columns: Int { isMatrix ? (elements.first?.count ?? 0) : elements[0].count }
        /// numpy's shape: (n,) for a vector, (rows, columns) for a matrix.
        var shape: String { isMatrix ? "(\(rows), \(columns))" : "(\(columns),)" }

        /// Row i, column j of a matrix; a vector is a row on the left and a column on the right.
        func element(_ i: Int, _ j: Int) -> Value {
            isMatrix ? elements[i][j] : elements[0][max(i, j)]
        }
    }

    struct DotParameters: Parameters {
        var a = Param<Value>("a", "a vector (list of numbers) or a matrix (list of rows)")
        var b = Param<Value>("b", "a vector or a matrix")
    }
}

extension Value {
    /// Whether the value is an int or a float.
    var isNumber: Bool {
        switch self {
        case .int, .double: return true
        default: return false
        }
    }

    /// An int or float as a Double (0 for anything else).
    var numberValue: Double {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return 0
        }
    }
}
