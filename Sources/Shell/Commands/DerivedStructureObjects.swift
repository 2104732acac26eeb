// The results of the structure commands as language values: an enumeration,
// a convex hull, the ground states a model predicts, a special quasirandom
// structure and the ranked candidates for the next DFT calculations.
import Language
import Lattice
import Structures

/// Enumerated derivative structures.
final class EnumerationObject: EngineObject, StructureHolding {
    let set: DerivativeStructureSet
    let sizes: [Int]
    let countsBySize: [Int]
    init(_ set: DerivativeStructureSet, sizes: [Int], countsBySize: [Int]) {
        self.set = set; self.sizes = sizes; self.countsBySize = countsBySize
    }

    var typeName: String { "enumeration" }
    var fieldNames: [String] { ["count", "ids", "cells", "sizes", "counts", "compositions"] }
    var methodNames: [String] { ["configuration"] }

    /// The id of structure k: "e<size>-<k>" numbered from 1 over the whole enumeration.
    func id(_ k: Int) -> String { "e\(set.cellCount(of: k))-\(k + 1)" }

    var entries: [StructureEntry] {
        (0..<set.count).compactMap { k in (try? set.configuration(k)).map { StructureEntry(id: id(k), configuration: $0, energy: nil) } }
    }

    func field(_ name: String) -> Value? {
        switch name {
        case "count": return .int(set.count)
        case "ids": return .strings((0..<set.count).map(id))
        case "cells": return .ints((0..<set.count).map { set.cellCount(of: $0) })
        case "sizes": return .ints(sizes)
        case "counts": return .ints(countsBySize)
        case "compositions":
            let axes = CompositionAxes(lattice: set.lattice)
            return .list((0..<set.count).compactMap { k in (try? set.configuration(k)).map { axes.record(axes.fractions(of: $0)) } })
        default: return nil
        }
    }

    func callMethod(_ name: String, _ arguments: [Value], keywords: [(String, Value)], context: CallContext) throws -> Value {
        guard arguments.count == 1, keywords.isEmpty, case .int(let k) = arguments[0] else {
            throw RuntimeError("configuration: call it as enumeration.configuration(k) with k from 0 to \(set.count - 1)")
        }
        guard k >= 0 && k < set.count else { throw RuntimeError("configuration: there is no structure \(k) (the enumeration has \(set.count))") }
        return .object(ConfigurationObject(try set.configuration(k)))
    }

    var summary: String {
        let species = set.lattice.sublattices.filter(\.space.isActive).map(\.space.description).joined(separator: " ")
        let contiguous = sizes.count > 2 && sizes.last.map { $0 - (sizes.first ?? 0) + 1 == sizes.count } == true
        let range = (contiguous ? "\(sizes.first ?? 0) to \(sizes.last ?? 0)" : sizes.map(String.init).joined(separator: ", ")) + " cell" + (sizes == [1] ? "" : "s")
        return "enumeration: \(set.count) distinct structures of \(set.lattice.name) \(species), \(range) (\(countsBySize.map(String.init).joined(separator: ", ")) by size)"
    }

    var table: String {
        var lines = [summary]
        let superlattices = sizes.map { n in set.superlattices.filter { $0.index == n }.count }
        if let t = try? TextTable(columns: [("cells", column(sizes)), ("supercells", column(superlattices)), ("structures", column(countsBySize))]) {
            lines.append(t.text)
        }
        return lines.joined(separator: "\n")
    }

    func exportValue() -> Value? {
        .record([("ids", field("ids") ?? .null), ("cells", field("cells") ?? .null),
                 ("occupations", .list((0..<set.count).map { .ints(set.occupation(of: $0)) })),
                 ("supercells", .list((0..<set.count).map { .ints(set.supercell(of: $0).matrix) }))])
    }
}

/// A convex hull over structures.
final class HullObject: EngineObject, StructureHolding {
    let hull: CompositionHull
    let entries: [StructureEntry]
    let axes: CompositionAxes
    let unit: String
    /// Formation energies against the corners, when the compositions make a simplex.
    let formation: (energies: [Double], corners: [Int])?

