// What a result is as data: the rows and columns `save(x, "x.csv")` writes
// (headers carry units: "energy (eV/prim)"), the facts about the whole
// result that HDF5 keeps as attributes, and the arrays beside the table
// (a final configuration, a correlation matrix) that .h5 and .npz files hold.

/// A result's table, for CSV, HDF5 and .npz files.
///
///     DataTable(columns: [.init("T", unit: "K", .doubles([300, 600])), .init("E", unit: "eV/prim", .doubles([-1, -0.9]))],
///               attributes: [("seed", .int(1))])
///     // CSV header: T (K),E (eV/prim)
public struct DataTable {
    /// A named column (or array) with its unit.
    public struct Column {
        public var name: String
        /// The unit of every value ("eV/prim", "K", "Å"), or nil for counts, names and pure numbers.
        public var unit: String?
        /// The values: one per row for a column; any list (a matrix is a list of rows) for an array.
        public var values: Value

        public init(_ name: String, unit: String? = nil, _ values: Value) {
            self.name = name
            self.unit = unit
            self.values = values
        }

        /// The CSV header: the name, then the unit in parentheses.
        public var header: String { unit.map { "\(name) (\($0))" } ?? name }
    }

    /// The table's columns, all of one length.
    public var columns: [Column]
    /// Facts about the whole result (a method, a seed, a temperature, the species): HDF5 attributes of the file.
    public var attributes: [(String, Value)]
    /// Arrays of other shapes that belong to the result: HDF5 datasets and .npz members beside the columns.
    public var arrays: [Column]

    public init(columns: [Column], attributes: [(String, Value)] = [], arrays: [Column] = []) {
        self.columns = columns
        self.attributes = attributes
        self.arrays = arrays
    }

    /// The table of an object's list fields, each with its unit.
    ///
    ///     DataTable(fields: [("sizes", nil), ("test_rmse", "eV/prim")], of: curve)
    public init(fields: [(name: String, unit: String?)], of object: EngineObject, attributes: [(String, Value)] = [],
                arrays: [Column] = []) {
        self.init(columns: fields.map { Column($0.name, unit: $0.unit, object.field($0.name) ?? .null) },
                  attributes: attributes, arrays: arrays)
    }

    /// Columns from names with an optional trailing unit, as `TextTable` and CSV headers write them.
    ///
    ///     DataTable.Column(header: "mean (eV/prim)", .doubles([1]))   // name "mean", unit "eV/prim"
    public static func column(header: String, _ values: Value) -> Column {
        guard header.hasSuffix(")"), let open = header.range(of: " (", options: .backwards),
              open.lowerBound > header.startIndex else { return Column(header, values) }
        let unit = header[open.upperBound..<header.index(before: header.endIndex)]
        return Column(String(header[..<open.lowerBound]), unit: String(unit), values)
    }
}
