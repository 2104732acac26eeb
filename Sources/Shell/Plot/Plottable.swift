// Engine results that know their own picture: `plot(run)` draws a run's
// energy against time, `plot(run.final)` its configuration, and so on.
import Language

/// An engine object with a ready-made figure.
///
///     extension RunObject: Plottable {
///         func figure(_ name: String?) throws -> Figure { ... }
///     }
public protocol Plottable: EngineObject {
    /// The names of the pictures the object offers; the first is the default.
    var figureNames: [String] { get }
    /// The figure called `name` (nil: the default one).
    func figure(_ name: String?) throws -> Figure
}
