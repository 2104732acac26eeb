// A thin owner of one ZeroMQ socket: bind or connect, send and receive
// multipart messages as byte arrays. One thread uses a socket at a time.
// libzmq is loaded on first use (ZeroMQLibrary).
import CZeroMQ
#if canImport(Glibc)
import Glibc
#endif

/// A ZeroMQ socket sending and receiving whole multipart messages.
///
///     let zmq = try ZeroMQLibrary.shared()
///     guard let context = zmq.zmq_ctx_new() else { throw KernelError("cannot start ZeroMQ: \(zmq.lastError)") }
///     let shell = try ZeroMQSocket(zmq, context: context, type: ZMQ_ROUTER)
///     try shell.bind("tcp://127.0.0.1:5555")
///     let frames = shell.receive()
final class ZeroMQSocket {
    let handle: UnsafeMutableRawPointer
    private let zmq: ZeroMQLibrary

    init(_ zmq: ZeroMQLibrary, context: UnsafeMutableRawPointer, type: Int32) throws {
        self.zmq = zmq
        guard let handle = zmq.zmq_socket(context, type) else { throw KernelError("cannot make a ZeroMQ socket: \(zmq.lastError)") }
        self.handle = handle
        // Pending messages get a second to leave when the kernel shuts down, then are dropped.
        var linger: Int32 = 1000
        _ = zmq.zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
    }

    /// Refuses inbound frames over `bytes`: ZeroMQ closes that peer's connection instead of allocating the
    /// frame (set before `bind`, so every connection gets it).
    func limitFrames(to bytes: Int64) throws {
        var limit = bytes
        guard zmq.zmq_setsockopt(handle, ZMQ_MAXMSGSIZE, &limit, MemoryLayout<Int64>.size) == 0 else {
            throw KernelError("cannot limit ZeroMQ message sizes: \(zmq.lastError)")
        }
    }

    func bind(_ endpoint: String) throws {
        guard zmq.zmq_bind(handle, endpoint) == 0 else { throw KernelError("cannot listen on \(endpoint): \(zmq.lastError)") }
    }

    func connect(_ endpoint: String) throws {
        guard zmq.zmq_connect(handle, endpoint) == 0 else { throw KernelError("cannot connect to \(endpoint): \(zmq.lastError)") }
    }

    /// Sends the frames as one multipart message; false if ZeroMQ refused it.
    @discardableResult
    func send(_ frames: [[UInt8]]) -> Bool {
        for (i, frame) in frames.enumerated() {
            let flags = i + 1 < frames.count ? ZMQ_SNDMORE : 0
            let sent = frame.withUnsafeBytes { raw -> Int32 in
                while true {
                    let rc = zmq.zmq_send(handle, raw.baseAddress, raw.count, flags)
                    if rc >= 0 || zmq.zmq_errno() != EINTR { return rc }
                }
            }
            if sent < 0 { return false }
        }
        return true
    }

    /// The next whole multipart message, waiting for it; nil on an error other than an interrupted wait.
    func receive() -> [[UInt8]]? {
        var frames: [[UInt8]] = []
        while true {
            var message = zmq_msg_t()
            _ = zmq.zmq_msg_init(&message)
            defer { _ = zmq.zmq_msg_close(&message) }
            var rc: Int32
            repeat { rc = zmq.zmq_msg_recv(&message, handle, 0) } while rc < 0 && zmq.zmq_errno() == EINTR
            if rc < 0 { return nil }
            let size = zmq.zmq_msg_size(&message)
            if size > 0, let data = zmq.zmq_msg_data(&message) {
                frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
            } else {
                frames.append([])
            }
            if zmq.zmq_msg_more(&message) == 0 { return frames }
        }
    }

    func close() { _ = zmq.zmq_close(handle) }
}
