// ce values to and from HDF5 files: a result's table becomes one dataset per
// column (with a "units" attribute where the column has a unit), its arrays
// more datasets, its facts attributes of the file; a map becomes one dataset
// per key (nested maps become groups). Reading gives back a map of the
// datasets, with every attribute under "attrs".
import Formats
import Language
import Numerics

extension HDF5Group {
    /// The file `save(value, "x.h5")` writes: an engine result's data table, or a map of arrays.
    ///
    ///     try HDF5Group(saving: .record([("E (eV)", .doubles([-1, -2]))]))   // dataset E, units "eV"
    init(saving value: Value) throws {
        switch value {
        case .object(let o):
            if let table = o.dataTable {
                self.init(attributes: [("ce_type", .text(o.typeName))] + (try table.attributes.compactMap(HDF5Group.attribute)),
                          members: try (table.columns + table.arrays).map(HDF5Group.dataset))
                return
            }
            guard let exported = o.exportValue() else { throw RuntimeError("a \(o.typeName) cannot be saved") }
            try self.init(saving: exported)
            attributes.insert(("ce_type", .text(o.typeName)), at: 0)
        case .map(let m):
            self.init(members: try m.pairs.map { key, v in
                if case .map = v { return (key.value.description, .group(try HDF5Group(saving: v))) }
                return try HDF5Group.dataset(DataTable.column(header: key.value.description, v))
            })
        default:
            throw RuntimeError(".h5 holds named datasets: give a map such as {\"E (eV)\": E} or a result, got \(withArticle(value.typeName))")
        }
    }

    /// A named dataset for a column, with its unit as the attribute "units".
    private static func dataset(_ column: DataTable.Column) throws -> (name: String, member: Member) {
        let data = try DataFile.naming(column.name, "save dataset") { try HDF5Group.data(column.values) }
        return (column.name, .dataset(data, attributes: column.unit.map { [("units", HDF5Data.text($0))] } ?? []))
    }

    /// An attribute for a fact about the result; nil values are left out.
    private static func attribute(_ fact: (String, Value)) throws -> (name: String, value: HDF5Data)? {
        if case .null = fact.1 { return nil }
        return (fact.0, try DataFile.naming(fact.0, "save attribute") { try HDF5Group.data(fact.1) })
    }

    /// The HDF5 form of a value: a string, a list of strings, or numbers and booleans of any shape.
    /// A list of numbers with nil entries (a column without a value in some rows) is stored as floats with nan there.
    private static func data(_ value: Value) throws -> HDF5Data {
        switch value {
        case .string(let s): return .text(s)
        case .list(let l) where !l.items.isEmpty && l.items.allSatisfy({ if case .string = $0 { return true } else { return false } }):
            return .texts(l.items.map(\.description))
        case .list(let l) where l.items.contains(where: \.isNull):
            let filled = l.items.map { item -> Value in
                switch item {
                case .null: return .double(.nan)
                case .int(let i): return .double(Double(i))
                default: return item
                }
            }
            return .numbers(try NpyArray(value: .list(ListValue(filled))))
        default:
            return .numbers(try NpyArray(value: value))
        }
    }

    /// The file as ce values: a map of its datasets (groups as maps), with the attributes under
    /// "attrs": the group's own, and a map for each dataset that has any.
    func value() throws -> Value {
        var fields: [(String, Value)] = []
        var attrs: [(String, Value)] = try attributes.map { ($0.name, try HDF5Group.value(of: $0.value)) }
        for (name, member) in members {
            switch member {
            case .group(let g): fields.append((name, try g.value()))
            case .dataset(let data, let attributes):
                fields.append((name, try HDF5Group.value(of: data)))
                if !attributes.isEmpty {
                    attrs.append((name, .record(try attributes.map { ($0.name, try HDF5Group.value(of: $0.value)) })))
                }
            }
        }
        if !attrs.isEmpty { fields.append(("attrs", .record(attrs))) }
        return .record(fields)
    }

    private static func value(of data: HDF5Data) throws -> Value {
        switch data {
        case .numbers(let array): return try DataFileBuiltins.values(of: array)
        case .text(let s): return .string(s)
        case .texts(let strings): return .strings(strings)
        }
    }
}
