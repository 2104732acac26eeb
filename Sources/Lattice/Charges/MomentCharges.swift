// Oxidation states of one multivalent element from the magnitudes of its
// atoms' magnetic moments (Yang et al. 2022, Fig. 1 and Table 1): moments at
// or below the first cutoff get the first state (e.g. Mn4+), up to the second
// the second state, and so on. Cutoffs are given, found by Bayesian
// optimisation to maximise the number of charge-balanced structures, read
// from a Gaussian mixture, or found exactly by sweeping every breakpoint.
import Foundation
import Numerics

/// The charge-assignment problem over a set of structures.
///
///     let p = try MomentCharges(structures: frames, element: "Mn", states: [4, 3, 2],
///                               charges: ["Li": 1, "O": -2, "F": -1])
///     p.balancedCount(cutoffs: [3.5, 4.25])
public struct MomentCharges: Sendable {
    /// The element whose states are assigned.
    public let element: String
    /// Its oxidation states in order of increasing moment (high-spin Mn: [4, 3, 2]).
    public let states: [Double]
    /// Per structure: |moment| (μB) of each atom of the element, and those atoms' indices.
    public let moments: [[Double]]
    public let atoms: [[Int]]
    /// Per structure: the total charge of the other atoms.
    public let fixedCharge: [Double]
    /// Structure ids.
    public let ids: [String]

    /// Builds the problem. Other atoms take their charge from `charges` (by element), else from the structure.
    public init(structures: [AtomicStructure], element: String, states: [Double], charges: [String: Double]) throws {
        guard !structures.isEmpty else { throw LatticeError("no structures to assign charges to") }
        guard !states.isEmpty, states.allSatisfy(\.isFinite) else { throw LatticeError("charges: give the element's oxidation states, e.g. [4, 3, 2]") }
        guard Set(states).count == states.count else { throw LatticeError("charges: the states \(states) repeat a value") }
        var moments: [[Double]] = [], atoms: [[Int]] = [], fixed: [Double] = []
        for s in structures {
            guard let m = s.magneticMoments, m.count == s.elements.count else {
                throw LatticeError("\(s.id): the structure has no magnetic moments (read them from OUTCAR, vasprun.xml, extxyz magmoms or pymatgen magmom)")
            }
            var mine: [Double] = [], index: [Int] = [], total = 0.0
            for (k, el) in s.elements.enumerated() {
                if el == element {
                    guard m[k].isFinite else { throw LatticeError("\(s.id): atom \(k) (\(el)) has a moment that is not a number") }
                    mine.append(abs(m[k])); index.append(k)
                } else if let q = charges[el] ?? s.charges[k] {
                    total += q
                } else {
                    throw LatticeError("\(s.id): atom \(k) (\(el)) has no charge: give one for \(el) (charges={\"\(el)\": ...})")
                }
            }
            moments.append(mine); atoms.append(index); fixed.append(total)
        }
        self.element = element
        self.states = states
        self.moments = moments
        self.atoms = atoms
        fixedCharge = fixed
        ids = structures.map(\.id)
    }

    /// Every moment of the element, structure by structure.
    public var allMoments: [Double] { moments.flatMap { $0 } }

    /// The states assigned with these cutoffs (ascending; one fewer than the states, or as many, the last
    /// then an upper bound beyond which a moment gets no state).
    public struct Assignment: Sendable {
        /// Per structure, the state of each atom of the element (nil above the last upper cutoff).
        public let states: [[Double?]]
        /// Per structure, the net charge (nil when an atom got no state).
        public let net: [Double?]
        /// Per structure, whether it is charge balanced.
        public let balanced: [Bool]
        public var balancedCount: Int { balanced.filter { $0 }.count }
    }

    /// The state index of a moment under ascending cutoffs (nil above an upper bound).
    @inline(__always) func stateIndex(_ m: Double, _ cutoffs: [Double]) -> Int? {
        for (i, c) in cutoffs.enumerated() where m <= c { return i }
        return cutoffs.count < states.count ? states.count - 1 : nil
    }

    /// Checks a cutoff list against the states.
    public func validate(cutoffs: [Double]) throws {
        guard cutoffs.count == states.count - 1 || cutoffs.count == states.count else {
            throw LatticeError("charges: \(states.count) states need \(states.count - 1) cutoffs (or \(states.count) with an upper bound), got \(cutoffs.count)")
        }
        guard cutoffs.allSatisfy(\.isFinite), zip(cutoffs, cutoffs.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw LatticeError("charges: cutoffs must be finite and ascending, got \(cutoffs)")
        }
    }

