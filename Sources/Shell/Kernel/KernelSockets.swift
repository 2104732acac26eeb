// The kernel's sockets and the thread that owns them. ZeroMQ sockets belong
// to one thread, so the socket thread does all receiving and sending; the
// interpreter thread hands it outgoing messages through an in-process pipe
// and takes shell requests from a queue.
import CZeroMQ
import Formats
#if canImport(Glibc)
import Glibc
#endif

/// The five Jupyter sockets, the pipe from the interpreter thread, and the queue of shell requests.
///
///     let sockets = try KernelSockets(info)
///     sockets.start(control: { message in ... })   // the socket thread answers control itself
///     while let request = sockets.nextShellRequest() { ... sockets.send(reply, on: .shell) }
final class KernelSockets {
    enum Channel: UInt8 { case shell = 1, iopub = 2, stop = 3, control = 4 }

    let key: [UInt8]
    private let zmq: ZeroMQLibrary
    private let context: UnsafeMutableRawPointer
    private let shell, control, stdin, iopub, heartbeat: ZeroMQSocket
    /// The socket thread's end of the pipe, and the interpreter thread's.
    private let outbox, inbox: ZeroMQSocket
    private static let pipe = "inproc://ce-kernel-outbox"
    /// The largest frame the kernel accepts from a client (ZMQ_MAXMSGSIZE).
    static let maximumFrameBytes: Int64 = 64 << 20

    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let ready = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [KernelMessage?] = []
    private var thread = pthread_t()
    private var controlHandler: (KernelMessage) -> Void = { _ in }

    /// Binds every socket the connection file names; throws which one could not listen.
    init(_ info: ConnectionInfo) throws {
        let zmq = try ZeroMQLibrary.shared()
        self.zmq = zmq
        guard let context = zmq.zmq_ctx_new() else { throw KernelError("cannot start ZeroMQ: \(zmq.lastError)") }
        self.context = context
        key = info.key
        shell = try ZeroMQSocket(zmq, context: context, type: ZMQ_ROUTER)
        control = try ZeroMQSocket(zmq, context: context, type: ZMQ_ROUTER)
        stdin = try ZeroMQSocket(zmq, context: context, type: ZMQ_ROUTER)
        iopub = try ZeroMQSocket(zmq, context: context, type: ZMQ_PUB)
        heartbeat = try ZeroMQSocket(zmq, context: context, type: ZMQ_REP)
        outbox = try ZeroMQSocket(zmq, context: context, type: ZMQ_PAIR)
        inbox = try ZeroMQSocket(zmq, context: context, type: ZMQ_PAIR)
        // What arrives from the network is bounded: a cell's code, a completion request. 64 MiB is far more
        // than any of them; a larger frame would only be a client's mistake or an attack on memory.
        for socket in [shell, control, stdin, heartbeat] { try socket.limitFrames(to: KernelSockets.maximumFrameBytes) }
        try shell.bind(info.endpoint(info.shellPort))
        try control.bind(info.endpoint(info.controlPort))
        try stdin.bind(info.endpoint(info.stdinPort))
        try iopub.bind(info.endpoint(info.iopubPort))
        try heartbeat.bind(info.endpoint(info.heartbeatPort))
        try outbox.bind(KernelSockets.pipe)
        try inbox.connect(KernelSockets.pipe)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(ready, nil)
    }

