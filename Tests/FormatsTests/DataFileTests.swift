// DataFile: only regular files are read, sizes are checked against the
// caller's limit before reading, binary files are refused as text after
// their first bytes.
import Foundation
import Formats
import Testing

/// A fresh temporary directory for one test.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "ce-formats-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct DataFileTests {
    func failure(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch { return "\(error)" }
    }

    @Test func readsAndWritesBytes() throws {
        let dir = try temporaryDirectory()
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        try DataFile.write(bytes, to: dir + "/b.bin")
        #expect(try DataFile.read(dir + "/b.bin") == bytes)
        try DataFile.write([], to: dir + "/empty")
        #expect(try DataFile.read(dir + "/empty") == [])
        #expect(try DataFile.readText("/proc/self/stat").hasPrefix("\(getpid()) "), "files whose size says 0 are read to their end")
    }

    @Test func devicesPipesAndFoldersAreRefusedBeforeReading() throws {
        let dir = try temporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: dir + "/zero.npy", withDestinationPath: "/dev/zero")
        #expect(failure { try DataFile.read(dir + "/zero.npy") } == "'\(dir)/zero.npy': is a character device, not a regular file")
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        #expect(failure { try DataFile.read(dir + "/fifo") } == "'\(dir)/fifo': is a pipe, not a regular file")
        #expect(failure { try DataFile.read(dir) } == "'\(dir)': is a directory, not a regular file")
        let missing = try #require(throws: FileError.self) { try DataFile.read(dir + "/missing") }
        #expect(missing.isMissing && missing.description == "'\(dir)/missing': no such file or directory")
    }

    @Test func sizesOverTheLimitAreRefusedFromTheSize() throws {
        let dir = try temporaryDirectory()
        try DataFile.write([UInt8](repeating: 1, count: 1000), to: dir + "/k")
        #expect(try DataFile.read(dir + "/k", maxBytes: 1000).count == 1000)
        let tooLarge = try #require(throws: FileTooLarge.self) { try DataFile.read(dir + "/k", maxBytes: 999) }
        #expect(tooLarge.bytes == 1000 && tooLarge.limit == 999)
    }

    @Test func binaryFilesAreRefusedAsText() throws {
        let dir = try temporaryDirectory()
        try DataFile.write(Array("x = 1\n".utf8) + [0, 1, 2], to: dir + "/bin.ce")
        #expect(failure { try DataFile.readText(dir + "/bin.ce") } == "'\(dir)/bin.ce': is not a text file (byte 7 is NUL)")
        try DataFile.write(Array("print(1)\n".utf8) + [UInt8](repeating: 0, count: 1 << 20), to: dir + "/late.ce")
        #expect(failure { try DataFile.readText(dir + "/late.ce") } == "'\(dir)/late.ce': is not a text file (byte 10 is NUL)")
        try DataFile.write(Array("print(\"é\")\n".utf8), to: dir + "/ok.ce")
        #expect(try DataFile.readText(dir + "/ok.ce") == "print(\"é\")\n")
    }
}
