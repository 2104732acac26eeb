// A cluster expansion in smol's and icet's conventions, as JSON that
// scripts/ce_exchange.py turns into their ClusterExpansion objects: the
// structure and cutoffs they build their own cluster space from, and every
// orbit (all its clusters, fractional) with its coefficient converted.
//
// The conversion. ce's coefficient c_f multiplies m_f Φ_f (multiplicity=true)
// or Φ_f (false); smol's and icet's multiply the plain correlation Φ_f, so
// theirs is c_f m_f (or c_f). A binary site's one basis function is ∓1 for its
// first and second species: where the peer orders a site's two species the
// other way round from ce (icet: by atomic number; smol: pymatgen's species
// order, vacancy last), the function changes sign, so a coefficient takes the
// product of the signs of its cluster's sites: every odd-order cluster on one
// reversed sublattice changes sign. The order of orbits is the peer's sort
// order (smol: size, diameter, decreasing multiplicity; icet: order, radius);
// orbits the sort leaves tied are matched by their clusters when loaded.
import Lattice

/// The smol and icet forms of a model.
///
///     let doc = try PeerModels.smol(model)     // json.load → scripts/ce_exchange.py smol_expansion
public enum PeerModels {
    /// The peers a model can be exported to.
    public enum Peer: String, CaseIterable, Sendable {
        case smol, icet
    }

    /// The document for smol: the prim as a pymatgen Structure dict, cutoffs, basis, the orbits in
    /// smol's order with their coefficients, and the Ewald coefficient (smol's EwaldTerm) when present.
    public static func smol(_ model: ClusterExpansion) throws -> JSONValue {
        try checkBinarySinusoid(model, peer: .smol)
        let lattice = model.lattice
        let signs = lattice.sites.map { site -> Double in
            site.space.count == 2 && smolOrder(site.space.species[1], site.space.species[0]) ? -1 : 1
        }
        let orbits = sortedOrbits(model, signs: signs) { a, b in
            if a.order != b.order { return a.order < b.order }
            let da = (a.diameter * 1e6).rounded(), db = (b.diameter * 1e6).rounded()
            if da != db { return da < db }
            return a.multiplicity > b.multiplicity
        }
        var doc = header(model, peer: .smol)
        doc["prim"] = pymatgenStructure(lattice)
        doc["basis"] = .string("sinusoid")
        doc["cutoffs"] = .object(JSONObject(cutoffs(model).map { (String($0.order), .double($0.cutoff)) }))
        doc["empty"] = .double(model.correlationCoefficients[0])
        doc["orbits"] = .array(orbits.map(\.json))
        // The coefficient multiplies an Ewald energy in ce's e²/4πε0; the loader rescales it to pymatgen's.
        doc["ewald"] = model.ewald.map {
            .object(JSONObject([("coefficient", .double($0.coefficient)), ("coulomb_constant", .double(EwaldSummation.coulombConstant))]))
        } ?? .null
        doc["coefficients"] = .array([.double(model.correlationCoefficients[0])] + orbits.map { .double($0.coefficient) }
                                     + (model.ewald.map { [JSONValue.double($0.coefficient)] } ?? []))
        return .object(doc)
    }

    /// The document for icet: the primitive structure (cell, Cartesian positions, one element per
    /// site) with each site's chemical symbols, icet's cutoffs list (pairs first), and the orbits in
    /// icet's order with their parameters. icet has no Ewald term and takes elements, not charged species.
    public static func icet(_ model: ClusterExpansion) throws -> JSONValue {
        try checkBinarySinusoid(model, peer: .icet)
        if let ewald = model.ewald {
            throw FormatError("icet has no Ewald term, and this model has one (coefficient \(ewald.coefficient)); export it to smol, or fit without ewald=true")
        }
        let lattice = model.lattice
        var symbols: [[String]] = []
        for (k, site) in lattice.sites.enumerated() {
            let elements = site.space.species.map { $0.isVacancy ? "X" : $0.element }
            guard Set(elements).count == elements.count else {
                throw FormatError("icet names species by element, and site \(k) holds \(site.space) (one element twice); export it to smol instead")
            }
            guard elements.allSatisfy({ atomicNumber($0) != nil }) else {
                throw FormatError("icet needs element symbols, and site \(k) holds \(site.space)")
            }
            symbols.append(elements)
        }
        let signs = symbols.map { s -> Double in s.count == 2 && (atomicNumber(s[1]) ?? 0) < (atomicNumber(s[0]) ?? 0) ? -1 : 1 }
        let orbits = sortedOrbits(model, signs: signs) { a, b in
            if a.order != b.order { return a.order < b.order }
            return (a.radius * 1e6).rounded() < (b.radius * 1e6).rounded()
        }
        var doc = header(model, peer: .icet)
        doc["structure"] = .object(JSONObject([
            ("cell", .array((0..<3).map { vector(lattice.vectors.row($0)) })),
            ("positions", .array(lattice.sites.indices.map { vector(lattice.cartesian(site: $0, cell: SIMD3(0, 0, 0))) })),
            ("symbols", .array(symbols.map { .string($0[0] == "X" && $0.count > 1 ? $0[1] : $0[0]) })),
        ]))
        doc["chemical_symbols"] = .array(symbols.map { .array($0.map { .string($0) }) })
        let byOrder = cutoffs(model)
        let largest = byOrder.map(\.order).max() ?? 1
        doc["cutoffs"] = .array((2...max(2, largest)).map { k in .double(byOrder.first { $0.order == k }?.cutoff ?? 0) })
        doc["empty"] = .double(model.correlationCoefficients[0])
        doc["orbits"] = .array(orbits.map(\.json))
        doc["parameters"] = .array([.double(model.correlationCoefficients[0])] + orbits.map { .double($0.coefficient) })
        return .object(doc)
    }

