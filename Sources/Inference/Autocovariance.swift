// Autocovariance of a series at every lag in O(n log n), by a radix-2 FFT of
// the zero-padded series (Wiener-Khinchin), for effective sample sizes of
// long chains.
import Foundation

/// The biased autocovariance estimates gamma_t = (1/n) sum_i (x_i - m)(x_{i+t} - m), t = 0..<n.
///
///     autocovariance([1, 2, 3, 4])[0]   // 1.25, the (biased) variance
public func autocovariance(_ series: [Double]) -> [Double] {
    let n = series.count
    if n == 0 { return [] }
    let mean = series.reduce(0, +) / Double(n)
    var size = 1
    while size < 2 * n { size <<= 1 }
    var re = [Double](repeating: 0, count: size)
    var im = [Double](repeating: 0, count: size)
    for i in 0..<n { re[i] = series[i] - mean }
    fourierTransform(&re, &im, inverse: false)
    for i in 0..<size {
        re[i] = re[i] * re[i] + im[i] * im[i]
        im[i] = 0
    }
    fourierTransform(&re, &im, inverse: true)
    let scale = 1 / (Double(size) * Double(n))
    return (0..<n).map { re[$0] * scale }
}

/// In-place iterative radix-2 Cooley-Tukey transform; the length must be a power of two.
/// The inverse is unnormalised (the caller divides by the length).
func fourierTransform(_ re: inout [Double], _ im: inout [Double], inverse: Bool) {
    let n = re.count
    re.withUnsafeMutableBufferPointer { re in
        im.withUnsafeMutableBufferPointer { im in
            var j = 0
            for i in 1..<max(n, 1) {
                var bit = n >> 1
                while j & bit != 0 { j ^= bit; bit >>= 1 }
                j |= bit
                if i < j { re.swapAt(i, j); im.swapAt(i, j) }
            }
            var length = 2
            while length <= n {
                let angle = (inverse ? 2 : -2) * Double.pi / Double(length)
                let wr = cos(angle), wi = sin(angle)
                var start = 0
                while start < n {
                    var cr = 1.0, ci = 0.0
                    for k in 0..<(length / 2) {
                        let a = start + k, b = a + length / 2
                        let tr = re[b] * cr - im[b] * ci
                        let ti = re[b] * ci + im[b] * cr
                        re[b] = re[a] - tr; im[b] = im[a] - ti
                        re[a] += tr; im[a] += ti
                        let next = cr * wr - ci * wi
                        ci = cr * wi + ci * wr
                        cr = next
                    }
                    start += length
                }
                length <<= 1
            }
        }
    }
}
