// The contents of an HDF5 file as ce writes and reads them: groups holding
// named datasets (numeric arrays, booleans, strings) and attributes, in the
// order they were created, as h5py shows them.

/// The value of a dataset or an attribute.
///
///     HDF5Data.numbers(try NpyArray(doubles: [1, 2]))   // f["x"][:] is array([1., 2.])
///     HDF5Data.text("eV/prim")                            // f["x"].attrs["units"] is 'eV/prim'
public enum HDF5Data: Equatable, Sendable {
    /// Numbers or booleans of any shape (shape [] is a scalar): float64, int64 or bool, as h5py stores them.
    case numbers(NpyArray)
    /// One string (UTF-8, variable length).
    case text(String)
    /// A list of strings.
    case texts([String])
}

/// A group of an HDF5 file (the file itself is the root group).
///
///     var root = HDF5Group()
///     root.attributes.append(("ce_type", .text("run")))
///     root.members.append(("energy", .dataset(.numbers(energies), attributes: [("units", .text("eV"))])))
public struct HDF5Group: Sendable {
    /// A named member: a dataset with its attributes, or a group.
    public indirect enum Member: Sendable {
        case dataset(HDF5Data, attributes: [(name: String, value: HDF5Data)])
        case group(HDF5Group)
    }

    public var attributes: [(name: String, value: HDF5Data)]
    public var members: [(name: String, member: Member)]

    public init(attributes: [(name: String, value: HDF5Data)] = [], members: [(name: String, member: Member)] = []) {
        self.attributes = attributes
        self.members = members
    }
}
