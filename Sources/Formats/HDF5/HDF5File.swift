// HDF5 files through the system libhdf5 (serial): writes groups, datasets
// and attributes as h5py reads them (float64, int64, h5py's boolean enum,
// UTF-8 strings; members kept in creation order), and reads them back,
// refusing what it cannot read exactly (compound records, 128-bit floats,
// uint64 above Int.max) with the reason. libhdf5's serial build is not
// thread-safe: every call into it holds one lock. The library is loaded on
// first use (HDF5Library); the work is done by HDF5Library's methods below.
import CHDF5
import Glibc
import Numerics
import Synchronization

/// Reads and writes HDF5 files.
///
///     try HDF5File.write(HDF5Group(members: [("x", .dataset(.numbers(try NpyArray(doubles: [1, 2])), attributes: []))]),
///                        to: "x.h5")
///     let root = try HDF5File.read("x.h5")      // h5py: h5py.File("x.h5")["x"][:]
public enum HDF5File {
    private static let library = Mutex(())
    /// Where an empty array's data "is": libhdf5 wants a pointer even when it reads or writes nothing.
    nonisolated(unsafe) fileprivate static let scratch = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16)

    /// Replaces the file at `path` with `root`. Throws `FileError` when the file cannot be created.
    /// Under MPI rank 0 writes and every rank waits for it, as `DataFile.write`.
    public static func write(_ root: HDF5Group, to path: String) throws {
        try Ranks.leaderWrites(rebuilding: [FileError.self, FormatError.self]) { try writeHere(root, to: path) }
    }

    private static func writeHere(_ root: HDF5Group, to path: String) throws {
        // Opening it ourselves first gives the system's reason (a missing folder, no permission).
        guard let probe = fopen(path, "wb") else { throw FileError(path) }
        fclose(probe)
        try library.withLock { _ in
            let h5 = try HDF5Library.shared()
            h5.silence()
            let properties = h5.H5Pcreate(h5.fileCreateProperties)
            defer { _ = h5.H5Pclose(properties) }
            _ = h5.H5Pset_link_creation_order(properties, ce_h5_creation_order())
            _ = h5.H5Pset_attr_creation_order(properties, ce_h5_creation_order())
            let file = h5.H5Fcreate(path, h5.truncate, properties, ce_h5_default())
            guard file >= 0 else { throw FileError(path, reason: "libhdf5 cannot create it") }
            defer { _ = h5.H5Fclose(file) }
            try h5.write(root, into: file, at: "/")
            guard h5.H5Fflush(file, H5F_SCOPE_GLOBAL) >= 0 else { throw FileError(path, reason: "libhdf5 cannot write it") }
        }
    }

    /// The contents of the HDF5 file at `path`; arrays over `maxBytes` (as 8-byte values) are refused before they are read.
    public static func read(_ path: String, maxBytes: Int = .max) throws -> HDF5Group {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path) }
        var info = stat()
        let statted = fstat(fd, &info) == 0
        close(fd)
        guard statted else { throw FileError(path) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw FileError(path, reason: "is \(DataFile.kind(info.st_mode & S_IFMT)), not a regular file")
        }
        return try library.withLock { _ in
            let h5 = try HDF5Library.shared()
            h5.silence()
            guard h5.H5Fis_hdf5(path) > 0 else { throw FormatError("not an HDF5 file (no HDF5 signature)") }
            let file = h5.H5Fopen(path, h5.readOnly, ce_h5_default())
            guard file >= 0 else { throw FormatError("libhdf5 cannot open it") }
            defer { _ = h5.H5Fclose(file) }
            var budget = maxBytes
            return try h5.readGroup(file, at: "/", budget: &budget)
        }
    }
}

/// HDF5File's work, done through the loaded library's entry points (called with its lock held).
private extension HDF5Library {
    var scratch: UnsafeMutableRawPointer { HDF5File.scratch }

    // MARK: - Writing