    init(hull: CompositionHull, entries: [StructureEntry], axes: CompositionAxes, unit: String) throws {
        self.hull = hull; self.entries = entries; self.axes = axes; self.unit = unit
        formation = try hull.formationEnergies()
    }

    var typeName: String { "hull" }
    var fieldNames: [String] {
        ["count", "ids", "energies", "formation_energies", "hull_energies", "distances", "on_hull", "vertices", "ground_states",
         "compositions", "species", "references"]
    }

    func field(_ name: String) -> Value? {
        switch name {
        case "count": return .int(entries.count)
        case "ids": return .strings(entries.map(\.id))
        case "energies": return .doubles(hull.energies)
        case "formation_energies": return formation.map { .doubles($0.energies) } ?? .null
        case "hull_energies": return .doubles(hull.hullEnergies)
        case "distances": return .doubles(hull.distances)
        case "on_hull": return .list(entries.indices.map { .bool(hull.isOnHull($0)) })
        case "vertices": return .ints(hull.vertices)
        case "ground_states": return .strings(hull.vertices.map { entries[$0].id })
        case "compositions": return .list(entries.map { axes.record(axes.fractions(of: $0.configuration)) })
        case "species": return .strings(axes.species)
        case "references": return formation.map { .strings($0.corners.map { entries[$0].id }) } ?? .null
        default: return nil
        }
    }

    var summary: String {
        let reference = formation.map { "formation energies against " + $0.corners.map { entries[$0].id }.joined(separator: ", ") }
            ?? "no formation energies (the compositions do not span a simplex of end members)"
        return "hull: \(entries.count) structures, \(hull.dimension) composition ax\(hull.dimension == 1 ? "is" : "es"), \(hull.vertices.count) ground states; \(reference)\n"
            + groundStateTable(hull.vertices)
    }

    var table: String {
        summary + "\nevery structure:\n" + groundStateTable(Array(entries.indices), distances: true)
    }

    /// Rows of structures: id, composition (fraction per species), energy, formation energy, distance above the hull.
    func groundStateTable(_ rows: [Int], distances: Bool = false) -> String {
        var columns: [(name: String, values: [Value])] = [("id", rows.map { .string(entries[$0].id) })]
        let fractions = rows.map { axes.fractions(of: entries[$0].configuration) }
        for (k, s) in axes.species.enumerated() { columns.append((s, fractions.map { .double($0[k]) })) }
        columns.append(("energy (\(unit))", rows.map { .double(hull.energies[$0]) }))
        if let formation { columns.append(("formation (\(unit))", rows.map { .double(formation.energies[$0]) })) }
        if distances { columns.append(("above hull (\(unit))", rows.map { .double(hull.distances[$0]) })) }
        return (try? TextTable(columns: columns).text) ?? ""
    }
}

/// The ground states a model predicts against the DFT hull of its training structures.
final class GroundStatesObject: EngineObject, StructureHolding {
    /// The hull of the predicted energies over training and candidate structures.
    let predicted: HullObject
    /// The DFT hull of the training structures.
    let reference: HullObject
    /// For each predicted structure: whether it is a training structure (same correlations).
    let inTraining: [Bool]
    /// Predicted energy minus the DFT hull energy at each predicted structure's composition.
    let belowReference: [Double]
    /// The error the comparison allows (CV RMSE of the fit, else its train RMSE), and its name.
    let allowance: (value: Double, name: String)

    init(predicted: HullObject, reference: HullObject, inTraining: [Bool], belowReference: [Double], allowance: (Double, String)) {
        self.predicted = predicted; self.reference = reference; self.inTraining = inTraining
        self.belowReference = belowReference; self.allowance = allowance
    }

    var typeName: String { "ground_states" }
    /// The predicted ground states the training data lack.
    var newStates: [Int] { predicted.hull.vertices.filter { !inTraining[$0] } }
    /// New ground states below the DFT hull by more than the allowance.
    var belowStates: [Int] { newStates.filter { belowReference[$0] < -allowance.value } }
    var entries: [StructureEntry] { newStates.map { predicted.entries[$0] } }

