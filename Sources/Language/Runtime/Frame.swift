// Storage for variables at run time: one Frame per function call (locals by
// slot index), and the session's global slots, which never move, so compiled
// code holds direct pointers to them.

/// The header of a Frame: what a call needs besides its slots.
struct FrameHeader {
    let count: Int
    let parent: Frame?
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

    deinit {
        withUnsafeMutablePointers { header, slots in _ = slots.deinitialize(count: header.pointee.count) }
    }

    /// The slots, by index.
    @inline(__always)
    var slots: UnsafeMutablePointer<Value> { withUnsafeMutablePointerToElements { $0 } }

    @inline(__always)
    var parent: Frame? { withUnsafeMutablePointerToHeader { $0.pointee.parent } }

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
