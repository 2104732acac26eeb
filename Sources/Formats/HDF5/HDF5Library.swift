// libhdf5 (serial), loaded with dlopen the first time a command reads or
// writes an HDF5 file: linked, it and what it pulls in (libcurl, gnutls, ldap,
// krb5...) cost every start of ce. CHDF5 still gives the types and constants.
import CHDF5
import Numerics

/// The entry points of libhdf5 that HDF5File calls, resolved once.
///
///     let h5 = try HDF5Library.shared()
///     let file = h5.H5Fopen(path, h5.readOnly, H5P_DEFAULT)
struct HDF5Library: @unchecked Sendable {
    typealias Close = @convention(c) (hid_t) -> herr_t
    typealias Make = @convention(c) (hid_t) -> hid_t
    typealias SetOrder = @convention(c) (hid_t, UInt32) -> herr_t
    typealias CreateFile = @convention(c) (UnsafePointer<CChar>?, UInt32, hid_t, hid_t) -> hid_t
    typealias OpenFile = @convention(c) (UnsafePointer<CChar>?, UInt32, hid_t) -> hid_t
    typealias Flush = @convention(c) (hid_t, H5F_scope_t) -> herr_t
    typealias IsHDF5 = @convention(c) (UnsafePointer<CChar>?) -> htri_t
    typealias CreateGroup = @convention(c) (hid_t, UnsafePointer<CChar>?, hid_t, hid_t, hid_t) -> hid_t
    typealias CreateDataset = @convention(c) (hid_t, UnsafePointer<CChar>?, hid_t, hid_t, hid_t, hid_t, hid_t) -> hid_t
    typealias WriteDataset = @convention(c) (hid_t, hid_t, hid_t, hid_t, hid_t, UnsafeRawPointer?) -> herr_t
    typealias ReadDataset = @convention(c) (hid_t, hid_t, hid_t, hid_t, hid_t, UnsafeMutableRawPointer?) -> herr_t
    typealias CreateAttribute = @convention(c) (hid_t, UnsafePointer<CChar>?, hid_t, hid_t, hid_t, hid_t) -> hid_t
    typealias WriteAttribute = @convention(c) (hid_t, hid_t, UnsafeRawPointer?) -> herr_t
    typealias ReadAttribute = @convention(c) (hid_t, hid_t, UnsafeMutableRawPointer?) -> herr_t
    typealias CreateSpace = @convention(c) (H5S_class_t) -> hid_t
    typealias CreateSimpleSpace = @convention(c) (Int32, UnsafePointer<hsize_t>?, UnsafePointer<hsize_t>?) -> hid_t
    typealias EnumInsert = @convention(c) (hid_t, UnsafePointer<CChar>?, UnsafeRawPointer?) -> herr_t
    typealias SetSize = @convention(c) (hid_t, Int) -> herr_t
    typealias SetCharacterSet = @convention(c) (hid_t, H5T_cset_t) -> herr_t
    typealias GroupInfo = @convention(c) (hid_t, UnsafeMutablePointer<H5G_info_t>?) -> herr_t
    typealias LinkName = @convention(c) (hid_t, UnsafePointer<CChar>?, H5_index_t, H5_iter_order_t, hsize_t,
                                         UnsafeMutablePointer<CChar>?, Int, hid_t) -> Int
    typealias OpenObject = @convention(c) (hid_t, UnsafePointer<CChar>?, hid_t) -> hid_t
    typealias IdentifierType = @convention(c) (hid_t) -> H5I_type_t
    typealias OpenAttribute = @convention(c) (hid_t, UnsafePointer<CChar>?, H5_index_t, H5_iter_order_t, hsize_t, hid_t, hid_t) -> hid_t
    typealias AttributeName = @convention(c) (hid_t, Int, UnsafeMutablePointer<CChar>?) -> Int
    typealias Count = @convention(c) (hid_t) -> Int32
    typealias Dimensions = @convention(c) (hid_t, UnsafeMutablePointer<hsize_t>?, UnsafeMutablePointer<hsize_t>?) -> Int32
    typealias SpaceClass = @convention(c) (hid_t) -> H5S_class_t
    typealias Size = @convention(c) (hid_t) -> Int
    typealias TypeClass = @convention(c) (hid_t) -> H5T_class_t
    typealias Sign = @convention(c) (hid_t) -> H5T_sign_t
    typealias Test = @convention(c) (hid_t) -> htri_t
    typealias CharacterSet = @convention(c) (hid_t) -> H5T_cset_t
    typealias Padding = @convention(c) (hid_t) -> H5T_str_t
    typealias MemberName = @convention(c) (hid_t, UInt32) -> UnsafeMutablePointer<CChar>?
    typealias Free = @convention(c) (UnsafeMutableRawPointer?) -> herr_t
    typealias SetAutoReport = @convention(c) (hid_t, H5E_auto2_t?, UnsafeMutableRawPointer?) -> herr_t
    typealias ObjectInfo = @convention(c) (hid_t, UnsafeMutablePointer<H5O_info_t>?, UInt32) -> herr_t
    typealias Reclaim = @convention(c) (hid_t, hid_t, hid_t, UnsafeMutableRawPointer?) -> herr_t
    typealias Open = @convention(c) () -> herr_t
    typealias Version = @convention(c) (UnsafeMutablePointer<UInt32>?, UnsafeMutablePointer<UInt32>?, UnsafeMutablePointer<UInt32>?) -> herr_t