    func write(_ group: HDF5Group, into location: hid_t, at path: String) throws {
        for (name, value) in group.attributes { try writeAttribute(name, value, on: location, at: path) }
        for (name, member) in group.members {
            guard !name.isEmpty, !name.contains("/"), name != "." else {
                throw FormatError("'\(name)' cannot name an HDF5 member (empty, '.' or containing '/')")
            }
            let where_ = path == "/" ? "/" + name : path + "/" + name
            switch member {
            case .group(let inner):
                let properties = H5Pcreate(groupCreateProperties)
                defer { _ = H5Pclose(properties) }
                _ = H5Pset_link_creation_order(properties, ce_h5_creation_order())
                _ = H5Pset_attr_creation_order(properties, ce_h5_creation_order())
                let g = H5Gcreate2(location, name, ce_h5_default(), properties, ce_h5_default())
                guard g >= 0 else { throw FormatError("libhdf5 cannot create the group '\(where_)'") }
                defer { _ = H5Gclose(g) }
                try write(inner, into: g, at: where_)
            case .dataset(let data, let attributes):
                try withStorage(data) { fileType, memoryType, space, buffer in
                    let properties = H5Pcreate(datasetCreateProperties)
                    defer { _ = H5Pclose(properties) }
                    _ = H5Pset_attr_creation_order(properties, ce_h5_creation_order())
                    let d = H5Dcreate2(location, name, fileType, space, ce_h5_default(), properties, ce_h5_default())
                    guard d >= 0 else { throw FormatError("libhdf5 cannot create the dataset '\(where_)'") }
                    defer { _ = H5Dclose(d) }
                    guard H5Dwrite(d, memoryType, ce_h5_all(), ce_h5_all(), ce_h5_default(), buffer) >= 0 else {
                        throw FormatError("libhdf5 cannot write the dataset '\(where_)'")
                    }
                    for (attribute, value) in attributes { try writeAttribute(attribute, value, on: d, at: where_) }
                }
            }
        }
    }

    func writeAttribute(_ name: String, _ value: HDF5Data, on location: hid_t, at path: String) throws {
        try withStorage(value) { fileType, memoryType, space, buffer in
            let a = H5Acreate2(location, name, fileType, space, ce_h5_default(), ce_h5_default())
            guard a >= 0 else { throw FormatError("libhdf5 cannot create the attribute '\(name)' of '\(path)'") }
            defer { _ = H5Aclose(a) }
            guard H5Awrite(a, memoryType, buffer) >= 0 else {
                throw FormatError("libhdf5 cannot write the attribute '\(name)' of '\(path)'")
            }
        }
    }

    /// Calls `body` with the file type, memory type, dataspace and buffer of `data`, and releases them after.
    func withStorage(_ data: HDF5Data, _ body: (hid_t, hid_t, hid_t, UnsafeRawPointer) throws -> Void) throws {
        switch data {
        case .numbers(let array):
            let space = array.shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(
                Int32(array.shape.count), array.shape.map { hsize_t($0) }, nil)
            defer { _ = H5Sclose(space) }
            switch array.elements {
            case .float64(let xs):
                try xs.withUnsafeBytes { try body(doubleLittleEndian, nativeDouble, space, $0.baseAddress ?? UnsafeRawPointer(scratch)) }
            case .int64(let xs):
                let words = xs.map { Int64($0) }
                try words.withUnsafeBytes { try body(int64LittleEndian, nativeInt64, space, $0.baseAddress ?? UnsafeRawPointer(scratch)) }
            case .bool(let xs):
                let type = booleanType()
                defer { _ = H5Tclose(type) }
                let bytes = xs.map { Int8($0 ? 1 : 0) }
                try bytes.withUnsafeBytes { try body(type, type, space, $0.baseAddress ?? UnsafeRawPointer(scratch)) }
            }
        case .text(let s):
            try withStrings([s], shape: nil, body)
        case .texts(let strings):
            try withStrings(strings, shape: [strings.count], body)
        }
    }

