// Fixed-point decimal text of any double ("%.nf" without a length limit):
// 1e300 with 2 decimals has 304 characters, more than a small buffer holds.
#if canImport(Glibc)
import Glibc
#endif

enum FixedDecimal {
    /// `d` with exactly `places` decimals, correctly rounded (ties to even on exact binary ties).
    ///
    ///     FixedDecimal.text(2.675, places: 2)   // "2.67" (2.675 is 2.67499999... in binary)
    static func text(_ d: Double, places: Int) -> String {
        let format = "%.\(max(0, places))f"
        let length = withVaList([d]) { vsnprintf(nil, 0, format, $0) }
        guard length > 0 else { return String(d) }
        var buffer = [CChar](repeating: 0, count: Int(length) + 1)
        _ = withVaList([d]) { vsnprintf(&buffer, buffer.count, format, $0) }
        return String(cString: buffer)
    }
}