    let H5Pcreate: Make, H5Pclose: Close, H5Pset_link_creation_order: SetOrder, H5Pset_attr_creation_order: SetOrder
    let H5Fcreate: CreateFile, H5Fopen: OpenFile, H5Fclose: Close, H5Fflush: Flush, H5Fis_hdf5: IsHDF5
    let H5Gcreate2: CreateGroup, H5Gclose: Close, H5Gget_info: GroupInfo
    let H5Dcreate2: CreateDataset, H5Dclose: Close, H5Dwrite: WriteDataset, H5Dread: ReadDataset
    let H5Dget_type: Make, H5Dget_space: Make
    let H5Acreate2: CreateAttribute, H5Aclose: Close, H5Awrite: WriteAttribute, H5Aread: ReadAttribute
    let H5Aopen_by_idx: OpenAttribute, H5Aget_name: AttributeName, H5Aget_type: Make, H5Aget_space: Make
    let H5Screate: CreateSpace, H5Screate_simple: CreateSimpleSpace, H5Sclose: Close
    let H5Sget_simple_extent_ndims: Count, H5Sget_simple_extent_dims: Dimensions, H5Sget_simple_extent_type: SpaceClass
    let H5Tclose: Close, H5Tenum_create: Make, H5Tenum_insert: EnumInsert, H5Tcopy: Make
    let H5Tset_size: SetSize, H5Tset_cset: SetCharacterSet, H5Tget_size: Size, H5Tget_class: TypeClass
    let H5Tget_sign: Sign, H5Tis_variable_str: Test, H5Tget_cset: CharacterSet, H5Tget_strpad: Padding
    let H5Tget_nmembers: Count, H5Tget_member_name: MemberName
    let H5Lget_name_by_idx: LinkName, H5Oopen: OpenObject, H5Oclose: Close, H5Iget_type: IdentifierType
    let H5free_memory: Free
    private let setAutoReport: SetAutoReport, objectInfo: ObjectInfo, reclaimStrings: Reclaim

    /// The library's predefined types and property-list classes (its headers' macros read these globals).
    let nativeDouble: hid_t, nativeInt64: hid_t, nativeUInt64: hid_t, nativeInt8: hid_t
    let int64LittleEndian: hid_t, doubleLittleEndian: hid_t, cString: hid_t
    let fileCreateProperties: hid_t, groupCreateProperties: hid_t, datasetCreateProperties: hid_t
    /// H5F_ACC_TRUNC and H5F_ACC_RDONLY (macros that also call the library).
    let truncate: UInt32 = 0x0002, readOnly: UInt32 = 0x0000

    private static let loaded = Result { try HDF5Library() }

    /// The library, loaded on the first call; throws (every time) when it cannot be loaded.
    static func shared() throws -> HDF5Library {
        do { return try loaded.get() } catch { throw FormatError("\(error)") }
    }