    func withStrings(_ strings: [String], shape: [Int]?,
                                    _ body: (hid_t, hid_t, hid_t, UnsafeRawPointer) throws -> Void) throws {
        let type = stringType()
        defer { _ = H5Tclose(type) }
        let space = shape.map { H5Screate_simple(Int32($0.count), $0.map { hsize_t($0) }, nil) } ?? H5Screate(H5S_SCALAR)
        defer { _ = H5Sclose(space) }
        let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        guard !pointers.contains(where: { $0 == nil }) else { throw FormatError("out of memory copying strings") }
        try pointers.withUnsafeBytes { try body(type, type, space, $0.baseAddress ?? UnsafeRawPointer(scratch)) }
    }

    /// h5py's boolean type: an enum of int8 with members FALSE = 0 and TRUE = 1.
    func booleanType() -> hid_t {
        let type = H5Tenum_create(nativeInt8)
        var no: Int8 = 0, yes: Int8 = 1
        _ = H5Tenum_insert(type, "FALSE", &no)
        _ = H5Tenum_insert(type, "TRUE", &yes)
        return type
    }

    /// Variable-length UTF-8 strings, as h5py writes `str`.
    func stringType() -> hid_t {
        let type = H5Tcopy(cString)
        _ = H5Tset_size(type, Int(bitPattern: UInt(bitPattern: -1)))  // H5T_VARIABLE
        _ = H5Tset_cset(type, H5T_CSET_UTF8)
        return type
    }

    // MARK: - Reading

    func readGroup(_ group: hid_t, at path: String, budget: inout Int) throws -> HDF5Group {
        var result = HDF5Group()
        result.attributes = try readAttributes(of: group, at: path, budget: &budget)
        var info = H5G_info_t()
        guard H5Gget_info(group, &info) >= 0 else { throw FormatError("libhdf5 cannot list the group '\(path)'") }
        // Creation order when the file tracks it (ce's files do), else name order (h5py's default).
        let tracked = info.nlinks > 0 && H5Lget_name_by_idx(group, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, 0, nil, 0, ce_h5_default()) >= 0
        let order = tracked ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME
        for i in 0..<info.nlinks {
            let name = try memberName(group, index: i, order: order, at: path)
            let where_ = path == "/" ? "/" + name : path + "/" + name
            let object = H5Oopen(group, name, ce_h5_default())
            guard object >= 0 else { throw FormatError("libhdf5 cannot open '\(where_)' (a broken link?)") }
            defer { _ = H5Oclose(object) }
            switch H5Iget_type(object) {
            case H5I_GROUP:
                result.members.append((name, .group(try readGroup(object, at: where_, budget: &budget))))
            case H5I_DATASET:
                let type = H5Dget_type(object), space = H5Dget_space(object)
                defer { _ = H5Tclose(type); _ = H5Sclose(space) }
                let data = try readData(type: type, space: space, at: where_, budget: &budget) { memoryType, buffer in
                    H5Dread(object, memoryType, ce_h5_all(), ce_h5_all(), ce_h5_default(), buffer)
                }
                let attributes = try readAttributes(of: object, at: where_, budget: &budget)
                result.members.append((name, .dataset(data, attributes: attributes)))
            default:
                continue  // committed datatypes carry no data
            }
        }
        return result
    }

    func memberName(_ group: hid_t, index: hsize_t, order: H5_index_t, at path: String) throws -> String {
        let length = H5Lget_name_by_idx(group, ".", order, H5_ITER_INC, index, nil, 0, ce_h5_default())
        guard length >= 0 else { throw FormatError("libhdf5 cannot name member \(index) of '\(path)'") }
        var name = [CChar](repeating: 0, count: Int(length) + 1)
        _ = H5Lget_name_by_idx(group, ".", order, H5_ITER_INC, index, &name, name.count, ce_h5_default())
        return String(cString: name)
    }

