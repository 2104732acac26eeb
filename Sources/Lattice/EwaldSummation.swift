// Ewald electrostatics of point charges in a periodic cell: real-space,
// reciprocal-space, self and neutralising-background terms, as a total
// energy and as a pair interaction matrix for energy differences.
import Foundation

/// The Ewald sum of point charges in a periodic cell.
///
/// Energies are in eV for charges in units of e and lengths in Å
/// (Coulomb constant 14.399645478425668 eV·Å). The splitting parameter η and
/// the real/reciprocal cutoffs follow from `accuracy` (relative size of the
/// neglected terms), so results converge to ~1e-10 eV for ordinary cells.
///
///     let e = EwaldSummation(vectors: cell, positions: xyz, accuracy: 1e-14)
///     let total = e.energy(charges: q).total          // eV
///     let w = try e.interactionMatrix()                // E = ½ qᵀ W q
public struct EwaldSummation: Sendable {
    /// e²/(4π ε0) in eV·Å.
    public static let coulombConstant = 14.399645478425668
    /// Cell vectors (rows), Å.
    public let vectors: Matrix3
    /// Cartesian positions, Å.
    public let positions: [Vector3]
    /// Splitting parameter η (1/Å).
    public let eta: Double
    /// Real-space cutoff, Å.
    public let realCutoff: Double
    /// Reciprocal-space cutoff, 1/Å.
    public let reciprocalCutoff: Double
    /// Lattice translations sorted by length, so a pair's sum stops at the first one out of range.
    let translations: [Vector3]
    let translationNorms: [Double]
    let reciprocal: [(g: Vector3, weight: Double)]
    let volume: Double

    /// The four parts of an Ewald energy, eV.
    public struct Energy: Sendable {
        public let real: Double
        public let reciprocal: Double
        public let selfTerm: Double
        public let background: Double
        public var total: Double { real + reciprocal + selfTerm + background }
    }

    /// Prepares the sums for a cell; `eta` defaults to the balanced choice √π (n/V²)^(1/6).
    public init(vectors: Matrix3, positions: [Vector3], eta: Double? = nil, accuracy: Double = 1e-14) {
        self.vectors = vectors
        self.positions = positions
        let v = abs(vectors.determinant)
        volume = v
        let n = max(positions.count, 1)
        let e = eta ?? Double.pi.squareRoot() * pow(Double(n) / (v * v), 1.0 / 6.0)
        self.eta = e
        let p = (-log(accuracy)).squareRoot()
        let rc = p / e, gc = 2 * e * p
        realCutoff = rc
        reciprocalCutoff = gc
        let cell = vectors
        let inv = vectors.inverse ?? .identity
        // Lattice translations close enough to matter for any pair in the (wrapped) cell.
        let diagonal = norm(vectors.row(0)) + norm(vectors.row(1)) + norm(vectors.row(2))
        let reach = rc + diagonal
        let nr = (0..<3).map { Int((reach * norm(inv.column($0))).rounded(.up)) }
        var ts: [Vector3] = []
        for x in -nr[0]...nr[0] { for y in -nr[1]...nr[1] { for z in -nr[2]...nr[2] {
            let t = cell.leftMultiply(Vector3(Double(x), Double(y), Double(z)))
            if norm(t) <= reach { ts.append(t) }
        } } }
        translations = ts.sorted { norm($0) < norm($1) }
        translationNorms = translations.map(norm)
        // Reciprocal vectors b_i = 2π (column i of A⁻¹); half space, each counted twice.
        let b = (0..<3).map { 2 * Double.pi * inv.column($0) }
        let nk = (0..<3).map { Int((gc * norm(cell.row($0)) / (2 * Double.pi)).rounded(.up)) }
        var gs: [(Vector3, Double)] = []
        for x in 0...nk[0] { for y in -nk[1]...nk[1] { for z in -nk[2]...nk[2] {
            if x == 0 && (y < 0 || (y == 0 && z <= 0)) { continue }
            let g = Double(x) * b[0] + Double(y) * b[1] + Double(z) * b[2]
            let g2 = (g * g).sum()
            if g2.squareRoot() > gc { continue }
            gs.append((g, 2 * 4 * Double.pi / v * exp(-g2 / (4 * e * e)) / g2))
        } } }
        reciprocal = gs
    }

    /// Cartesian difference r_j - r_i wrapped into the cell around zero.
    @inline(__always) private func wrapped(_ d: Vector3, _ inv: Matrix3) -> Vector3 {
        var f = inv.leftMultiply(d)
        f -= f.rounded(.toNearestOrAwayFromZero)
        return vectors.leftMultiply(f)
    }

