// Space-group operations by symbol or number from spglib's database (for
// crystallographic files that name their space group without listing its
// operations), and the expansion of an asymmetric unit to the full cell.
import CSpglib
import Foundation

/// Looks space groups up in spglib's database of the 530 Hall settings.
///
///     let ops = SymmetryDatabase.operations(hallNumber: SymmetryDatabase.hallNumber(hermannMauguin: "F m -3 m")!)
///     ops.count   // 192
public enum SymmetryDatabase {
    /// The operations of a Hall setting (1...530), fractional coordinates of its conventional cell.
    public static func operations(hallNumber hall: Int) -> [SymmetryOperation] {
        guard (1...530).contains(hall) else { return [] }
        var rotations = [Int32](repeating: 0, count: 192 * 9), translations = [Double](repeating: 0, count: 192 * 3)
        let n = rotations.withUnsafeMutableBufferPointer { r in
            translations.withUnsafeMutableBufferPointer { t in
                r.baseAddress!.withMemoryRebound(to: ((Int32, Int32, Int32), (Int32, Int32, Int32), (Int32, Int32, Int32)).self, capacity: 192) { rr in
                    t.baseAddress!.withMemoryRebound(to: (Double, Double, Double).self, capacity: 192) { tt in
                        Int(spg_get_symmetry_from_database(rr, tt, Int32(hall)))
                    }
                }
            }
        }
        return (0..<max(0, min(n, 192))).map { k in
            SymmetryOperation(rotation: (0..<9).map { Int(rotations[9 * k + $0]) },
                              translation: Vector3(translations[3 * k], translations[3 * k + 1], translations[3 * k + 2]))
        }
    }

    /// The Hall number of a Hermann-Mauguin symbol ("F m -3 m", "Fd-3m:2", "P 63/m m c"), the default setting
    /// unless a ":choice" is given; nil when spglib knows no such symbol.
    public static func hallNumber(hermannMauguin symbol: String) -> Int? {
        let parts = symbol.split(separator: ":")
        guard let first = parts.first else { return nil }
        let wanted = normalised(String(first))
        let choice = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces).uppercased() : nil
        return (1...530).first { h in
            let t = spg_get_spacegroup_type(Int32(h))
            let names = [cString(t.international_short), cString(t.international_full), cString(t.international)].map(normalised)
            return names.contains(wanted) && (choice == nil || cString(t.choice).uppercased() == choice)
        }
    }

    /// The Hall number of a Hall symbol ("-F 4 2 3").
    public static func hallNumber(hall symbol: String) -> Int? {
        let wanted = normalised(symbol)
        return (1...530).first { normalised(cString(spg_get_spacegroup_type(Int32($0)).hall_symbol)) == wanted }
    }

    /// The Hall number of the default setting of space group `number` (1...230).
    public static func hallNumber(number: Int) -> Int? {
        guard (1...230).contains(number) else { return nil }
        return (1...530).first { spg_get_spacegroup_type(Int32($0)).number == number }
    }

    /// The full cell from an asymmetric unit: every site's images under the operations, wrapped into [0, 1),
    /// merged when within `tolerance` (fractional, per axis); species at one position are gathered.
    public static func expand(_ sites: [(position: Vector3, species: Species, occupancy: Double)], by operations: [SymmetryOperation],
                              tolerance: Double = 1e-4) -> [(position: Vector3, species: [(species: Species, occupancy: Double)])] {
        var out: [(position: Vector3, species: [(species: Species, occupancy: Double)])] = []
        for site in sites {
            for op in operations {
                var q = op.apply(site.position)
                q -= q.rounded(.down)
                for a in 0..<3 where q[a] > 1 - 1e-8 { q[a] = 0 }
                if let k = out.firstIndex(where: { s in
                    var d = s.position - q
                    d -= d.rounded(.toNearestOrAwayFromZero)
                    return abs(d.x) < tolerance && abs(d.y) < tolerance && abs(d.z) < tolerance
                }) {
                    if !out[k].species.contains(where: { $0.species == site.species }) { out[k].species.append((site.species, site.occupancy)) }
                } else {
                    out.append((q, [(site.species, site.occupancy)]))
                }
            }
        }
        return out
    }

    private static func normalised(_ s: String) -> String {
        s.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "_", with: "").lowercased()
    }

    private static func cString<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
