// A chemical species with its oxidation state, as it appears in site spaces
// ("Li+", "Mn3+", "O2-", "Vac") and in structure files.
import Foundation
import Numerics

/// A species: an element (or a vacancy) with a formal charge.
///
///     let mn = try Species(parsing: "Mn3+")   // element "Mn", charge 3
///     let v = Species.vacancy                   // "Vac", charge 0
public struct Species: Hashable, Sendable, CustomStringConvertible {
    /// The element symbol, or "Vac" for a vacancy.
    public let element: String
    /// The formal oxidation state (0 when none was given).
    public let charge: Double
    /// Whether a charge was given explicitly ("Li+") rather than omitted ("Li").
    public let hasCharge: Bool

    /// A vacancy (no atom, no charge).
    public static let vacancy = Species(element: "Vac", charge: 0, hasCharge: false)

    /// Creates a species from its parts.
    public init(element: String, charge: Double = 0, hasCharge: Bool = true) {
        self.element = element
        self.charge = charge
        self.hasCharge = hasCharge
    }

    /// Whether this is a vacancy.
    public var isVacancy: Bool { element == "Vac" }

    /// Parses "Li", "Li+", "Mn3+", "O2-", "F-", "Vac" (also "X", "Va" for vacancies).
    public init(parsing text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces)
        if ["Vac", "Va", "X", "Vacancy", "vac"].contains(t) { self = .vacancy; return }
        var letters = ""
        var rest = Substring(t)
        while let c = rest.first, c.isLetter { letters.append(c); rest = rest.dropFirst() }
        guard let first = letters.first, first.isUppercase, letters.count <= 3 else {
            throw LatticeError("'\(text)' is not a species: write an element symbol with an optional charge, e.g. Li+, Mn3+, O2-, Vac")
        }
        if rest.isEmpty { self.init(element: letters, charge: 0, hasCharge: false); return }
        guard let sign = rest.last, sign == "+" || sign == "-" else {
            throw LatticeError("'\(text)' has a malformed charge: write it like Mn3+ or O2-")
        }
        let digits = rest.dropLast()
        let magnitude: Double
        if digits.isEmpty { magnitude = 1 } else if let v = Double(digits), v >= 0, v <= 100 { magnitude = v } else {
            throw LatticeError("'\(text)' has a malformed charge: write it like Mn3+ or O2-")
        }
        self.init(element: letters, charge: sign == "+" ? magnitude : -magnitude, hasCharge: true)
    }

    /// The canonical name: "Li+", "Mn3+", "O2-", "Ag", "Vac".
    public var description: String {
        if isVacancy || !hasCharge { return element }
        let magnitude = abs(charge)
        let number = magnitude == 1 ? "" : (magnitude < 1e15 && magnitude == magnitude.rounded(.toNearestOrAwayFromZero) ? String(Int(magnitude)) : String(magnitude))
        return element + number + (charge >= 0 ? "+" : "-")
    }
}

/// An error in lattice input or computation, with a message a scientist understands.
public struct LatticeError: UserFacingError, CustomStringConvertible, Sendable {
    /// What went wrong.
    public let message: String
    /// Creates an error with a message.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