    /// The assignment the cutoffs give.
    public func assign(cutoffs: [Double]) -> Assignment {
        var all: [[Double?]] = [], net: [Double?] = [], balanced: [Bool] = []
        for (s, ms) in moments.enumerated() {
            let st = ms.map { stateIndex($0, cutoffs).map { states[$0] } }
            all.append(st)
            if st.contains(where: { $0 == nil }) {
                net.append(nil); balanced.append(false)
            } else {
                let q = fixedCharge[s] + st.reduce(0) { $0 + ($1 ?? 0) }
                net.append(q); balanced.append(abs(q) < 1e-9)
            }
        }
        return Assignment(states: all, net: net, balanced: balanced)
    }

    /// The number of charge-balanced structures the cutoffs give.
    public func balancedCount(cutoffs: [Double]) -> Int {
        var count = 0
        for (s, ms) in moments.enumerated() {
            var q = fixedCharge[s], complete = true
            for m in ms {
                guard let i = stateIndex(m, cutoffs) else { complete = false; break }
                q += states[i]
            }
            if complete && abs(q) < 1e-9 { count += 1 }
        }
        return count
    }

    /// How the cutoffs are found.
    public enum Method: Sendable {
        /// These cutoffs.
        case fixed([Double])
        /// Bayesian optimisation (Gaussian-process surrogate, expected improvement) within the domains.
        case bayesian(domains: [(Double, Double)], calls: Int, initialPoints: Int, candidates: Int, seed: UInt64)
        /// A Gaussian mixture with one component per state; cutoffs where neighbours are equally likely.
        case mixture
        /// Every combination of breakpoints within the domains (exact; cost grows with the moments per domain).
        case exact(domains: [(Double, Double)])
    }

    /// Cutoffs, their balance and assignment, and how they were found.
    public struct Solution: Sendable {
        public let cutoffs: [Double]
        public let assignment: Assignment
        /// Cutoffs evaluated (Bayesian optimisation), with their balanced counts.
        public let evaluations: [(cutoffs: [Double], balanced: Int)]
        /// The mixture fitted (mixture method), else nil.
        public let mixture: GaussianMixture1D?
        public var balancedCount: Int { assignment.balancedCount }
    }

    /// Finds cutoffs by `method`. Optimised cutoffs are then centred, one at a time, in the widest interval
    /// of their domain that keeps the balanced count, so they sit between moments, not on one.
    public func solve(_ method: Method, threads: Int = Threads.count) throws -> Solution {
        switch method {
        case .fixed(let cutoffs):
            try validate(cutoffs: cutoffs)
            return Solution(cutoffs: cutoffs, assignment: assign(cutoffs: cutoffs), evaluations: [], mixture: nil)
        case .mixture:
            let gm = try GaussianMixture1D(fitting: allMoments, components: states.count)
            let cutoffs = gm.boundaries
            return Solution(cutoffs: cutoffs, assignment: assign(cutoffs: cutoffs), evaluations: [], mixture: gm)
        case .bayesian(let domains, let calls, let initialPoints, let candidates, let seed):
            try validate(domains: domains)
            var bo = BayesianOptimizer(lower: domains.map(\.0), upper: domains.map(\.1), seed: seed)
            bo.calls = calls
            bo.initialPoints = initialPoints
            bo.candidates = candidates
            bo.feasible = { x in zip(x, x.dropFirst()).allSatisfy { $0 < $1 } }
            let run = try bo.maximize(threads: threads) { Double(balancedCount(cutoffs: $0)) }
            let cutoffs = centred(run.best.point, domains: domains)
            return Solution(cutoffs: cutoffs, assignment: assign(cutoffs: cutoffs),
                            evaluations: run.history.map { ($0.point, Int($0.value)) }, mixture: nil)
        case .exact(let domains):
            try validate(domains: domains)
            let cutoffs = centred(try exactOptimum(domains: domains), domains: domains)
            return Solution(cutoffs: cutoffs, assignment: assign(cutoffs: cutoffs), evaluations: [], mixture: nil)
        }
    }

    private func validate(domains: [(Double, Double)]) throws {
        guard domains.count == states.count - 1 || domains.count == states.count else {
            throw LatticeError("charges: \(states.count) states need \(states.count - 1) search domains (or \(states.count) with an upper bound), got \(domains.count)")
        }
        for (lo, hi) in domains where !(lo.isFinite && hi.isFinite && lo < hi) {
            throw LatticeError("charges: a search domain needs low < high, got (\(lo), \(hi))")
        }
    }

