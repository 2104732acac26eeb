// Buffers allocated once whose address never changes: the hot-loop tables of
// the energy kernels, shared by every copy of a model without copying.

/// A fixed-size buffer of `count` elements, allocated once and freed with its last reference.
///
///     let b = FixedBuffer<Int32>(repeating: 0, count: 8)
///     b.pointer[3] = 7
final class FixedBuffer<T>: @unchecked Sendable {
    /// The elements (never reallocated).
    let pointer: UnsafeMutablePointer<T>
    /// The number of elements.
    let count: Int

    /// A buffer of `count` copies of `value`.
    init(repeating value: T, count: Int) {
        self.count = count
        pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, count))
        pointer.initialize(repeating: value, count: count)
    }

    /// A buffer of `count` trivial values that `fill` writes, every one of them (no pass that
    /// zeroes a 10^6-row table first).
    ///
    ///     let squares = FixedBuffer<Int32>(count: 4) { p in for k in 0..<4 { p[k] = Int32(k * k) } }
    init(count: Int, fill: (UnsafeMutablePointer<T>) -> Void) {
        precondition(_isPOD(T.self), "FixedBuffer(count:fill:) is for trivial element types")
        self.count = count
        pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, count))
        fill(pointer)
    }

    /// A buffer holding the elements of `array`.
    init(_ array: [T]) {
        count = array.count
        pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, count))
        array.withUnsafeBufferPointer { b in
            if let a = b.baseAddress { pointer.initialize(from: a, count: count) }
        }
    }

    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
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
