// libzmq, loaded with dlopen when the Jupyter kernel starts rather than linked
// into every start of ce. CZeroMQ still gives the types and constants.
import CZeroMQ
import Numerics

/// The entry points of libzmq that the kernel's sockets call, resolved once.
///
///     let zmq = try ZeroMQLibrary.shared()
///     guard let context = zmq.zmq_ctx_new() else { throw KernelError("cannot start ZeroMQ: \(zmq.lastError)") }
struct ZeroMQLibrary: @unchecked Sendable {
    typealias Make = @convention(c) () -> UnsafeMutableRawPointer?
    typealias Close = @convention(c) (UnsafeMutableRawPointer?) -> Int32
    typealias Socket = @convention(c) (UnsafeMutableRawPointer?, Int32) -> UnsafeMutableRawPointer?
    typealias SetOption = @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafeRawPointer?, Int) -> Int32
    typealias Address = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Int32
    typealias Send = @convention(c) (UnsafeMutableRawPointer?, UnsafeRawPointer?, Int, Int32) -> Int32
    typealias Errno = @convention(c) () -> Int32
    typealias Message = @convention(c) (UnsafeMutablePointer<zmq_msg_t>?) -> Int32
    typealias Receive = @convention(c) (UnsafeMutablePointer<zmq_msg_t>?, UnsafeMutableRawPointer?, Int32) -> Int32
    typealias MessageSize = @convention(c) (UnsafePointer<zmq_msg_t>?) -> Int
    typealias MessageData = @convention(c) (UnsafeMutablePointer<zmq_msg_t>?) -> UnsafeMutableRawPointer?
    typealias MessageMore = @convention(c) (UnsafePointer<zmq_msg_t>?) -> Int32
    typealias ErrorText = @convention(c) (Int32) -> UnsafePointer<CChar>?
    typealias Poll = @convention(c) (UnsafeMutablePointer<zmq_pollitem_t>?, Int32, Int) -> Int32

    let zmq_ctx_new: Make, zmq_ctx_term: Close, zmq_socket: Socket, zmq_setsockopt: SetOption, zmq_close: Close
    let zmq_bind: Address, zmq_connect: Address, zmq_send: Send, zmq_errno: Errno
    let zmq_msg_init: Message, zmq_msg_close: Message, zmq_msg_recv: Receive
    let zmq_msg_size: MessageSize, zmq_msg_data: MessageData, zmq_msg_more: MessageMore
    let zmq_strerror: ErrorText, zmq_poll: Poll

    private static let loaded = Result { try ZeroMQLibrary() }

    /// The library, loaded on the first call; throws (every time) when it cannot be loaded.
    static func shared() throws -> ZeroMQLibrary {
        do { return try loaded.get() } catch { throw KernelError("\(error)") }
    }

    /// The last error ZeroMQ reported on this thread, in words.
    var lastError: String { zmq_strerror(zmq_errno()).map { String(cString: $0) } ?? "error \(zmq_errno())" }

    private init() throws {
        let library = try SharedLibrary.open(["libzmq.so.5", "libzmq.so"], package: "libzmq3-dev", purpose: "the Jupyter kernel")
        func f<T>(_ name: String, _ type: T.Type = T.self) throws -> T { try library.function(name, as: type) }
        zmq_ctx_new = try f("zmq_ctx_new"); zmq_ctx_term = try f("zmq_ctx_term"); zmq_socket = try f("zmq_socket")
        zmq_setsockopt = try f("zmq_setsockopt"); zmq_close = try f("zmq_close")
        zmq_bind = try f("zmq_bind"); zmq_connect = try f("zmq_connect"); zmq_send = try f("zmq_send"); zmq_errno = try f("zmq_errno")
        zmq_msg_init = try f("zmq_msg_init"); zmq_msg_close = try f("zmq_msg_close"); zmq_msg_recv = try f("zmq_msg_recv")
        zmq_msg_size = try f("zmq_msg_size"); zmq_msg_data = try f("zmq_msg_data"); zmq_msg_more = try f("zmq_msg_more")
        zmq_strerror = try f("zmq_strerror"); zmq_poll = try f("zmq_poll")
    }
}