    /// One orbit as the peer sees it: geometry, every cluster (fractional), and its coefficient.
    struct PeerOrbit {
        let order: Int
        let diameter: Double
        let radius: Double
        let multiplicity: Int
        let coefficient: Double
        let json: JSONValue
    }

    private static func sortedOrbits(_ model: ClusterExpansion, signs: [Double], by less: (PeerOrbit, PeerOrbit) -> Bool) -> [PeerOrbit] {
        let lattice = model.lattice
        let c = model.correlationCoefficients
        let starts = model.space.functionStarts
        let orbits = model.space.orbits.enumerated().map { k, orbit -> PeerOrbit in
            let sign = orbit.representative.reduce(1.0) { $0 * signs[$1.site] }
            let coefficient = sign * c[starts[k]]
            let clusters = orbit.images.map { image in JSONValue.array(image.map { vector(lattice.fractional($0)) }) }
            return PeerOrbit(order: orbit.order, diameter: orbit.diameter, radius: orbit.radius, multiplicity: orbit.multiplicity,
                             coefficient: coefficient, json: .object(JSONObject([
                                 ("size", .int(orbit.order)), ("diameter", .double(orbit.diameter)), ("radius", .double(orbit.radius)),
                                 ("multiplicity", .int(orbit.multiplicity)),
                                 ("species", .array(orbit.representative.map { p in
                                     .array(lattice.sites[p.site].space.species.map { .string($0.description) }) })),
                                 ("clusters", .array(clusters)), ("coefficient", .double(coefficient)),
                             ])))
        }
        // A stable sort: ties keep ce's order.
        return orbits.enumerated().sorted { x, y in
            less(x.element, y.element) || (!less(y.element, x.element) && x.offset < y.offset)
        }.map(\.element)
    }

    private static func checkBinarySinusoid(_ model: ClusterExpansion, peer: Peer) throws {
        guard model.basis == .sinusoid else {
            throw FormatError("\(peer.rawValue) export takes the sinusoid basis, and this model uses \(model.basis.rawValue)")
        }
        let lattice = model.lattice
        for k in lattice.activeSites where lattice.sites[k].space.count != 2 {
            throw FormatError("\(peer.rawValue) export takes binary sites (two species each), and site \(k) holds \(lattice.sites[k].space); export to ATAT instead")
        }
    }

    private static func header(_ model: ClusterExpansion, peer: Peer) -> JSONObject {
        JSONObject([
            ("format", .string("ce-\(peer.rawValue)-expansion")), ("version", .int(1)),
            ("energy", .object(JSONObject([("unit", .string(model.energyUnit)), ("per", .string(ClusterExpansion.normalisation))]))),
            ("load", .string("scripts/ce_exchange.py: \(peer.rawValue)_expansion(path)")),
        ])
    }

    /// The cutoffs the peer builds its orbits from: the model's, else each order's largest diameter (plus 1e-6 Å).
    private static func cutoffs(_ model: ClusterExpansion) -> [(order: Int, cutoff: Double)] {
        var byOrder: [Int: Double] = [:]
        for c in model.space.cutoffs { byOrder[c.order] = c.cutoff }
        for orbit in model.space.orbits where orbit.order >= 2 {
            byOrder[orbit.order] = max(byOrder[orbit.order] ?? 0, orbit.diameter + 1e-6)
        }
        return byOrder.sorted { $0.key < $1.key }.map { (order: $0.key, cutoff: $0.value) }
    }

    /// The disordered prim as pymatgen's Structure.as_dict() writes it: equal occupancies, a vacancy
    /// as the occupancy missing from 1.
    static func pymatgenStructure(_ lattice: CrystalLattice) -> JSONValue {
        let sites = lattice.sites.map { site -> JSONValue in
            let share = 1.0 / Double(site.space.count)
            let species = site.space.species.filter { !$0.isVacancy }.map { s -> JSONValue in
                var d = JSONObject([("element", .string(s.element))])
                if s.hasCharge { d["oxidation_state"] = .double(s.charge) }
                d["occu"] = .double(share)
                return .object(d)
            }
            let name = site.space.species.filter { !$0.isVacancy }.map { $0.description }.joined(separator: ",")
            return .object(JSONObject([("species", .array(species)), ("abc", vector(site.position)), ("properties", .object(JSONObject())),
                                       ("label", .string(name))]))
        }
        return .object(JSONObject([
            ("@module", .string("pymatgen.core.structure")), ("@class", .string("Structure")), ("charge", .int(0)),
            ("lattice", .object(JSONObject([("matrix", .array((0..<3).map { vector(lattice.vectors.row($0)) })),
                                            ("pbc", .array([.bool(true), .bool(true), .bool(true)]))]))),
            ("properties", .object(JSONObject())), ("sites", .array(sites)),
        ]))
    }

    private static func vector(_ v: Vector3) -> JSONValue { .array([.double(v.x), .double(v.y), .double(v.z)]) }

    /// pymatgen's order of two species on a site (smol's σ order), vacancy last.
    static func smolOrder(_ a: Species, _ b: Species) -> Bool { Species.pymatgenOrder(a, b) }

    /// The atomic number of an element symbol ("X", a vacancy, is 0).
    static func atomicNumber(_ symbol: String) -> Int? { chemicalSymbols.firstIndex(of: symbol) }
}
