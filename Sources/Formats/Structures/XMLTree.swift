// A small XML reader for the structure files that are XML (vasprun.xml): a
// tree of elements with attributes, text and the line each starts on, built
// in one pass over the bytes. No DTDs or namespaces; the five predefined
// entities and character references are decoded. Errors give the line.

/// An XML element: name, attributes, children, the text directly inside, and its line.
final class XMLElement {
    let name: String
    let attributes: [String: String]
    let line: Int
    var children: [XMLElement] = []
    var text = ""

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    /// The first child with this name (and attribute `name` = `named`, when given).
    func child(_ tag: String, named: String? = nil) -> XMLElement? {
        children.first { $0.name == tag && (named == nil || $0.attributes["name"] == named) }
    }

    /// Every child with this name.
    func all(_ tag: String) -> [XMLElement] { children.filter { $0.name == tag } }

    /// The numbers in the text.
    var numbers: [Double] { text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).compactMap { Double($0) } }
}

/// Parses XML text into its root element.
///
///     let root = try XMLTree.parse(bytes, format: .vasprun)
///     root.child("atominfo")?.child("atoms")?.text
enum XMLTree {
    static func parse(_ bytes: [UInt8], format: StructureFormat) throws -> XMLElement {
        var i = 0, line = 1
        var stack: [XMLElement] = []
        var root: XMLElement?
        func fail(_ message: String) -> FormatError { FormatError(format, message, line: line) }
        @inline(__always) func advance() { if bytes[i] == 10 { line += 1 }; i += 1 }
        func readName() -> String {
            let start = i
            while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">"), bytes[i] != UInt8(ascii: "/"), bytes[i] != UInt8(ascii: "=") { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }
        func skipSpace() { while i < bytes.count, isSpace(bytes[i]) { advance() } }
        while i < bytes.count {
            if bytes[i] != UInt8(ascii: "<") {
                let start = i
                while i < bytes.count, bytes[i] != UInt8(ascii: "<") { advance() }
                if let top = stack.last { top.text += decodeEntities(String(decoding: bytes[start..<i], as: UTF8.self)) }
                continue
            }
            // Declarations, processing instructions and comments are skipped.
            if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "?") || bytes[i + 1] == UInt8(ascii: "!") {
                let comment = i + 3 < bytes.count && bytes[i + 2] == UInt8(ascii: "-") && bytes[i + 3] == UInt8(ascii: "-")
                let end: [UInt8] = comment ? Array("-->".utf8) : (bytes[i + 1] == UInt8(ascii: "?") ? Array("?>".utf8) : Array(">".utf8))
                while i < bytes.count, !(bytes[i] == end[0] && matches(bytes, i, end)) { advance() }
                guard i < bytes.count else { throw fail("the file ends inside a comment or declaration") }
                i += end.count
                continue
            }
            let tagLine = line
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "/") {
                i += 1
                let name = readName()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else { throw fail("the file ends inside the closing tag </\(name)>") }
                i += 1
                guard let open = stack.popLast() else { throw fail("</\(name)> closes nothing") }
                guard open.name == name else { throw fail("</\(name)> closes <\(open.name)> opened on line \(open.line)") }
                continue
            }
            let name = readName()
            guard !name.isEmpty else { throw fail("a '<' that starts no tag") }
            var attributes: [String: String] = [:]
            while true {
                skipSpace()
                guard i < bytes.count else { throw fail("the file ends inside the tag <\(name)>") }
                if bytes[i] == UInt8(ascii: ">") || bytes[i] == UInt8(ascii: "/") { break }
                let key = readName()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { throw fail("attribute \(key) of <\(name)> has no value") }
                i += 1
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else { throw fail("attribute \(key) of <\(name)> needs a quoted value") }
                let quote = bytes[i]
                i += 1
                let start = i
                while i < bytes.count, bytes[i] != quote { advance() }
                guard i < bytes.count else { throw fail("the file ends inside an attribute of <\(name)>") }
                attributes[key] = decodeEntities(String(decoding: bytes[start..<i], as: UTF8.self))
                i += 1
            }
            let element = XMLElement(name: name, attributes: attributes, line: tagLine)
            if let top = stack.last { top.children.append(element) } else if root == nil { root = element } else {
                throw fail("a second root element <\(name)>")
            }
            if bytes[i] == UInt8(ascii: "/") {
                i += 1
                guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else { throw fail("expected '>' after '/' in <\(name)>") }
                i += 1
            } else {
                i += 1
                stack.append(element)
                guard stack.count <= 256 else { throw fail("elements nest more than 256 deep") }
            }
        }
        if let open = stack.last { throw fail("the file ends inside <\(open.name)> opened on line \(open.line)") }
        guard let root else { throw fail("no XML element in the file") }
        return root
    }

    @inline(__always) private static func matches(_ bytes: [UInt8], _ i: Int, _ pattern: [UInt8]) -> Bool {
        guard i + pattern.count <= bytes.count else { return false }
        for k in pattern.indices where bytes[i + k] != pattern[k] { return false }
        return true
    }

    @inline(__always) private static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 10 || b == 9 || b == 13 }

    private static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = "", rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { out += rest[amp...]; return out }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "lt": out += "<"
            case "gt": out += ">"
            case "amp": out += "&"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                if entity.hasPrefix("#x"), let v = UInt32(entity.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) { out.unicodeScalars.append(u) }
                else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let u = Unicode.Scalar(v) { out.unicodeScalars.append(u) }
                else { out += rest[amp...semi] }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}
