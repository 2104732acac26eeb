// Measures how much machine stack is left, so deep recursion in ce code or
// deeply nested input ends with a "too deep" error instead of a crash,
// whatever the thread's stack size and the build configuration.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
/// glibc's `pthread_getattr_np`, which Swift's Glibc module hides behind _GNU_SOURCE.
@_silgen_name("pthread_getattr_np")
private func pthreadGetAttributes(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#endif

/// The lowest stack address the interpreter lets the current thread reach.
///
///     let limit = StackGuard.limit()
///     if StackGuard.address() < limit { throw RuntimeError("too deep") }
enum StackGuard {
    /// A stack address below which work must stop: the thread's stack bottom
    /// plus a margin (an eighth of the stack, between 64 KiB and 4 MiB) left
    /// for the builtins and printing that run without checks.
    static func limit() -> UInt {
        #if canImport(Glibc)
        var attributes = pthread_attr_t()
        guard pthreadGetAttributes(pthread_self(), &attributes) == 0 else { return 0 }
        defer { pthread_attr_destroy(&attributes) }
        var base: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &base, &size) == 0, let base else { return 0 }
        let margin = min(max(size / 8, 64 << 10), 4 << 20)
        let bottom = UInt(bitPattern: base) + UInt(margin)
        guard threadSanitizerIsActive, size > threadSanitizerBudget else { return bottom }
        return max(bottom, UInt(bitPattern: base) + UInt(size - threadSanitizerBudget))
        #else
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        let size = UInt(pthread_get_stacksize_np(pthread_self()))
        return top - size + min(max(size / 8, 64 << 10), 4 << 20)
        #endif
    }

    #if canImport(Glibc)
    /// ThreadSanitizer shadows each thread's calls in a fixed stack of 64Ki frames and faults
    /// past it, however much machine stack is left. The call path's frames can be small (32 MiB
    /// of them overran it once calls were made cheaper), so the budget assumes 128 bytes a frame.
    private static let threadSanitizerBudget = 8 << 20

    /// Whether this process runs under ThreadSanitizer (its runtime exports `__tsan_init`).
    private static let threadSanitizerIsActive = dlsym(nil, "__tsan_init") != nil
    #endif

    /// The current stack position (approximately the stack pointer): the address of a local of
    /// the caller's frame once inlined, which every call reads, so it costs a few instructions.
    @inline(__always)
    static func address() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}
