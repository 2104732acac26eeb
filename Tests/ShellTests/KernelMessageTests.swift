// The kernel's pieces without sockets: SHA-256 and HMAC against the published
// vectors, Base64, connection files, signed frames, completion words, history globs.
import Formats
import Testing
@testable import Shell

@Suite struct KernelMessageTests {
    private func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    @Test func sha256MatchesFIPS180Vectors() {
        #expect(SHA256.hex(SHA256.digest([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(SHA256.digest(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(SHA256.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(SHA256.digest([UInt8](repeating: 0x61, count: 1_000_000)))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// RFC 4231 test cases 1, 2, 3, 4, 6 and 7 (case 5 truncates the output).
    @Test func hmacMatchesRFC4231() {
        let cases: [([UInt8], [UInt8], String)] = [
            ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
             "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            (bytes(hex: "0102030405060708090a0b0c0d0e0f10111213141516171819"), [UInt8](repeating: 0xcd, count: 50),
             "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
            ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            ([UInt8](repeating: 0xaa, count: 131),
             Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
             "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        ]
        for (key, message, expected) in cases {
            #expect(SHA256.hex(SHA256.hmac(key: key, message: message)) == expected)
        }
    }

    @Test func base64RoundTripsAndMatchesRFC4648() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
        let all = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(all)) == all)
        #expect(Base64.decode("not base64!") == nil)
    }

    @Test func connectionFileIsReadAndCheckedClearly() throws {
        let good = #"{"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005, "ip": "127.0.0.1", "key": "secret", "transport": "tcp", "signature_scheme": "hmac-sha256"}"#
        let info = try ConnectionInfo.parse(good, file: "c.json")
        #expect(info.endpoint(info.controlPort) == "tcp://127.0.0.1:5004")
        #expect(info.key == Array("secret".utf8))

        func message(_ text: String) -> String {
            do { _ = try ConnectionInfo.parse(text, file: "c.json"); return "" } catch { return "\(error)" }
        }
        #expect(message("{not json").hasPrefix("c.json: not a JSON connection file"))
        #expect(message("[1]") == "c.json: a connection file is a JSON object, not an array")
        #expect(message(good.replacing(#""hb_port": 5005"#, with: #""hb_port": "x""#))
            == #"c.json: hb_port must be a port number from 1 to 65535, got "x""#)
        #expect(message(good.replacing(#""hb_port": 5005, "#, with: ""))
            == "c.json: hb_port must be a port number from 1 to 65535, and is missing")
        #expect(message(good.replacing("hmac-sha256", with: "hmac-md5")).contains("signature_scheme \"hmac-md5\" is not supported"))
        do {
            _ = try ConnectionInfo.read("/nonexistent/kernel.json")
            Issue.record("a missing connection file was read")
        } catch {
            #expect("\(error)".contains("cannot read the connection file"))
            #expect("\(error)".contains("/nonexistent/kernel.json"))
        }
    }

    /// Frames signed with the key decode; a changed byte or another key is refused.
    @Test func messagesAreSignedAndChecked() throws {
        let key = Array("0123-key".utf8)
        let message = KernelMessage(type: "execute_request", session: "s", content: JSONObject([("code", .string("1 + 1"))]),
                                    identities: [Array("client".utf8)])
        let frames = message.frames(key: key)
        #expect(frames[1] == KernelMessage.delimiter)
        // Jupyter's signature: hex HMAC-SHA256 over header, parent header, metadata and content.
        #expect(frames[2] == Array(SHA256.hex(SHA256.hmac(key: key, message: Array(frames[3...6].joined()))).utf8))
        let decoded = try KernelMessage.decode(frames, key: key)
        #expect(decoded.type == "execute_request")
        #expect(decoded.identities == [Array("client".utf8)])
        #expect(decoded.content["code"]?.string == "1 + 1")

        var tampered = frames
        tampered[6] = Array(#"{"code": "2 + 2"}"#.utf8)
        #expect(throws: KernelError.self) { try KernelMessage.decode(tampered, key: key) }
        #expect(throws: KernelError.self) { try KernelMessage.decode(frames, key: Array("other".utf8)) }
        #expect(throws: KernelError.self) { try KernelMessage.decode(Array(frames.prefix(4)), key: key) }
        #expect(throws: KernelError.self) { try KernelMessage.decode([[1, 2, 3]], key: key) }
    }

    @Test func completionWordAndHistoryGlob() {
        #expect(Kernel.wordBeforeCursor("x = run.fin") == "run.fin")
        #expect(Kernel.wordBeforeCursor("load(\"dat") == "dat")
        #expect(Kernel.wordBeforeCursor("f(") == "")
        #expect(Kernel.glob("*anneal*", matches: "r = anneal(x)"))
        #expect(Kernel.glob("a?c", matches: "abc"))
        #expect(!Kernel.glob("a*d", matches: "abc"))
    }
}
