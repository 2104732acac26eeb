// Small fixed-size 3x3 matrix arithmetic for lattice vectors (rows) and
// fractional/Cartesian conversions, kept free of allocation.

/// A 3-vector of doubles (Cartesian or fractional coordinates).
public typealias Vector3 = SIMD3<Double>

/// A 3x3 matrix stored row-major; lattice matrices hold one lattice vector per row.
///
///     let a = Matrix3(rows: [[4, 0, 0], [0, 4, 0], [0, 0, 4]])
///     let cart = a.leftMultiply(Vector3(0.5, 0.5, 0))   // f · A
public struct Matrix3: Equatable, Sendable {
    /// Row-major entries.
    public var m: [Double]

    /// Creates a matrix from nine row-major entries.
    public init(_ entries: [Double]) {
        precondition(entries.count == 9, "Matrix3 needs 9 entries")
        m = entries
    }

    /// Creates a matrix from three rows.
    public init(rows: [[Double]]) {
        self.init(rows.flatMap { $0 })
    }

    /// Creates a matrix from three row vectors.
    public init(rowVectors r: [Vector3]) {
        self.init([r[0].x, r[0].y, r[0].z, r[1].x, r[1].y, r[1].z, r[2].x, r[2].y, r[2].z])
    }

    /// The identity matrix.
    public static let identity = Matrix3([1, 0, 0, 0, 1, 0, 0, 0, 1])

    /// Entry (i, j).
    @inline(__always) public subscript(i: Int, j: Int) -> Double {
        get { m[3 * i + j] }
        set { m[3 * i + j] = newValue }
    }

    /// Row i as a vector (for a lattice matrix: lattice vector i).
    public func row(_ i: Int) -> Vector3 { Vector3(m[3 * i], m[3 * i + 1], m[3 * i + 2]) }

    /// Column j as a vector.
    public func column(_ j: Int) -> Vector3 { Vector3(m[j], m[3 + j], m[6 + j]) }

    /// The determinant.
    public var determinant: Double {
        m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6])
    }

    /// The transpose.
    public var transposed: Matrix3 { Matrix3([m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]]) }

    /// The inverse, or nil when singular.
    public var inverse: Matrix3? {
        let d = determinant
        if abs(d) < 1e-300 { return nil }
        let c = [
            m[4] * m[8] - m[5] * m[7], m[2] * m[7] - m[1] * m[8], m[1] * m[5] - m[2] * m[4],
            m[5] * m[6] - m[3] * m[8], m[0] * m[8] - m[2] * m[6], m[2] * m[3] - m[0] * m[5],
            m[3] * m[7] - m[4] * m[6], m[1] * m[6] - m[0] * m[7], m[0] * m[4] - m[1] * m[3],
        ]
        return Matrix3(c.map { $0 / d })
    }

    /// The product self · other.
    public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        var r = [Double](repeating: 0, count: 9)
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { r[3 * i + j] += a.m[3 * i + k] * b.m[3 * k + j] } } }
        return Matrix3(r)
    }

    /// The row vector v times this matrix (v · M): fractional to Cartesian for a lattice matrix.
    @inline(__always) public func leftMultiply(_ v: Vector3) -> Vector3 {
        Vector3(v.x * m[0] + v.y * m[3] + v.z * m[6], v.x * m[1] + v.y * m[4] + v.z * m[7], v.x * m[2] + v.y * m[5] + v.z * m[8])
    }

    /// This matrix times the column vector v (M · v).
    @inline(__always) public func rightMultiply(_ v: Vector3) -> Vector3 {
        Vector3(m[0] * v.x + m[1] * v.y + m[2] * v.z, m[3] * v.x + m[4] * v.y + m[5] * v.z, m[6] * v.x + m[7] * v.y + m[8] * v.z)
    }

    /// The metric tensor A · Aᵀ of a lattice matrix (dot products of the lattice vectors).
    public var metric: Matrix3 { self * transposed }
}

/// Euclidean length of a vector.
@inline(__always) func norm(_ v: Vector3) -> Double { (v * v).sum().squareRoot() }
