// Storage for variables at run time: one Frame per function call (locals by
// slot index), and the session's global slots, which never move, so compiled
// code holds direct pointers to them.

/// The local variables of one function call, and the frame of the function
/// it was defined in (for variables it captures).
final class Frame {
    let slots: UnsafeMutablePointer<Value>
    let count: Int
    let parent: Frame?
    /// The value of the last `return` executed in this frame.
    var result: Value = .null

    init(count: Int, parent: Frame?) {
        self.count = count
        self.parent = parent
        slots = UnsafeMutablePointer<Value>.allocate(capacity: max(count, 1))
        slots.initialize(repeating: .null, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
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