    /// Each cutoff moved to the middle of the widest run of moment gaps around it (within its domain, between
    /// its neighbours) over which the balanced count stays the same.
    func centred(_ start: [Double], domains: [(Double, Double)]) -> [Double] {
        var c = start
        let sorted = Array(Set(allMoments)).sorted()
        let count = balancedCount(cutoffs: c)
        for i in c.indices {
            let lo = max(domains[i].0, i > 0 ? c[i - 1] : -.infinity), hi = min(domains[i].1, i + 1 < c.count ? c[i + 1] : .infinity)
            // Breakpoints: moments strictly inside (lo, hi); the count is constant on [m_a, m_b).
            let inside = sorted.filter { $0 > lo && $0 < hi }
            let edges = [lo] + inside + [hi]
            guard let here = edges.indices.dropLast().last(where: { edges[$0] <= c[i] }) else { continue }
            func same(_ g: Int) -> Bool { var t = c; t[i] = edges[g]; return balancedCount(cutoffs: t) == count && t == t.sorted() }
            var left = here, right = here
            while left > 0, same(left - 1) { left -= 1 }
            while right + 1 < edges.count - 1, same(right + 1) { right += 1 }
            let a = edges[left], b = edges[right + 1]
            c[i] = a.isFinite && b.isFinite ? 0.5 * (a + b) : c[i]
        }
        return c
    }

    /// The first cutoffs (in breakpoint order) that balance the most structures: the outer cutoffs enumerated
    /// over their breakpoints, the last swept incrementally.
    func exactOptimum(domains: [(Double, Double)]) throws -> [Double] {
        let sorted = Array(Set(allMoments)).sorted()
        /// One value per interval of constant assignment for cutoff i above `previous`: its lowest value, then each moment.
        func representatives(_ i: Int, above previous: Double) -> [Double] {
            let start = domains[i].0 > previous ? domains[i].0 : previous.nextUp
            return [start] + sorted.filter { $0 > start && $0 < domains[i].1 }
        }
        let last = domains.count - 1
        let upperBounded = domains.count == states.count
        // Moments with their structure, ascending, for the sweep.
        var flat: [(m: Double, s: Int)] = []
        for (s, ms) in moments.enumerated() { for m in ms { flat.append((m, s)) } }
        flat.sort { $0.m < $1.m }
        var best: (count: Int, cutoffs: [Double]) = (-1, [])
        var outer = [Double](repeating: 0, count: last)
        var visited = 0
        func sweep() throws {
            visited += 1
            if visited & 0xFF == 0, Interruption.isRequested { throw LatticeError("interrupted") }
            let floor = last > 0 ? outer[last - 1] : -Double.infinity
            // Below the sweep: states fixed by the outer cutoffs; at and above `floor` the last two classes.
            var net = fixedCharge, missing = [Int](repeating: 0, count: moments.count)
            var pending: [(m: Double, s: Int)] = []
            for (m, s) in flat {
                if m <= floor {
                    net[s] += states[stateIndex(m, outer) ?? 0]
                } else {
                    pending.append((m, s))
                    if upperBounded { missing[s] += 1 } else { net[s] += states[last + 1] }
                }
            }
            var count = 0
            for s in moments.indices where missing[s] == 0 && abs(net[s]) < 1e-9 { count += 1 }
            var p = 0
            for c in representatives(last, above: floor) where c < domains[last].1 {
                while p < pending.count, pending[p].m <= c {
                    let s = pending[p].s
                    let before = missing[s] == 0 && abs(net[s]) < 1e-9
                    if upperBounded { missing[s] -= 1; net[s] += states[last] } else { net[s] += states[last] - states[last + 1] }
                    let after = missing[s] == 0 && abs(net[s]) < 1e-9
                    count += (after ? 1 : 0) - (before ? 1 : 0)
                    p += 1
                }
                if count > best.count { best = (count, outer + [c]) }
            }
        }
        func enumerate(_ i: Int) throws {
            if i == last { try sweep(); return }
            for c in representatives(i, above: i == 0 ? -.infinity : outer[i - 1]) where c < domains[i].1 {
                outer[i] = c
                try enumerate(i + 1)
            }
        }
        try enumerate(0)
        guard best.count >= 0 else { throw LatticeError("charges: the search domains leave no ascending cutoffs") }
        return best.cutoffs
    }

    /// Structure `k` of the problem with its element's atoms given their assigned states and the other atoms
    /// the charges given (an atom without a state keeps a nil charge).
    public func decorate(_ structure: AtomicStructure, structure k: Int, _ assignment: Assignment, charges: [String: Double]) -> AtomicStructure {
        var out = structure
        for (atom, el) in out.elements.enumerated() where el != element { out.charges[atom] = charges[el] ?? out.charges[atom] }
        for (a, atom) in atoms[k].enumerated() { out.charges[atom] = assignment.states[k][a] }
        return out
    }
}
