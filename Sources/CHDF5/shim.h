// HDF5 (libhdf5-dev, serial build): the C API, and functions for what the
// library spells as macros Swift cannot import (native types, property-list
// and file-access constants, the version-mapped object-info call).
#include <hdf5/serial/hdf5.h>

static inline hid_t ce_h5_default(void) { return H5P_DEFAULT; }
static inline unsigned ce_h5_truncate(void) { return H5F_ACC_TRUNC; }
static inline unsigned ce_h5_read_only(void) { return H5F_ACC_RDONLY; }
static inline hid_t ce_h5_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t ce_h5_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t ce_h5_uint64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t ce_h5_int8(void) { return H5T_NATIVE_INT8; }
static inline hid_t ce_h5_int64_le(void) { return H5T_STD_I64LE; }
static inline hid_t ce_h5_double_le(void) { return H5T_IEEE_F64LE; }
static inline hid_t ce_h5_c_string(void) { return H5T_C_S1; }
static inline hid_t ce_h5_file_create_properties(void) { return H5P_FILE_CREATE; }
static inline hid_t ce_h5_group_create_properties(void) { return H5P_GROUP_CREATE; }

/// Stops the library printing its error stack on stderr; ce reports errors itself.
static inline void ce_h5_silence(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

/// The number of attributes of an object, or -1.
static inline int ce_h5_attribute_count(hid_t object) {
    H5O_info_t info;
#if H5_VERSION_GE(1, 12, 0)
    if (H5Oget_info3(object, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
#else
    if (H5Oget_info2(object, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
#endif
    return (int)info.num_attrs;
}

/// Frees the strings the library allocated when reading variable-length strings.
static inline void ce_h5_reclaim(hid_t type, hid_t space, void *buffer) {
#if H5_VERSION_GE(1, 12, 0)
    H5Treclaim(type, space, H5P_DEFAULT, buffer);
#else
    H5Dvlen_reclaim(type, space, H5P_DEFAULT, buffer);
#endif
}

static inline hid_t ce_h5_all(void) { return H5S_ALL; }
static inline unsigned ce_h5_creation_order(void) { return H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED; }
static inline hid_t ce_h5_dataset_create_properties(void) { return H5P_DATASET_CREATE; }
