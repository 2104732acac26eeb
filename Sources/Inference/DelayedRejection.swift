// The acceptance probabilities of the two-stage delayed-rejection kernel
// (Tierney & Mira 1999; the source paper's Eq. 23-24), in log space, shared
// by the continuous sampler and the exact discrete kernel so that the test
// of the discrete kernel checks the formula the sampler runs.
import Foundation

/// Acceptance probabilities of delayed-rejection Metropolis-Hastings.
///
/// Densities enter as logarithms: log pi (= -J for a cost J, -inf outside
/// the prior), log q1(a, b) for proposing b from a at the first stage, and
/// log q2(a, b1, b2) for proposing b2 from a at the second stage after b1
/// was rejected. All default to a symmetric proposal (log density ratio 0).
///
///     let r = DelayedRejection.logRatio(logTargetFrom: -1, logTargetTo: -2)
///     DelayedRejection.acceptance(r)   // alpha1 = e^-1
public enum DelayedRejection {
    /// log [pi(to) q(to, from) / (pi(from) q(from, to))], the first-stage log ratio.
    @inlinable
    public static func logRatio(
        logTargetFrom: Double, logTargetTo: Double, logQForward: Double = 0, logQReverse: Double = 0
    ) -> Double {
        if logTargetTo == -.infinity || logQReverse == -.infinity { return -.infinity }
        let r = (logTargetTo + logQReverse) - (logTargetFrom + logQForward)
        return r.isNaN ? -.infinity : r
    }

    /// alpha1 = min(1, exp(logRatio)).
    @inlinable
    public static func acceptance(_ logRatio: Double) -> Double {
        logRatio >= 0 ? 1 : exp(logRatio)
    }

    /// 1 - alpha1, accurate when alpha1 is close to 1.
    @inlinable
    public static func rejection(_ logRatio: Double) -> Double {
        logRatio >= 0 ? 0 : -expm1(logRatio)
    }

    /// The second-stage acceptance (Eq. 24)
    ///
    ///     alpha2(x, y1, y2) = min(1, pi(y2) q1(y2, y1) q2(y2, y1, x) [1 - alpha1(y2, y1)]
    ///                              / (pi(x) q1(x, y1) q2(x, y1, y2) [1 - alpha1(x, y1)]))
    ///
    /// `forwardLogRatio` is the first-stage log ratio of x -> y1 (which was
    /// rejected), `reverseLogRatio` that of y2 -> y1. The q1 factors do not
    /// cancel for a symmetric proposal with bounded support: q1(y2, y1) is
    /// zero when y1 is outside the first-stage box around y2, and then the
    /// move must be rejected, or the reverse path could not balance it.
    @inlinable
    public static func secondStage(
        logTargetX: Double, logTargetY2: Double,
        forwardLogRatio: Double, reverseLogRatio: Double,
        logQ1XY1: Double = 0, logQ1Y2Y1: Double = 0, logQ2XY1Y2: Double = 0, logQ2Y2Y1X: Double = 0
    ) -> Double {
        if logTargetY2 == -.infinity || logQ1Y2Y1 == -.infinity || logQ2Y2Y1X == -.infinity { return 0 }
        let reverseReject = rejection(reverseLogRatio)
        let forwardReject = rejection(forwardLogRatio)
        if reverseReject == 0 || forwardReject == 0 { return 0 }
        let logNumerator: Double = logTargetY2 + logQ1Y2Y1 + logQ2Y2Y1X + log(reverseReject)
        let logDenominator: Double = logTargetX + logQ1XY1 + logQ2XY1Y2 + log(forwardReject)
        let logA = logNumerator - logDenominator
        if logA.isNaN { return 0 }
        return logA >= 0 ? 1 : exp(logA)
    }
}
