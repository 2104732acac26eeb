// HDF5 (libhdf5-dev, serial build): the C API's types and constants. ce loads
// the library with dlopen on first use (Formats/HDF5/HDF5Library.swift), so
// nothing here may call into it: the headers' macros that do (native types,
// property-list classes, H5F_ACC_*) are read from the library's globals there.
#include <hdf5/serial/hdf5.h>

/// The soname's number of the libhdf5_serial these headers belong to (Debian 12: 103).
#define CE_H5_SONAME_VERSION 103

/// The object-info call these headers map H5O_info_t to.
static inline const char *ce_h5_object_info_symbol(void) {
#if H5_VERSION_GE(1, 12, 0)
    return "H5Oget_info3";
#else
    return "H5Oget_info2";
#endif
}

/// The call that frees variable-length strings read into memory.
static inline const char *ce_h5_reclaim_symbol(void) {
#if H5_VERSION_GE(1, 12, 0)
    return "H5Treclaim";
#else
    return "H5Dvlen_reclaim";
#endif
}

static inline hid_t ce_h5_default(void) { return H5P_DEFAULT; }
static inline hid_t ce_h5_all(void) { return H5S_ALL; }
static inline unsigned ce_h5_creation_order(void) { return H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED; }