    func readAttributes(of object: hid_t, at path: String, budget: inout Int) throws -> [(name: String, value: HDF5Data)] {
        let count = attributeCount(object)
        guard count >= 0 else { throw FormatError("libhdf5 cannot list the attributes of '\(path)'") }
        var attributes: [(name: String, value: HDF5Data)] = []
        for i in 0..<count {
            var a = H5Aopen_by_idx(object, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, hsize_t(i), ce_h5_default(), ce_h5_default())
            if a < 0 { a = H5Aopen_by_idx(object, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(i), ce_h5_default(), ce_h5_default()) }
            guard a >= 0 else { throw FormatError("libhdf5 cannot open attribute \(i) of '\(path)'") }
            defer { _ = H5Aclose(a) }
            let length = H5Aget_name(a, 0, nil)
            var name = [CChar](repeating: 0, count: max(0, Int(length)) + 1)
            _ = H5Aget_name(a, name.count, &name)
            let attributeName = String(cString: name)
            let type = H5Aget_type(a), space = H5Aget_space(a)
            defer { _ = H5Tclose(type); _ = H5Sclose(space) }
            let value = try readData(type: type, space: space, at: "\(path) attribute '\(attributeName)'", budget: &budget) {
                H5Aread(a, $0, $1)
            }
            attributes.append((attributeName, value))
        }
        return attributes
    }

