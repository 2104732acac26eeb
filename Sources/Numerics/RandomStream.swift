// Seeded, splittable random streams: every random draw in ce comes from one.
//
// xoshiro256** (Blackman & Vigna), seeded through SplitMix64. A stream is
// identified by (seed, stream): chain k of a run seeded 7 uses
// `RandomStream(seed: 7, stream: k)`, so results never depend on how tasks
// are spread over threads.

/// A deterministic random number generator with independent sub-streams.
///
///     var rng = RandomStream(seed: 42)
///     let u = rng.uniform()            // in [0, 1)
///     let k = rng.int(below: 10)       // in 0..<10
///     var chain3 = RandomStream(seed: 42, stream: 3)
public struct RandomStream: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// Creates stream `stream` of the family seeded by `seed`.
    public init(seed: UInt64, stream: UInt64 = 0) {
        var sm = SplitMix64(state: seed ^ 0x6A09_E667_F3BC_C909)
        // Mix the stream index in through a second SplitMix pass so that
        // neighbouring (seed, stream) pairs give unrelated states.
        var mixer = SplitMix64(state: stream &* 0x9E37_79B9_7F4A_7C15 ^ sm.next())
        let base = mixer.next()
        sm = SplitMix64(state: base)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// Creates a child stream from this one, advancing this one by one draw.
    public mutating func split(_ index: UInt64 = 0) -> RandomStream {
        RandomStream(seed: next(), stream: index)
    }

    /// The next 64 random bits.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// x rotated left by k (0 < k < 64): masking shifts, one rotate instruction once inlined.
    @inlinable @inline(__always)
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x &<< k) | (x &>> (64 &- k)) }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in [low, high).
    @inlinable
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// A uniform integer in 0..<n (Lemire's unbiased method); n must be > 0.
    @inlinable @inline(__always)
    public mutating func int(below n: Int) -> Int {
        precondition(n > 0, "int(below:) needs a positive bound")
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold {
                m = next().multipliedFullWidth(by: bound)
            }
        }
        return Int(m.high)
    }

    /// A standard normal draw (Marsaglia polar method, no cached spare, so
    /// every call consumes a whole number of draws deterministically).
    public mutating func normal() -> Double {
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * Foundation_log(s) / s).squareRoot()
            }
        }
    }

    /// A normal draw with the given mean and standard deviation.
    public mutating func normal(mean: Double, sd: Double) -> Double {
        mean + sd * normal()
    }

    /// Shuffles `array` in place (Fisher-Yates, deterministic for a seed).
    public mutating func shuffle<T>(_ array: inout [T]) {
        var i = array.count - 1
        while i > 0 {
            let j = int(below: i + 1)
            array.swapAt(i, j)
            i -= 1
        }
    }
}

/// SplitMix64: the seeding generator recommended for xoshiro.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

#if canImport(Glibc)
import Glibc
@usableFromInline func Foundation_log(_ x: Double) -> Double { Glibc.log(x) }
#else
import Darwin
@usableFromInline func Foundation_log(_ x: Double) -> Double { Darwin.log(x) }
#endif
