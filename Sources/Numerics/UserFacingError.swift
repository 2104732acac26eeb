// The one protocol every engine's error conforms to, so that the language
// reports any of them the same way: at the call's position, named by the
// command that ran the engine.

/// An error an engine reports about the problem it was given (bad input, no
/// convergence): its `description` is a message a scientist can act on. The
/// language turns it into `COMMAND: message` at the call's file:line:column.
///
///     public struct MonteCarloError: UserFacingError { ... }
///     // kfold(0) then fit(...):  t.ce:3:1: error: fit: k-fold needs k >= 2, got 0
public protocol UserFacingError: Error, CustomStringConvertible {}
