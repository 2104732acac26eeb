// The interface the Metropolis loop is generic over: local energy differences
// on a raw occupation buffer. Specialised per model, never an existential.

/// Local energy differences for the hot loop (implemented by the model kernels).
protocol EnergyKernel {
    /// The full energy, for records and checks.
    func total(_ occupation: [UInt8]) -> Double
    /// ΔE when `site` changes to species `to` (occupation unchanged on return).
    func flipDelta(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, _ to: UInt8) -> Double
    /// ΔE when site i changes to `toI` and site j (≠ i) to `toJ` together; a swap is the case toI = σj, toJ = σi.
    func pairDelta(_ occ: UnsafeMutablePointer<UInt8>, _ i: Int, _ toI: UInt8, _ j: Int, _ toJ: UInt8) -> Double
    /// Updates caches after an accepted change of `site` (the occupation already holds `to`;
    /// in a paired change, the second site still holds its old species).
    func commit(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, from: UInt8, to: UInt8)
}

extension EnergyKernel {
    /// A paired change as two successive flips, the second seeing the first: exact for
    /// any model, used by kernels with no shortcut for it.
    @inline(__always)
    func pairDelta(_ occ: UnsafeMutablePointer<UInt8>, _ i: Int, _ toI: UInt8, _ j: Int, _ toJ: UInt8) -> Double {
        let old = occ[i]
        let first = flipDelta(occ, i, toI)
        occ[i] = toI
        let second = flipDelta(occ, j, toJ)
        occ[i] = old
        return first + second
    }

    /// Kernels that keep no cache have nothing to update.
    @inline(__always)
    func commit(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, from: UInt8, to: UInt8) {}
}
