// The Jupyter wire protocol (messaging version 5.3): the connection file a
// kernel is started with, and messages as signed ZeroMQ multipart frames.
#if canImport(Glibc)
import Glibc
#endif
import Formats
import Language

/// What a kernel's connection file says: where its five sockets listen and the signing key.
///
///     let info = try ConnectionInfo.read("kernel-1234.json")
///     info.endpoint(info.shellPort)   // "tcp://127.0.0.1:53794"
public struct ConnectionInfo: Equatable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var heartbeatPort: Int
    /// The HMAC key as bytes; empty means messages are not signed.
    public var key: [UInt8]

    /// Reads and checks a connection file; the error says which file and what is wrong.
    public static func read(_ path: String) throws -> ConnectionInfo {
        let text: String
        do { text = try FileSystem.read(path) } catch {
            throw KernelError("cannot read the connection file \(error)")
        }
        return try parse(text, file: path)
    }

    /// Parses the JSON text of a connection file named `file` (for messages).
    public static func parse(_ text: String, file: String) throws -> ConnectionInfo {
        let json: JSONValue
        do { json = try JSON.parse(text) } catch {
            throw KernelError("\(file): not a JSON connection file: \(error)")
        }
        guard case .object = json else { throw KernelError("\(file): a connection file is a JSON object, not \(withArticle(json.kind))") }
        func port(_ name: String) throws -> Int {
            guard let p = json[name]?.int, (1...65535).contains(p) else {
                throw KernelError("\(file): \(name) must be a port number from 1 to 65535"
                    + (json[name].map { ", got \(JSON.encode($0, indent: nil))" } ?? ", and is missing"))
            }
            return p
        }
        let transport = json["transport"]?.string ?? "tcp"
        guard transport == "tcp" || transport == "ipc" else {
            throw KernelError("\(file): transport must be \"tcp\" or \"ipc\", got \"\(transport)\"")
        }
        guard let ip = json["ip"]?.string, !ip.isEmpty else { throw KernelError("\(file): ip is missing") }
        let scheme = json["signature_scheme"]?.string ?? "hmac-sha256"
        guard scheme == "hmac-sha256" else {
            throw KernelError("\(file): signature_scheme \"\(scheme)\" is not supported; ce signs with hmac-sha256")
        }
        return ConnectionInfo(
            transport: transport, ip: ip, shellPort: try port("shell_port"), iopubPort: try port("iopub_port"),
            stdinPort: try port("stdin_port"), controlPort: try port("control_port"),
            heartbeatPort: try port("hb_port"), key: Array((json["key"]?.string ?? "").utf8))
    }

    /// The ZeroMQ address of `port`: `tcp://ip:port`, or `ipc://ip-port` for the ipc transport.
    public func endpoint(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }
}

/// A failure the kernel reports in its log (bad connection file, bad message) and survives where it can.
public struct KernelError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One Jupyter message: routing identities, header, parent header, metadata, content and raw buffers.
///
///     let reply = KernelMessage(type: "kernel_info_reply", session: id, parent: request.header,
///                               content: content, identities: request.identities)
///     let frames = reply.frames(key: key)
public struct KernelMessage {
    public static let protocolVersion = "5.3"
    /// The frame that separates routing identities from the message.
    static let delimiter = Array("<IDS|MSG>".utf8)

    public var identities: [[UInt8]] = []
    public var header: JSONObject
    public var parentHeader: JSONObject
    public var metadata: JSONObject
    public var content: JSONObject
    public var buffers: [[UInt8]] = []

    public var type: String { header["msg_type"]?.string ?? "" }
    public var id: String { header["msg_id"]?.string ?? "" }

    public init(type: String, session: String, parent: JSONObject = JSONObject(), content: JSONObject,
                identities: [[UInt8]] = [], metadata: JSONObject = JSONObject()) {
        header = JSONObject([
            ("msg_id", .string(KernelMessage.newIdentifier())), ("session", .string(session)),
            ("username", .string("ce")), ("date", .string(KernelMessage.timestamp())),
            ("msg_type", .string(type)), ("version", .string(KernelMessage.protocolVersion)),
        ])
        parentHeader = parent
        self.metadata = metadata
        self.content = content
        self.identities = identities
    }

    /// The frames to send: identities, delimiter, signature, the four JSON parts, buffers.
    public func frames(key: [UInt8]) -> [[UInt8]] {
        let parts = [header, parentHeader, metadata, content].map { Array(JSON.encode(.object($0), indent: nil).utf8) }
        return identities + [KernelMessage.delimiter, Array(KernelMessage.signature(parts, key: key).utf8)] + parts + buffers
    }

    /// Parses received frames, checking the signature when `key` is not empty.
    public static func decode(_ frames: [[UInt8]], key: [UInt8]) throws -> KernelMessage {
        guard let split = frames.firstIndex(of: delimiter) else {
            throw KernelError("a message without the <IDS|MSG> delimiter (\(frames.count) frames)")
        }
        guard frames.count >= split + 6 else {
            throw KernelError("a message with \(frames.count - split - 1) frames after the delimiter; at least 5 are needed")
        }
        let parts = Array(frames[(split + 2)..<(split + 6)])
        if !key.isEmpty {
            let expected = signature(parts, key: key)
            guard constantTimeEqual(Array(expected.utf8), frames[split + 1]) else {
                throw KernelError("a message with a bad signature (HMAC-SHA256 does not match the connection key)")
            }
        }
        var objects: [JSONObject] = []
        for (name, part) in zip(["header", "parent_header", "metadata", "content"], parts) {
            guard let value = try? JSON.parse(part), case .object(let object) = value else {
                throw KernelError("a message whose \(name) is not a JSON object")
            }
            objects.append(object)
        }
        guard objects[0]["msg_type"]?.string != nil else { throw KernelError("a message whose header has no msg_type") }
        var message = KernelMessage(type: "", session: "", content: objects[3])
        message.identities = Array(frames[..<split])
        message.header = objects[0]
        message.parentHeader = objects[1]
        message.metadata = objects[2]
        message.buffers = Array(frames[(split + 6)...])
        return message
    }

    /// The hex HMAC-SHA256 of the four JSON parts, or "" when there is no key.
    static func signature(_ parts: [[UInt8]], key: [UInt8]) -> String {
        key.isEmpty ? "" : SHA256.hex(SHA256.hmac(key: key, message: parts.flatMap { $0 }))
    }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A random UUID (version 4) in its usual text form.
    static func newIdentifier() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0f | 0x40
        bytes[8] = bytes[8] & 0x3f | 0x80
        let hex = SHA256.hex(bytes)
        let cuts = [8, 12, 16, 20]
        var out = ""
        for (i, ch) in hex.enumerated() {
            if cuts.contains(i) { out.append("-") }
            out.append(ch)
        }
        return out
    }

    /// The current UTC time in ISO 8601 with microseconds, as Jupyter dates its messages.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T"
            + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))."
            + "\(pad(now.tv_nsec / 1000, 6))Z"
    }
}
