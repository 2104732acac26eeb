// The real datasets: lno (smol's 27 of 31 mapped, published OLS training RMSE
// with and without Ewald) and limn3of (stored indicator features).
import Testing
import Foundation
@testable import Lattice

@Test func lnoMapsAndReproducesSmolsTrainingErrors() throws {
    let prim = try SharedData.text("lno/prim.json")
    let xyz = try SharedData.text("lno/structures.extxyz")
    let lattice = try Files.lattice(json: prim)
    let frames = try Files.structures(.extendedXYZ, xyz)
    #expect(frames.count == 31)
    let mapper = StructureMapper(lattice: lattice)
    var mapped: [String: MappedStructure] = [:]
    var failures: [String] = []
    for f in frames {
        switch mapper.map(f) {
        case .success(let m): mapped[f.id] = m
        case .failure(let e): failures.append(e.message)
        }
    }
    print("lno mapped \(mapped.count) of \(frames.count)")
    for line in failures { print("  " + line) }
    let published = frames.filter { $0.value("in_published_smol_fit") == "T" }
    #expect(published.count == 27)
    let used = published.compactMap { mapped[$0.id] }
    #expect(used.count == 27)
    guard used.count == 27 else { return }
    let space = try ClusterSpace(lattice: lattice, cutoffs: [2: 5, 3: 4.1])
    #expect(space.functionCount == 11)
    for (ewald, want) in [(false, 11.03007690876058), (true, 7.366465328125201)] {
        let fm = try FeatureMatrix(configurations: used.map(\.configuration), totalEnergies: used.map(\.energy), space: space,
                                   basis: .sinusoid, ewald: ewald, multiplicity: false)
        let fit = try leastSquares(fm.values, rows: fm.rows, columns: fm.columns, fm.energies)
        print("lno OLS ewald=\(ewald): train RMSE \(fit.rmse * 1000) meV/prim")
        #expect(abs(fit.rmse * 1000 - want) < 1e-4)
    }
}

@Test func limn3ofIndicatorFeaturesMatchStoredMatrix() throws {
    // prim.json carries the oxidation states the Ewald column needs (lat.in has plain elements).
    let prim = try SharedData.text("limn3of/prim.json")
    let xyz = try SharedData.text("limn3of/ideal_structures.extxyz")
    let lattice = try Files.lattice(json: prim)
    #expect(lattice.sites[0].space.description == "[Li+, Mn3+]")
    let frames = try Files.structures(.extendedXYZ, xyz)
    #expect(frames.count == 50)
    let space = try ClusterSpace(lattice: lattice, cutoffs: [2: 6.964912057439828, 3: 3.6373066946901065, 4: 3.6373066946901065])
    #expect(space.functionCount == 34)
    #expect(space.orbits.map(\.multiplicity) == [1, 1, 6, 6, 6, 8, 3, 3, 24, 12, 12, 6, 6, 24, 6, 12, 12, 24, 12, 12, 8, 8, 24, 24, 8, 8, 6, 2, 2, 48, 24, 24, 12])
    let mapper = StructureMapper(lattice: lattice, ltol: 0.15, stol: 0.2, angleTolerance: 2)
    var worst = 0.0, worstEwald = 0.0
    for (k, f) in frames.enumerated() {
        // The first frames exercise the supercell search; the rest use the stored matrix (the search is slow in debug builds).
        let given = k < 4 ? nil : (f.value("supercell_matrix") ?? "").split(separator: " ").compactMap { Int($0) }
        let m = try mapper.map(f, supercellMatrix: given).get()
        #expect(m.configuration.supercell.cellCount == Int(f.value("supercell_size_prims") ?? "") ?? -1)
        let fm = try FeatureMatrix(configurations: [m.configuration], totalEnergies: [m.energy], space: space, basis: .indicator, ewald: true, multiplicity: false)
        let stored = (f.value("published_features_per_prim") ?? "").split(separator: " ").compactMap { Double($0) }
        #expect(stored.count == 35)
        guard stored.count == 35 else { continue }
        for c in 0..<34 { worst = max(worst, abs(fm.values[c] - stored[c])) }
        worstEwald = max(worstEwald, abs(fm.values[34] - stored[34]))
    }
    print("limn3of: largest difference \(worst) (correlations), \(worstEwald) eV/prim (Ewald)")
    #expect(worst < 1e-8)
    #expect(worstEwald < 1e-6)
}

@Test func limn3ofGivenSiteMapsGiveTheStoredFeatures() throws {
    // The relaxed cells with their stored supercell matrices and site maps (smol's `mapping`: atom j on site
    // ideal_site_index[j] of S · prim in pymatgen make_supercell order): no search, and the same 34 correlations
    // smol stored for each cell.
    let lattice = try Files.lattice(json: try SharedData.text("limn3of/prim.json"))
    let frames = try Files.structures(.extendedXYZ, try SharedData.text("limn3of/structures.extxyz"))
    let ideal = try Files.structures(.extendedXYZ, try SharedData.text("limn3of/ideal_structures.extxyz"))
    let space = try ClusterSpace(lattice: lattice, cutoffs: [2: 6.964912057439828, 3: 3.6373066946901065, 4: 3.6373066946901065])
    let mapper = StructureMapper(lattice: lattice, ltol: 0.15, stol: 0.2, angleTolerance: 2)
    var worst = 0.0
    for (f, stored) in zip(frames, ideal) {
        let matrix = (f.value("supercell_matrix") ?? "").split(separator: " ").compactMap { Int($0) }
        let siteMap = try #require(f.array("ideal_site_index")).map { Int($0) }
        let m = try mapper.map(f, supercellMatrix: matrix, siteMap: siteMap).get()
        // A left-handed matrix is kept as its negative (the same supercell, right-handed).
        #expect(m.configuration.supercell.matrix == matrix || m.configuration.supercell.matrix == matrix.map { -$0 })
        let fm = try FeatureMatrix(configurations: [m.configuration], totalEnergies: [m.energy], space: space, basis: .indicator, ewald: false, multiplicity: false)
        let published = (stored.value("published_features_per_prim") ?? "").split(separator: " ").compactMap { Double($0) }
        #expect(published.count == 35)
        guard published.count == 35 else { continue }
        for c in 0..<34 { worst = max(worst, abs(fm.values[c] - published[c])) }
    }
    #expect(worst < 1e-8)
    // A site map that puts two atoms on one site, or names a site the supercell lacks, is refused.
    let f = frames[7]
    let matrix = (f.value("supercell_matrix") ?? "").split(separator: " ").compactMap { Int($0) }
    var doubled = try #require(f.array("ideal_site_index")).map { Int($0) }
    doubled[1] = doubled[0]
    if case .success = mapper.map(f, supercellMatrix: matrix, siteMap: doubled) { Issue.record("two atoms on one site were mapped") }
    var outside = try #require(f.array("ideal_site_index")).map { Int($0) }
    outside[0] = 10_000
    if case .success = mapper.map(f, supercellMatrix: matrix, siteMap: outside) { Issue.record("a site outside the supercell was mapped") }
}