    var fieldNames: [String] { ["ids", "new", "below", "distances", "allowance", "predicted", "dft"] }

    func field(_ name: String) -> Value? {
        switch name {
        case "ids": return .strings(predicted.hull.vertices.map { predicted.entries[$0].id })
        case "new": return .strings(newStates.map { predicted.entries[$0].id })
        case "below": return .strings(belowStates.map { predicted.entries[$0].id })
        case "distances": return .doubles(predicted.hull.vertices.map { belowReference[$0] })
        case "allowance": return .double(allowance.value)
        case "predicted": return .object(predicted)
        case "dft": return .object(reference)
        default: return nil
        }
    }

    var summary: String {
        let v = predicted.hull.vertices
        let head = "ground states: \(v.count) on the predicted hull of \(predicted.entries.count) structures, \(newStates.count) not in the training data, "
            + "\(belowStates.count) below the DFT hull by more than the \(allowance.name) \(Value.format(allowance.value, digits: 3)) \(predicted.unit)"
        var columns: [(name: String, values: [Value])] = [("id", v.map { .string(predicted.entries[$0].id) })]
        let axes = predicted.axes
        let fractions = v.map { axes.fractions(of: predicted.entries[$0].configuration) }
        for (k, s) in axes.species.enumerated() { columns.append((s, fractions.map { .double($0[k]) })) }
        columns.append(("predicted (\(predicted.unit))", v.map { .double(predicted.hull.energies[$0]) }))
        columns.append(("vs DFT hull (\(predicted.unit))", v.map { .double(belowReference[$0]) }))
        columns.append(("in training", v.map { .bool(inTraining[$0]) }))
        return head + "\n" + ((try? TextTable(columns: columns).text) ?? "")
    }
}

/// A special quasirandom structure.
final class QuasirandomObject: EngineObject, StructureHolding {
    let result: AnnealingResult
    let objective: SQSObjective
    let space: ClusterSpace
    init(_ result: AnnealingResult, objective: SQSObjective, space: ClusterSpace) { self.result = result; self.objective = objective; self.space = space }
    var matchedRadius: Double { objective.matchedPairRadius(result.correlations) }

    var typeName: String { "sqs" }
    var entries: [StructureEntry] { [StructureEntry(id: "sqs", configuration: result.configuration, energy: nil)] }
    var fieldNames: [String] { ["configuration", "objective", "correlations", "target", "matched_radius", "supercell", "sites", "steps", "accepted"] }

    func field(_ name: String) -> Value? {
        switch name {
        case "configuration": return .object(ConfigurationObject(result.configuration))
        case "objective": return .double(result.objective)
        case "correlations": return .doubles(result.correlations)
        case "target": return .doubles(objective.target)
        case "matched_radius": return .double(matchedRadius)
        default: return searchField(name, of: result)
        }
    }

    var summary: String {
        let c = result.configuration
        let m = c.supercell.matrix
        let worst = zip(result.correlations, objective.target).dropFirst().map { abs($0 - $1) }.max() ?? 0
        return "sqs: \(c.supercell.siteCount) sites (supercell \(m[0]) \(m[1]) \(m[2]) / \(m[3]) \(m[4]) \(m[5]) / \(m[6]) \(m[7]) \(m[8])), "
            + "objective \(Value.format(result.objective, digits: 6)), pairs matched to \(Value.format(matchedRadius, digits: 4)) Å radius, "
            + "largest correlation difference \(Value.format(worst, digits: 3)); \(result.steps) trial swaps, \(result.accepted) accepted"
    }

    var table: String {
        var names = ["empty"], orders = [0], diameters = [0.0]
        for (k, o) in space.orbits.enumerated() {
            for _ in o.functions { names.append("orbit \(k + 1)"); orders.append(o.order); diameters.append(o.diameter) }
        }
        let rows = (try? TextTable(columns: [
            ("function", column(names)), ("order", column(orders)), ("diameter (Å)", column(diameters)),
            ("correlation", column(result.correlations)), ("random alloy", column(objective.target)),
            ("difference", column(zip(result.correlations, objective.target).map { $0 - $1 })),
        ]).text) ?? ""
        return summary + "\n" + rows
    }
}

