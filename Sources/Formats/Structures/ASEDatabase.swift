// Reading ASE databases (SQLite files written by ase.db): each row's atoms,
// cell, energy, moments, charges and key-value pairs, through the system
// SQLite library (loaded on first use: SQLiteLibrary). Rows are read in id
// order; a bad row is reported on its own.
import CSQLite
import Lattice

/// Reads every row of an ASE SQLite database.
///
///     let rows = try ASEDatabase.read(bytes, name: "reference_data.db")
///     try rows[0].get().value("mixing_energy")
enum ASEDatabase {
    static let format = StructureFormat.aseDatabase

    /// The rows as structures (ids "NAME:ROWID"), read from the file's bytes (SQLite's in-memory image, read only);
    /// throws when the bytes are not an ASE database or it holds no rows. The energy is `energyKey` from the
    /// row's key-value pairs when given, else the calculator's energy.
    static func read(_ bytes: [UInt8], name: String, energyKey: String? = nil) throws -> [Result<AtomicStructure, FormatError>] {
        guard bytes.starts(with: Array("SQLite format 3".utf8)) else { throw FormatError(format, "the file is not an SQLite database") }
        let sqlite = try SQLiteLibrary.shared()
        var db: OpaquePointer?
        guard sqlite.sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let db else {
            _ = sqlite.sqlite3_close(db)
            throw FormatError(format, "SQLite cannot open an in-memory database")
        }
        defer { _ = sqlite.sqlite3_close(db) }
        var image = bytes
        let loaded = image.withUnsafeMutableBufferPointer { p in
            sqlite.sqlite3_deserialize(db, "main", p.baseAddress, Int64(p.count), Int64(p.count), UInt32(SQLITE_DESERIALIZE_READONLY))
        }
        guard loaded == SQLITE_OK else { throw FormatError(format, "SQLite cannot read the file (\(sqlite.message(db)))") }
        return try withExtendedLifetime(image) { try sqlite.rows(db, name: name, energyKey: energyKey) }
    }
}

/// ASEDatabase's queries, made through the loaded library's entry points.
private extension SQLiteLibrary {
    /// The connection's last error message.
    func message(_ db: OpaquePointer?) -> String { sqlite3_errmsg(db).map { String(cString: $0) } ?? "unknown SQLite error" }

    func rows(_ db: OpaquePointer, name: String, energyKey: String?) throws -> [Result<AtomicStructure, FormatError>] {
        func query(_ sql: String, _ row: (OpaquePointer) throws -> Void) throws {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
                let reason = message(db)
                throw FormatError(ASEDatabase.format, reason.contains("no such table") ? "no 'systems' table: not an ASE database (\(reason))" : reason)
            }
            defer { _ = sqlite3_finalize(statement) }
            while true {
                let step = sqlite3_step(statement)
                if step == SQLITE_DONE { break }
                guard step == SQLITE_ROW else { throw FormatError(ASEDatabase.format, message(db)) }
                try row(statement)
            }
        }
        // Key-value pairs live in their own tables (the JSON column repeats them).
        var pairs: [Int: [(key: String, value: String)]] = [:]
        for table in ["number_key_values", "text_key_values"] {
            try? query("SELECT id, key, value FROM \(table) ORDER BY rowid") { s in
                let id = Int(sqlite3_column_int64(s, 0))
                let key = text(s, 1) ?? ""
                let value = sqlite3_column_type(s, 2) == SQLITE_TEXT ? (text(s, 2) ?? "") : String(sqlite3_column_double(s, 2))
                pairs[id, default: []].append((key, value))
            }
        }
        var rows: [Result<AtomicStructure, FormatError>] = []
        try query("SELECT id, numbers, positions, cell, initial_magmoms, initial_charges, energy, magmoms, charges, free_energy FROM systems ORDER BY id") { s in
            let id = Int(sqlite3_column_int64(s, 0))
            rows.append(Result {
                guard let numbers = blob(s, 1, Int32.self), !numbers.isEmpty else { throw FormatError(ASEDatabase.format, "row \(id) has no atoms") }
                let n = numbers.count
                guard let positions = blob(s, 2, Double.self), positions.count == 3 * n else { throw FormatError(ASEDatabase.format, "row \(id): \(n) atoms but not \(3 * n) coordinates") }
                guard let cell = blob(s, 3, Double.self), cell.count == 9 else { throw FormatError(ASEDatabase.format, "row \(id) has no 3x3 cell") }
                let elements = try numbers.map { z -> String in
                    guard z >= 1, Int(z) < chemicalSymbols.count else { throw FormatError(ASEDatabase.format, "row \(id): atomic number \(z)") }
                    return chemicalSymbols[Int(z)]
                }
                let charges = blob(s, 5, Double.self).flatMap { $0.count == n ? $0.map(Optional.some) : nil } ?? Array(repeating: nil, count: n)
                var info = [("id", String(id))] + (pairs[id] ?? [])
                var energy = sqlite3_column_type(s, 6) == SQLITE_NULL ? nil : sqlite3_column_double(s, 6)
                if let energyKey {
                    guard let v = info.first(where: { $0.0 == energyKey }).flatMap({ Double($0.1) }) else {
                        throw FormatError(ASEDatabase.format, "row \(id) has no number \(energyKey)")
                    }
                    energy = v
                }
                if energy != nil { info.append(("energy_key", energyKey ?? "energy")) }
                var structure = AtomicStructure(id: "\(name):\(id)", vectors: Matrix3(cell), elements: elements, charges: charges,
                                                positions: (0..<n).map { Vector3(positions[3 * $0], positions[3 * $0 + 1], positions[3 * $0 + 2]) },
                                                info: info, energy: energy)
                if sqlite3_column_type(s, 9) != SQLITE_NULL { structure.info.append(("free_energy", String(sqlite3_column_double(s, 9)))) }
                if let m = blob(s, 7, Double.self), m.count == n { structure.magneticMoments = m }
                if let m = blob(s, 4, Double.self), m.count == n {
                    structure.atomArrays.append(("initial_magmoms", m))
                    if structure.magneticMoments == nil { structure.magneticMoments = m }
                }
                if let q = blob(s, 8, Double.self), q.count == n { structure.atomArrays.append(("charges", q)) }
                return structure
            }.mapError { $0 as? FormatError ?? FormatError(ASEDatabase.format, "\($0)") })
        }
        guard !rows.isEmpty else { throw FormatError(ASEDatabase.format, "the database holds no structures (its systems table is empty)") }
        return rows
    }

    func text(_ s: OpaquePointer, _ column: Int32) -> String? {
        sqlite3_column_text(s, column).map { String(cString: $0) }
    }

    /// A little-endian numeric blob (ASE stores numpy arrays' raw bytes), nil for NULL.
    func blob<T: FixedWidthInteger>(_ s: OpaquePointer, _ column: Int32, _: T.Type) -> [T]? {
        guard sqlite3_column_type(s, column) == SQLITE_BLOB, let p = sqlite3_column_blob(s, column) else { return nil }
        let count = Int(sqlite3_column_bytes(s, column)) / MemoryLayout<T>.size
        return (0..<count).map { T(littleEndian: p.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
    }

    func blob(_ s: OpaquePointer, _ column: Int32, _: Double.Type) -> [Double]? {
        blob(s, column, UInt64.self)?.map { Double(bitPattern: $0) }
    }
}
