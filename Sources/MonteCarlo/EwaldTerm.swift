// The electrostatic term of an ionic cluster expansion through a precomputed
// N x N interaction matrix of the supercell (from the Lattice module's Ewald
// summation): E = coefficient · ½ Σ_ij q_i M_ij q_j, diagonal = self terms.

/// Point-charge electrostatics on a fixed supercell, by a symmetric interaction matrix.
///
///     let ewald = try EwaldTerm(matrix: m, speciesCharges: [4, 1], siteCount: 9, coefficient: 0.1)
public struct EwaldTerm: Sendable {
    /// The number of sites.
    public let siteCount: Int
    /// Row-major N x N interaction matrix (symmetric), E = coefficient · ½ qᵀ M q.
    public let matrix: [Double]
    /// The charge of species s on site i: `charges[i][s]`.
    public let charges: [[Double]]
    /// The fitted Ewald coefficient (an inverse dielectric constant).
    public let coefficient: Double

    /// Creates the term; the matrix must be N x N and symmetric.
    public init(matrix: [Double], charges: [[Double]], coefficient: Double = 1) throws {
        let n = charges.count
        guard n > 0, matrix.count == n * n else {
            throw MonteCarloError("the Ewald matrix must be \(n) x \(n) for \(n) sites, got \(matrix.count) entries")
        }
        for i in 0..<n {
            for j in 0..<i where abs(matrix[i * n + j] - matrix[j * n + i]) > 1e-9 * max(1, abs(matrix[i * n + j])) {
                throw MonteCarloError("the Ewald matrix is not symmetric at (\(i), \(j))")
            }
        }
        self.siteCount = n
        self.matrix = matrix
        self.charges = charges
        self.coefficient = coefficient
    }

    /// The same species charges on every site.
    public init(matrix: [Double], speciesCharges: [Double], siteCount: Int, coefficient: Double = 1) throws {
        try self.init(matrix: matrix, charges: Array(repeating: speciesCharges, count: siteCount), coefficient: coefficient)
    }

    /// The electrostatic energy of an occupation (a full O(N²) sum).
    public func energy(of occupation: [UInt8]) -> Double {
        let n = siteCount
        var e = 0.0
        for i in 0..<n {
            let qi = charges[i][Int(occupation[i])]
            if qi == 0 { continue }
            var row = 0.0
            for j in 0..<n { row += matrix[i * n + j] * charges[j][Int(occupation[j])] }
            e += qi * row
        }
        return 0.5 * coefficient * e
    }
}

/// The hot-loop form of an `EwaldTerm`: keeps the potential φ = M q up to date.
final class EwaldKernel {
    let n: Int
    let base: Int
    let coefficient: Double
    let matrix: UnsafeMutablePointer<Double>
    let charges: UnsafeMutablePointer<Double>
    let potential: UnsafeMutablePointer<Double>
    let term: EwaldTerm

    init(_ term: EwaldTerm, occupation: [UInt8]) {
        self.term = term
        n = term.siteCount
        base = term.charges.map { $0.count }.max() ?? 1
        coefficient = term.coefficient
        matrix = allocatedCopy(term.matrix)
        var flat = [Double](repeating: 0, count: n * base)
        for i in 0..<n { for (s, q) in term.charges[i].enumerated() { flat[i * base + s] = q } }
        charges = allocatedCopy(flat)
        potential = UnsafeMutablePointer<Double>.allocate(capacity: n)
        for i in 0..<n {
            var phi = 0.0
            for j in 0..<n { phi += matrix[i * n + j] * flat[j * base + Int(occupation[j])] }
            potential[i] = phi
        }
    }

    deinit { matrix.deallocate(); charges.deallocate(); potential.deallocate() }

    @inline(__always)
    func flipDelta(_ occ: UnsafeMutablePointer<UInt8>, _ i: Int, _ to: UInt8) -> Double {
        let d = charges[i * base + Int(to)] - charges[i * base + Int(occ[i])]
        return coefficient * (d * potential[i] + 0.5 * d * d * matrix[i * n + i])
    }

    @inline(__always)
    func pairDelta(_ occ: UnsafeMutablePointer<UInt8>, _ i: Int, _ toI: UInt8, _ j: Int, _ toJ: UInt8) -> Double {
        let di = charges[i * base + Int(toI)] - charges[i * base + Int(occ[i])]
        let dj = charges[j * base + Int(toJ)] - charges[j * base + Int(occ[j])]
        return coefficient * (di * potential[i] + dj * potential[j]
            + 0.5 * (di * di * matrix[i * n + i] + dj * dj * matrix[j * n + j]) + di * dj * matrix[i * n + j])
    }

    @inline(__always)
    func commit(_ site: Int, from: UInt8, to: UInt8) {
        let d = charges[site * base + Int(to)] - charges[site * base + Int(from)]
        if d == 0 { return }
        let column = matrix + site * n   // symmetric: row = column
        for k in 0..<n { potential[k] += d * column[k] }
    }
}

/// Cluster tables (either kernel) plus Ewald, summed.
final class ClusterEwaldKernel<C: EnergyKernel>: EnergyKernel {
    let clusters: C
    let ewald: EwaldKernel

    init(_ clusters: C, _ ewald: EwaldKernel) {
        self.clusters = clusters
        self.ewald = ewald
    }

    func total(_ occupation: [UInt8]) -> Double { clusters.total(occupation) + ewald.term.energy(of: occupation) }

    @inline(__always)
    func flipDelta(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, _ to: UInt8) -> Double {
        clusters.flipDelta(occ, site, to) + ewald.flipDelta(occ, site, to)
    }

    @inline(__always)
    func pairDelta(_ occ: UnsafeMutablePointer<UInt8>, _ i: Int, _ toI: UInt8, _ j: Int, _ toJ: UInt8) -> Double {
        clusters.pairDelta(occ, i, toI, j, toJ) + ewald.pairDelta(occ, i, toI, j, toJ)
    }

    @inline(__always)
    func commit(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, from: UInt8, to: UInt8) {
        clusters.commit(occ, site, from: from, to: to)
        ewald.commit(site, from: from, to: to)
    }
}