    /// The real-space pair sum Σ'_L erfc(η|d+L|)/|d+L| (the zero-distance term of a site with itself excluded).
    private func realPair(_ d: Vector3) -> Double {
        var s = 0.0
        let limit = realCutoff + norm(d)
        for (k, t) in translations.enumerated() {
            if translationNorms[k] > limit { break }
            let r = norm(d + t)
            if r > realCutoff { continue }
            if r < 1e-10 { continue }
            s += erfc(eta * r) / r
        }
        return s
    }

    /// The energy of charges q (one per position), eV.
    public func energy(charges q: [Double]) -> Energy {
        let inv = vectors.inverse ?? .identity
        let n = positions.count
        var real = 0.0
        for i in 0..<n where q[i] != 0 {
            for j in i..<n where q[j] != 0 {
                let pair = realPair(wrapped(positions[j] - positions[i], inv))
                real += (i == j ? 0.5 : 1.0) * q[i] * q[j] * pair
            }
        }
        var recip = 0.0
        for (g, w) in reciprocal {
            var c = 0.0, s = 0.0
            for i in 0..<n where q[i] != 0 {
                let phase = (g * positions[i]).sum()
                c += q[i] * cos(phase); s += q[i] * sin(phase)
            }
            recip += 0.5 * w * (c * c + s * s)
        }
        let q2 = q.reduce(0) { $0 + $1 * $1 }, qs = q.reduce(0, +)
        let k = EwaldSummation.coulombConstant
        return Energy(real: k * real, reciprocal: k * recip, selfTerm: -k * eta / Double.pi.squareRoot() * q2,
                      background: -k * Double.pi * qs * qs / (2 * volume * eta * eta))
    }

    /// The most sites an interaction matrix is built for: W holds n² doubles
    /// (20,000 sites are 3.2 GB), and building it costs O(n²) pair sums.
    public static let maximumMatrixSites = 20_000

    /// The symmetric matrix W (n×n, row-major, eV per e²) with E = ½ Σ_ij q_i q_j W_ij.
    /// Throws for more than `maximumMatrixSites` sites, and when Ctrl-C interrupts the build.
    public func interactionMatrix() throws -> [Double] {
        let n = positions.count
        guard n <= EwaldSummation.maximumMatrixSites else {
            let gigabytes = Double(n) * Double(n) * 8 / 1e9
            throw LatticeError("the Ewald matrix of \(n) sites would take \(String(format: "%.1f", gigabytes)) GB; "
                               + "electrostatics are limited to supercells of at most \(EwaldSummation.maximumMatrixSites) sites")
        }
        let inv = vectors.inverse ?? .identity
        var w = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            if Interruption.isRequested { throw LatticeError("Ewald matrix: interrupted") }
            for j in i..<n { w[i * n + j] += realPair(wrapped(positions[j] - positions[i], inv)) }
        }
        var c = [Double](repeating: 0, count: n), s = [Double](repeating: 0, count: n)
        for (g, weight) in reciprocal {
            if Interruption.isRequested { throw LatticeError("Ewald matrix: interrupted") }
            for i in 0..<n { let ph = (g * positions[i]).sum(); c[i] = cos(ph); s[i] = sin(ph) }
            for i in 0..<n { for j in i..<n { w[i * n + j] += weight * (c[i] * c[j] + s[i] * s[j]) } }
        }
        // Only the upper triangle was summed; scale it and mirror it.
        let diag = -2 * eta / Double.pi.squareRoot(), bg = -Double.pi / (volume * eta * eta)
        let k = EwaldSummation.coulombConstant
        for i in 0..<n {
            w[i * n + i] = k * (w[i * n + i] + diag + bg)
            for j in (i + 1)..<n {
                let v = k * (w[i * n + j] + bg)
                w[i * n + j] = v
                w[j * n + i] = v
            }
        }
        return w
    }
}

extension Configuration {
    /// The Ewald energy of the configuration's charges on the ideal sites, eV per primitive cell.
    public func ewaldEnergyPerPrim(accuracy: Double = 1e-14) -> Double {
        let sc = supercell
        let e = EwaldSummation(vectors: sc.vectors, positions: (0..<sc.siteCount).map { sc.position($0) }, accuracy: accuracy)
        return e.energy(charges: charges).total / Double(sc.cellCount)
    }
}