    /// Reads a dataset's or attribute's values through `read(memoryType, buffer)`, converted exactly or refused.
    func readData(type: hid_t, space: hid_t, at path: String, budget: inout Int,
                                 read: (hid_t, UnsafeMutableRawPointer) -> herr_t) throws -> HDF5Data {
        let rank = Int(H5Sget_simple_extent_ndims(space))
        guard rank >= 0 else { throw FormatError("libhdf5 cannot read the shape of '\(path)'") }
        var dims = [hsize_t](repeating: 0, count: rank)
        if rank > 0 { _ = H5Sget_simple_extent_dims(space, &dims, nil) }
        let shape = H5Sget_simple_extent_type(space) == H5S_NULL ? [0] : dims.map { Int(clamping: $0) }
        guard let count = NpyArray.elementCount(shape) else { throw FormatError("'\(path)' has an impossible shape") }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: 8)
        guard !overflow, bytes <= budget else {
            throw FormatError("'\(path)' holds \(count) values, more than the memory limit allows")
        }
        budget -= bytes
        func fail() -> FormatError { FormatError("libhdf5 cannot read '\(path)'") }
        let size = H5Tget_size(type)
        switch H5Tget_class(type) {
        case H5T_FLOAT:
            guard size <= 8 else {
                throw FormatError("'\(path)' holds \(size * 8)-bit floats, which a float64 cannot hold exactly")
            }
            var xs = [Double](repeating: 0, count: count)
            guard xs.withUnsafeMutableBytes({ read(nativeDouble, $0.baseAddress ?? scratch) }) >= 0 else { throw fail() }
            return .numbers(try NpyArray(shape: shape, elements: .float64(xs)))
        case H5T_INTEGER:
            if H5Tget_sign(type) == H5T_SGN_NONE && size == 8 {
                var xs = [UInt64](repeating: 0, count: count)
                guard xs.withUnsafeMutableBytes({ read(nativeUInt64, $0.baseAddress ?? scratch) }) >= 0 else { throw fail() }
                var ints: [Int] = []
                ints.reserveCapacity(count)
                for (i, x) in xs.enumerated() {
                    guard let n = Int(exactly: x) else {
                        throw FormatError("'\(path)' uint64 element \(i) is \(x), larger than an int holds (\(Int.max))")
                    }
                    ints.append(n)
                }
                return .numbers(try NpyArray(shape: shape, elements: .int64(ints)))
            }
            var xs = [Int64](repeating: 0, count: count)
            guard xs.withUnsafeMutableBytes({ read(nativeInt64, $0.baseAddress ?? scratch) }) >= 0 else { throw fail() }
            return .numbers(try NpyArray(shape: shape, elements: .int64(xs.map { Int($0) })))
        case H5T_ENUM:
            guard isBoolean(type) else {
                throw FormatError("'\(path)' holds an enumeration other than h5py's booleans, which ce does not read")
            }
            let memory = booleanType()
            defer { _ = H5Tclose(memory) }
            var xs = [Int8](repeating: 0, count: count)
            guard xs.withUnsafeMutableBytes({ read(memory, $0.baseAddress ?? scratch) }) >= 0 else { throw fail() }
            return .numbers(try NpyArray(shape: shape, elements: .bool(xs.map { $0 != 0 })))
        case H5T_STRING:
            guard rank <= 1 else { throw FormatError("'\(path)' is a \(rank)-dimensional array of strings; ce reads lists of strings") }
            let strings = try readStrings(type: type, space: space, count: count, read: read, fail: fail)
            return rank == 0 ? .text(strings.first ?? "") : .texts(strings)
        default:
            throw FormatError("'\(path)' holds \(typeClassName(H5Tget_class(type))), which ce does not read; "
                + "it reads numbers, booleans and strings")
        }
    }

    func readStrings(type: hid_t, space: hid_t, count: Int, read: (hid_t, UnsafeMutableRawPointer) -> herr_t,
                                    fail: () -> FormatError) throws -> [String] {
        if H5Tis_variable_str(type) > 0 {
            let memory = H5Tcopy(cString)
            defer { _ = H5Tclose(memory) }
            _ = H5Tset_size(memory, Int(bitPattern: UInt(bitPattern: -1)))
            _ = H5Tset_cset(memory, H5Tget_cset(type))
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            let status = pointers.withUnsafeMutableBytes { read(memory, $0.baseAddress ?? scratch) }
            guard status >= 0 else { throw fail() }
            let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
            pointers.withUnsafeMutableBytes { buffer in
                if let base = buffer.baseAddress { reclaim(memory, space, base) }
            }
            return strings
        }
        let width = H5Tget_size(type)
        let memory = H5Tcopy(type)
        defer { _ = H5Tclose(memory) }
        var bytes = [UInt8](repeating: 0, count: max(1, count * width))
        guard bytes.withUnsafeMutableBytes({ read(memory, $0.baseAddress ?? scratch) }) >= 0 else { throw fail() }
        let padding = H5Tget_strpad(type)
        return (0..<count).map { i in
            var field = bytes[(i * width)..<((i + 1) * width)]
            if let end = field.firstIndex(of: 0) { field = field[..<end] }
            if padding == H5T_STR_SPACEPAD { while field.last == 32 { field = field.dropLast() } }
            return String(decoding: field, as: UTF8.self)
        }
    }

    /// Whether an enum type is h5py's boolean: two members, FALSE = 0 and TRUE = 1.
    func isBoolean(_ type: hid_t) -> Bool {
        guard H5Tget_nmembers(type) == 2 else { return false }
        for (i, expected) in ["FALSE", "TRUE"].enumerated() {
            guard let name = H5Tget_member_name(type, UInt32(i)) else { return false }
            defer { _ = H5free_memory(name) }
            guard String(cString: name) == expected else { return false }
        }
        return true
    }

    func typeClassName(_ typeClass: H5T_class_t) -> String {
        switch typeClass {
        case H5T_COMPOUND: return "compound records"
        case H5T_ARRAY: return "fixed-size arrays per element"
        case H5T_VLEN: return "variable-length sequences"
        case H5T_REFERENCE: return "object references"
        case H5T_OPAQUE: return "opaque bytes"
        case H5T_BITFIELD: return "bit fields"
        case H5T_TIME: return "times"
        default: return "an unknown type"
        }
    }
}