    private init() throws {
        let library = try SharedLibrary.open(["libhdf5_serial.so.\(CE_H5_SONAME_VERSION)", "libhdf5_serial.so"],
                                             package: "libhdf5-dev", purpose: "reading and writing HDF5 files")
        func f<T>(_ name: String, _ type: T.Type = T.self) throws -> T { try library.function(name, as: type) }
        let open: Open = try f("H5open"), version: Version = try f("H5get_libversion")
        // Types and layouts come from the headers ce was built with: refuse another major.minor.
        var major: UInt32 = 0, minor: UInt32 = 0, release: UInt32 = 0
        guard version(&major, &minor, &release) >= 0, major == UInt32(H5_VERS_MAJOR), minor == UInt32(H5_VERS_MINOR) else {
            throw SharedLibrary.LoadError(description: "\(library.name) is HDF5 \(major).\(minor).\(release), but ce was built with "
                + "HDF5 \(H5_VERS_MAJOR).\(H5_VERS_MINOR): rebuild ce against the installed libhdf5-dev")
        }
        guard open() >= 0 else { throw SharedLibrary.LoadError(description: "\(library.name): H5open failed") }
        func global(_ name: String) throws -> hid_t { try library.address(name).load(as: hid_t.self) }
        H5Pcreate = try f("H5Pcreate"); H5Pclose = try f("H5Pclose")
        H5Pset_link_creation_order = try f("H5Pset_link_creation_order"); H5Pset_attr_creation_order = try f("H5Pset_attr_creation_order")
        H5Fcreate = try f("H5Fcreate"); H5Fopen = try f("H5Fopen"); H5Fclose = try f("H5Fclose")
        H5Fflush = try f("H5Fflush"); H5Fis_hdf5 = try f("H5Fis_hdf5")
        H5Gcreate2 = try f("H5Gcreate2"); H5Gclose = try f("H5Gclose"); H5Gget_info = try f("H5Gget_info")
        H5Dcreate2 = try f("H5Dcreate2"); H5Dclose = try f("H5Dclose"); H5Dwrite = try f("H5Dwrite"); H5Dread = try f("H5Dread")
        H5Dget_type = try f("H5Dget_type"); H5Dget_space = try f("H5Dget_space")
        H5Acreate2 = try f("H5Acreate2"); H5Aclose = try f("H5Aclose"); H5Awrite = try f("H5Awrite"); H5Aread = try f("H5Aread")
        H5Aopen_by_idx = try f("H5Aopen_by_idx"); H5Aget_name = try f("H5Aget_name")
        H5Aget_type = try f("H5Aget_type"); H5Aget_space = try f("H5Aget_space")
        H5Screate = try f("H5Screate"); H5Screate_simple = try f("H5Screate_simple"); H5Sclose = try f("H5Sclose")
        H5Sget_simple_extent_ndims = try f("H5Sget_simple_extent_ndims"); H5Sget_simple_extent_dims = try f("H5Sget_simple_extent_dims")
        H5Sget_simple_extent_type = try f("H5Sget_simple_extent_type")
        H5Tclose = try f("H5Tclose"); H5Tenum_create = try f("H5Tenum_create"); H5Tenum_insert = try f("H5Tenum_insert")
        H5Tcopy = try f("H5Tcopy"); H5Tset_size = try f("H5Tset_size"); H5Tset_cset = try f("H5Tset_cset")
        H5Tget_size = try f("H5Tget_size"); H5Tget_class = try f("H5Tget_class"); H5Tget_sign = try f("H5Tget_sign")
        H5Tis_variable_str = try f("H5Tis_variable_str"); H5Tget_cset = try f("H5Tget_cset"); H5Tget_strpad = try f("H5Tget_strpad")
        H5Tget_nmembers = try f("H5Tget_nmembers"); H5Tget_member_name = try f("H5Tget_member_name")
        H5Lget_name_by_idx = try f("H5Lget_name_by_idx"); H5Oopen = try f("H5Oopen"); H5Oclose = try f("H5Oclose")
        H5Iget_type = try f("H5Iget_type"); H5free_memory = try f("H5free_memory")
        setAutoReport = try f("H5Eset_auto2")
        objectInfo = try f(String(cString: ce_h5_object_info_symbol()))
        reclaimStrings = try f(String(cString: ce_h5_reclaim_symbol()))
        nativeDouble = try global("H5T_NATIVE_DOUBLE_g"); nativeInt64 = try global("H5T_NATIVE_INT64_g")
        nativeUInt64 = try global("H5T_NATIVE_UINT64_g"); nativeInt8 = try global("H5T_NATIVE_INT8_g")
        int64LittleEndian = try global("H5T_STD_I64LE_g"); doubleLittleEndian = try global("H5T_IEEE_F64LE_g")
        cString = try global("H5T_C_S1_g")
        fileCreateProperties = try global("H5P_CLS_FILE_CREATE_ID_g")
        groupCreateProperties = try global("H5P_CLS_GROUP_CREATE_ID_g")
        datasetCreateProperties = try global("H5P_CLS_DATASET_CREATE_ID_g")
    }

    /// Stops the library printing its error stack on stderr; ce reports errors itself.
    func silence() { _ = setAutoReport(hid_t(H5E_DEFAULT), nil, nil) }

    /// The number of attributes of an object, or -1.
    func attributeCount(_ object: hid_t) -> Int {
        var info = H5O_info_t()
        guard objectInfo(object, &info, UInt32(H5O_INFO_NUM_ATTRS)) >= 0 else { return -1 }
        return Int(info.num_attrs)
    }

    /// Frees the strings the library allocated when reading variable-length strings.
    func reclaim(_ type: hid_t, _ space: hid_t, _ buffer: UnsafeMutableRawPointer) {
        _ = reclaimStrings(type, space, ce_h5_default(), buffer)
    }
}
