// libsqlite3, loaded with dlopen the first time an ASE database is read rather
// than linked into every start of ce. CSQLite still gives the constants.
import CSQLite
import Numerics

/// The entry points of libsqlite3 that ASEDatabase calls, resolved once.
///
///     let sqlite = try SQLiteLibrary.shared()
///     let rc = sqlite.sqlite3_step(statement)
struct SQLiteLibrary: @unchecked Sendable {
    typealias Open = @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<OpaquePointer?>?, Int32, UnsafePointer<CChar>?) -> Int32
    typealias Close = @convention(c) (OpaquePointer?) -> Int32
    typealias Deserialize = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafeMutablePointer<UInt8>?, Int64, Int64, UInt32) -> Int32
    typealias Message = @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    typealias Prepare = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafeMutablePointer<OpaquePointer?>?,
                                        UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> Int32
    typealias ColumnInteger = @convention(c) (OpaquePointer?, Int32) -> Int64
    typealias ColumnInt32 = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias ColumnDouble = @convention(c) (OpaquePointer?, Int32) -> Double
    typealias ColumnText = @convention(c) (OpaquePointer?, Int32) -> UnsafePointer<UInt8>?
    typealias ColumnBlob = @convention(c) (OpaquePointer?, Int32) -> UnsafeRawPointer?

    let sqlite3_open_v2: Open, sqlite3_close: Close, sqlite3_deserialize: Deserialize, sqlite3_errmsg: Message
    let sqlite3_prepare_v2: Prepare, sqlite3_finalize: Close, sqlite3_step: Close
    let sqlite3_column_int64: ColumnInteger, sqlite3_column_type: ColumnInt32, sqlite3_column_double: ColumnDouble
    let sqlite3_column_text: ColumnText, sqlite3_column_blob: ColumnBlob, sqlite3_column_bytes: ColumnInt32

    private static let loaded = Result { try SQLiteLibrary() }

    /// The library, loaded on the first call; throws (every time) when it cannot be loaded.
    static func shared() throws -> SQLiteLibrary {
        do { return try loaded.get() } catch { throw FormatError(ASEDatabase.format, "\(error)") }
    }

    private init() throws {
        let library = try SharedLibrary.open(["libsqlite3.so.0", "libsqlite3.so"], package: "libsqlite3-dev",
                                             purpose: "reading ASE databases")
        func f<T>(_ name: String, _ type: T.Type = T.self) throws -> T { try library.function(name, as: type) }
        sqlite3_open_v2 = try f("sqlite3_open_v2"); sqlite3_close = try f("sqlite3_close")
        sqlite3_deserialize = try f("sqlite3_deserialize"); sqlite3_errmsg = try f("sqlite3_errmsg")
        sqlite3_prepare_v2 = try f("sqlite3_prepare_v2"); sqlite3_finalize = try f("sqlite3_finalize"); sqlite3_step = try f("sqlite3_step")
        sqlite3_column_int64 = try f("sqlite3_column_int64"); sqlite3_column_type = try f("sqlite3_column_type")
        sqlite3_column_double = try f("sqlite3_column_double"); sqlite3_column_text = try f("sqlite3_column_text")
        sqlite3_column_blob = try f("sqlite3_column_blob"); sqlite3_column_bytes = try f("sqlite3_column_bytes")
    }
}