    /// Starts the socket thread; `control` runs there for each control message. Throws when the system
    /// gives no thread (pthread_create's error), as without it no message would ever be read.
    func start(control handler: @escaping (KernelMessage) -> Void) throws {
        controlHandler = handler
        let context = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let sockets = Unmanaged<KernelSockets>.fromOpaque(raw).takeRetainedValue()
            sockets.pollLoop()
            return nil
        }, context)
        if created != 0 {
            Unmanaged<KernelSockets>.fromOpaque(context).release()
            throw KernelError("cannot start the socket thread: \(String(cString: strerror(created)))")
        }
    }

    /// The next shell request for the interpreter thread; nil once the kernel stops.
    func nextShellRequest() -> KernelMessage? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        while queue.isEmpty { pthread_cond_wait(ready, lock) }
        return queue.removeFirst()
    }

    /// Ends the interpreter thread's loop after the requests already queued.
    func stopAfterQueued() { enqueue(nil) }

    /// Ends the interpreter thread's loop after its current request; queued ones are dropped.
    func stopNow() {
        pthread_mutex_lock(lock)
        queue = [nil]
        pthread_cond_signal(ready)
        pthread_mutex_unlock(lock)
    }

    /// Sends from the interpreter thread: through the pipe to the socket thread.
    func send(_ message: KernelMessage, on channel: Channel) {
        inbox.send([[channel.rawValue]] + message.frames(key: key))
    }

    /// From the interpreter thread, after its last message: lets the socket thread finish, then
    /// closes every socket (pending replies get their linger time to leave).
    func finish() {
        inbox.send([[Channel.stop.rawValue]])
        pthread_join(thread, nil)
        for socket in [shell, control, stdin, iopub, heartbeat, outbox, inbox] { socket.close() }
        _ = zmq.zmq_ctx_term(context)
    }

    /// Sends from the socket thread itself (control replies and their status messages).
    func sendFromSocketThread(_ message: KernelMessage, on channel: Channel) {
        socket(channel)?.send(message.frames(key: key))
    }

    /// The socket a channel sends on; nil for `.stop`, which only ends the socket thread.
    private func socket(_ channel: Channel) -> ZeroMQSocket? {
        switch channel {
        case .shell: shell
        case .iopub: iopub
        case .control: control
        case .stop: nil
        }
    }

    private func enqueue(_ message: KernelMessage?) {
        pthread_mutex_lock(lock)
        queue.append(message)
        pthread_cond_signal(ready)
        pthread_mutex_unlock(lock)
    }

    private func pollLoop() {
        var items = [shell, control, stdin, heartbeat, outbox].map {
            zmq_pollitem_t(socket: $0.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        }
        while true {
            let rc = zmq.zmq_poll(&items, Int32(items.count), -1)
            if rc < 0 {
                if zmq.zmq_errno() == EINTR { continue }
                KernelLog.write("polling the sockets failed: \(zmq.lastError); the kernel stops")
                enqueue(nil)
                return
            }
            if items[3].revents & Int16(ZMQ_POLLIN) != 0, let beat = heartbeat.receive() {
                heartbeat.send(beat)
            }
            if items[1].revents & Int16(ZMQ_POLLIN) != 0, let frames = control.receive(), let message = decode(frames, from: "control") {
                controlHandler(message)
            }
            if items[0].revents & Int16(ZMQ_POLLIN) != 0, let frames = shell.receive(), let message = decode(frames, from: "shell") {
                enqueue(message)
            }
            if items[2].revents & Int16(ZMQ_POLLIN) != 0 {
                _ = stdin.receive()  // ce does not ask for input; replies to nothing are dropped.
            }
            if items[4].revents & Int16(ZMQ_POLLIN) != 0, let frames = outbox.receive(), let first = frames.first {
                guard let channel = Channel(rawValue: first.first ?? 0), let socket = socket(channel) else { return }
                socket.send(Array(frames.dropFirst()))
            }
        }
    }

    /// The message in `frames`, or nil after logging why it cannot be trusted or read.
    private func decode(_ frames: [[UInt8]], from socket: String) -> KernelMessage? {
        do { return try KernelMessage.decode(frames, key: key) } catch {
            KernelLog.write("dropped a message on \(socket): \(error)")
            return nil
        }
    }
}

/// The kernel's log: lines on standard error, which Jupyter shows in its own log.
enum KernelLog {
    static func write(_ line: String) {
        Terminal.err("ce kernel: \(line)\n")
        Terminal.flush()
    }
}
