// Buffers allocated once whose address never changes: the hot-loop tables of
// the energy kernels, shared by every copy of a model without copying.
#if canImport(Glibc)
import Glibc
#endif

/// A fixed-size buffer of `count` elements, allocated once and freed with its last reference.
///
///     let b = FixedBuffer<Int32>(repeating: 0, count: 8)
///     b.pointer[3] = 7
final class FixedBuffer<T>: @unchecked Sendable {
    /// The elements (never reallocated).
    let pointer: UnsafeMutablePointer<T>
    /// The number of elements.
    let count: Int
    /// Whether the buffer came from `posix_memalign` (see `hugePageBytes`).
    private let onHugePages: Bool

    /// A buffer of `count` copies of `value`.
    init(repeating value: T, count: Int) {
        self.count = count
        (pointer, onHugePages) = Self.allocate(count)
        pointer.initialize(repeating: value, count: count)
    }

    /// A buffer of `count` trivial values that `fill` writes, every one of them (no pass that
    /// zeroes a 10^6-row table first).
    ///
    ///     let squares = FixedBuffer<Int32>(count: 4) { p in for k in 0..<4 { p[k] = Int32(k * k) } }
    init(count: Int, fill: (UnsafeMutablePointer<T>) -> Void) {
        precondition(_isPOD(T.self), "FixedBuffer(count:fill:) is for trivial element types")
        self.count = count
        (pointer, onHugePages) = Self.allocate(count)
        fill(pointer)
    }

    /// A buffer holding the elements of `array`.
    init(_ array: [T]) {
        count = array.count
        (pointer, onHugePages) = Self.allocate(count)
        array.withUnsafeBufferPointer { b in
            if let a = b.baseAddress { pointer.initialize(from: a, count: count) }
        }
    }

    deinit {
        pointer.deinitialize(count: count)
        if onHugePages { free(pointer) } else { pointer.deallocate() }
    }

    /// Buffers from this size up sit on 2 MiB boundaries and ask the kernel for huge pages: a
    /// 10^6-site neighbourhood table (192 MB) then costs ~100 page faults instead of ~50,000,
    /// and a random site's row one TLB entry out of a few hundred, not out of 50,000 pages.
    static var hugePageBytes: Int { 4 << 20 }

    /// Room for `count` elements (at least one); whether it came from `posix_memalign` (freed with `free`).
    private static func allocate(_ count: Int) -> (UnsafeMutablePointer<T>, huge: Bool) {
        let bytes = max(1, count) * MemoryLayout<T>.stride
        #if canImport(Glibc)
        var raw: UnsafeMutableRawPointer?
        if bytes >= hugePageBytes, posix_memalign(&raw, 2 << 20, bytes) == 0, let r = raw {
            _ = madvise(r, bytes, MADV_HUGEPAGE)
            return (r.bindMemory(to: T.self, capacity: max(1, count)), true)
        }
        #endif
        return (UnsafeMutablePointer<T>.allocate(capacity: max(1, count)), false)
    }

    /// The elements as an array.
    var array: [T] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}

/// A newly allocated copy of `array` (at least one element's room); the caller deallocates it.
func allocatedCopy<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
    let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
    array.withUnsafeBufferPointer { b in
        if let a = b.baseAddress { p.initialize(from: a, count: array.count) }
    }
    return p
}
