// Storage for variables at run time: one Frame per function call (locals by
// slot index), and the session's global slots, which never move, so compiled
// code holds direct pointers to them.

/// The header of a Frame: what a call needs besides its slots.
struct FrameHeader {
    let count: Int
    var parent: Frame?
    /// The value of the last `return` executed in this frame.
    var result: Value
}

/// The local variables of one function call, and the frame of the function
/// it was defined in (for variables it captures). One allocation per call:
/// the slots live in the object's tail.
final class Frame: ManagedBuffer<FrameHeader, Value> {
    /// A frame of `count` slots, all nil.
    static func make(count: Int, parent: Frame?) -> Frame {
        let buffer = Frame.create(minimumCapacity: count) { _ in
            FrameHeader(count: count, parent: parent, result: .null)
        }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: .null, count: count) }
        return frame
    }

    /// Frees the slots and the result; values that can hold further values go through `DeepRelease`, so
    /// a chain of closures over frames a million long dies without recursion. (The parent chain is as
    /// deep as functions are nested in the source, and is freed directly.)
    deinit {
        withUnsafeMutablePointers { header, slots in
            let count = header.pointee.count
            var holdsContainers = header.pointee.result.isContainer
            for i in 0..<count where slots[i].isContainer {
                holdsContainers = true
                break
            }
            guard holdsContainers else {
                _ = slots.deinitialize(count: count)
                return
            }
            let queue = DeepRelease.queue
            for i in 0..<count { if let object = slots[i].container { queue.pending.append(object) } }
            if let object = header.pointee.result.container { queue.pending.append(object) }
            _ = slots.deinitialize(count: count)
            header.pointee.result = .null
            DeepRelease.drain(queue)
        }
    }

    /// The slots, by index.
    @inline(__always)
    var slots: UnsafeMutablePointer<Value> { withUnsafeMutablePointerToElements { $0 } }

    @inline(__always)
    var parent: Frame? {
        get { withUnsafeMutablePointerToHeader { $0.pointee.parent } }
        set { withUnsafeMutablePointerToHeader { $0.pointee.parent = newValue } }
    }

    /// Clears the slots and parent, for reuse by the next call (its result
    /// was taken by `takeResult`).
    @inline(__always)
    func reset() {
        let header = withUnsafeMutablePointerToHeader { $0 }
        let slots = self.slots
        for i in 0..<header.pointee.count {
            // A number, bool or nil holds nothing to release: overwritten in place, with no call to destroy it.
            switch slots[i] {
            case .null, .bool, .int, .double: (slots + i).initialize(to: .null)
            default: slots[i] = .null
            }
        }
        // Most frames have no parent: skip the release of nil.
        if header.pointee.parent != nil { header.pointee.parent = nil }
    }

    /// The value of the last `return`, moved out (the frame's result is nil after).
    @inline(__always)
    func takeResult() -> Value {
        let header = withUnsafeMutablePointerToHeader { $0 }
        var value = Value.null
        swap(&value, &header.pointee.result)
        return value
    }

    /// The value of the last `return` executed in this frame.
    @inline(__always)
    var result: Value {
        get { withUnsafeMutablePointerToHeader { $0.pointee.result } }
        set { withUnsafeMutablePointerToHeader { $0.pointee.result = newValue } }
    }

    /// The frame `depth` function levels out (0 is this one).
    @inline(__always)
    func ancestor(_ depth: Int) -> Frame? {
        var frame: Frame? = self
        for _ in 0..<depth { frame = frame?.parent }
        return frame
    }
}

extension Frame {
    /// Breaks the reference cycle a finished call leaves when its locals hold
    /// functions defined in it (`fn helper(x) { ... }` inside a function: the
    /// frame holds the closure, the closure holds the frame). When nothing
    /// else holds those closures or the frame, the closures are dropped, so
    /// the frame is freed (or pooled); a closure or frame that escaped, by a
    /// `return` or into a list, keeps everything as it was.
    static func finishCall(_ frame: inout Frame) {
        if isKnownUniquelyReferenced(&frame) { return }
        let count = frame.withUnsafeMutablePointerToHeader { $0.pointee.count }
        var own: [(slot: Int, function: Function)] = []
        for i in 0..<count {
            guard case .function(let function) = frame.slots[i], let closure = function.closure,
                  closure.captured === frame else { continue }
            own.append((i, function))
            frame.slots[i] = .null
        }
        var escaped = false
        for k in own.indices where !isKnownUniquelyReferenced(&own[k].function) { escaped = true }
        if !escaped {
            for entry in own { entry.function.closure?.captured = nil }
            if isKnownUniquelyReferenced(&frame) { return }
            for entry in own { entry.function.closure?.captured = frame }
        }
        for entry in own { frame.slots[entry.slot] = .function(entry.function) }
    }
}

/// Frames of finished calls of one function, reused by its next calls so
/// that most calls allocate nothing. A frame a closure still holds is never
/// pooled. The storage is behind pointers: updating it costs no
/// exclusivity check.
struct FramePool {
    static let capacity = 16
    private let frames = UnsafeMutablePointer<Frame>.allocate(capacity: FramePool.capacity)
    private let count = UnsafeMutablePointer<Int>.allocate(capacity: 1)

    init() { count.initialize(to: 0) }

    /// Frees the pooled frames; the owner calls it once, from its deinit.
    func destroy() {
        frames.deinitialize(count: count.pointee)
        frames.deallocate()
        count.deallocate()
    }

    /// A frame of `slots` nil slots and no parent, pooled or new.
    @inline(__always)
    func take(slots: Int) -> Frame {
        let n = count.pointee
        guard n > 0 else { return Frame.make(count: slots, parent: nil) }
        count.pointee = n - 1
        return (frames + n - 1).move()
    }

    /// Returns a frame after its call, unless something else still holds it.
    /// Consuming: the frame moves into the pool without a retain.
    @inline(__always)
    func recycle(_ frame: consuming Frame) {
        let n = count.pointee
        var frame = consume frame
        guard n < FramePool.capacity, isKnownUniquelyReferenced(&frame) else { return }
        frame.reset()
        (frames + n).initialize(to: consume frame)
        count.pointee = n + 1
    }
}

/// The session's global variables: names to slot indices at compile time,
/// stable slot addresses at run time. A slot holding nil is undefined.
final class Globals {
    private static let chunkSize = 1024
    private var chunks: [UnsafeMutablePointer<Value?>] = []
    private(set) var names: [String] = []
    private var indices: [String: Int] = [:]

    deinit {
        for chunk in chunks {
            chunk.deinitialize(count: Globals.chunkSize)
            chunk.deallocate()
        }
    }

    /// The slot index of `name`, creating an undefined slot the first time.
    func index(of name: String) -> Int {
        if let i = indices[name] { return i }
        let i = names.count
        if i % Globals.chunkSize == 0 {
            let chunk = UnsafeMutablePointer<Value?>.allocate(capacity: Globals.chunkSize)
            chunk.initialize(repeating: nil, count: Globals.chunkSize)
            chunks.append(chunk)
        }
        names.append(name)
        indices[name] = i
        return i
    }

    /// The slot's address; valid for the life of the session.
    func slot(_ index: Int) -> UnsafeMutablePointer<Value?> {
        chunks[index / Globals.chunkSize] + index % Globals.chunkSize
    }

    /// The value of a defined global.
    subscript(name: String) -> Value? {
        get { indices[name].flatMap { slot($0).pointee } }
        set { slot(index(of: name)).pointee = newValue }
    }
}