/// The lowest-energy structure an annealing of a model found.
final class AnnealedObject: EngineObject, StructureHolding {
    let result: AnnealingResult
    let unit: String
    init(_ result: AnnealingResult, unit: String) { self.result = result; self.unit = unit }

    var typeName: String { "annealed" }
    /// eV per primitive cell.
    var energy: Double { result.objective / Double(result.configuration.supercell.cellCount) }
    var entries: [StructureEntry] {
        let cell = result.configuration.supercell
        return [StructureEntry(id: "annealed-\(cell.cellCount)", configuration: result.configuration, energy: energy)]
    }
    var fieldNames: [String] { ["configuration", "energy", "supercell", "sites", "steps", "accepted"] }

    func field(_ name: String) -> Value? {
        switch name {
        case "configuration": return .object(ConfigurationObject(result.configuration))
        case "energy": return .double(energy)
        default: return searchField(name, of: result)
        }
    }

    var summary: String {
        let m = result.configuration.supercell.matrix
        return "annealed: \(result.configuration.supercell.siteCount) sites (supercell \(m[0]) \(m[1]) \(m[2]) / \(m[3]) \(m[4]) \(m[5]) / \(m[6]) \(m[7]) \(m[8])), "
            + "energy \(Value.format(energy, digits: 6)) \(unit); \(result.steps) trial swaps, \(result.accepted) accepted"
    }
}

/// Candidates for the next DFT calculations, best first.
final class CandidatesObject: EngineObject, StructureHolding {
    let entries: [StructureEntry]
    let scores: [Double]
    let scoreName: String
    let axes: CompositionAxes
    let unit: String
    init(entries: [StructureEntry], scores: [Double], scoreName: String, axes: CompositionAxes, unit: String) {
        self.entries = entries; self.scores = scores; self.scoreName = scoreName; self.axes = axes; self.unit = unit
    }

    var typeName: String { "candidates" }
    var fieldNames: [String] { ["count", "ids", "scores", "energies", "compositions"] }

    func field(_ name: String) -> Value? {
        switch name {
        case "count": return .int(entries.count)
        case "ids": return .strings(entries.map(\.id))
        case "scores": return .doubles(scores)
        case "energies": return .list(entries.map { $0.energy.map { .double($0) } ?? .null })
        case "compositions": return .list(entries.map { axes.record(axes.fractions(of: $0.configuration)) })
        default: return nil
        }
    }

    var summary: String {
        var columns: [(name: String, values: [Value])] = [("rank", column(entries.indices.map { $0 + 1 })), ("id", column(entries.map(\.id)))]
        let fractions = entries.map { axes.fractions(of: $0.configuration) }
        for (k, s) in axes.species.enumerated() { columns.append((s, column(fractions.map { $0[k] }))) }
        columns.append(("cells", column(entries.map { $0.configuration.supercell.cellCount })))
        columns.append(("predicted (\(unit))", entries.map { $0.energy.map { Value.double($0) } ?? .null }))
        columns.append((scoreName, column(scores)))
        return "candidates: \(entries.count) structures to compute next, by \(scoreName)\n" + ((try? TextTable(columns: columns).text) ?? "")
    }
}

/// Table cells of a list of numbers or strings.
private func column(_ xs: [Int]) -> [Value] { xs.map { .int($0) } }
private func column(_ xs: [Double]) -> [Value] { xs.map { .double($0) } }
private func column(_ xs: [String]) -> [Value] { xs.map { .string($0) } }

/// The fields an SQS and a lowest-energy search share: the cell found and the search's length.
private func searchField(_ name: String, of result: AnnealingResult) -> Value? {
    switch name {
    case "supercell": return .list((0..<3).map { r in .ints(Array(result.configuration.supercell.matrix[(3 * r)..<(3 * r + 3)])) })
    case "sites": return .int(result.configuration.supercell.siteCount)
    case "steps": return .int(result.steps)
    case "accepted": return .int(result.accepted)
    default: return nil
    }
}
