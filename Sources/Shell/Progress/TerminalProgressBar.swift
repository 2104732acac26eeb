// The progress bar long commands draw on standard error, only when it is a
// terminal (the Session installs it then), so pipes and transcripts never see it.
import Language

/// Draws `label [#######.......]  45%  1.2e3/s  12s left` on one line of stderr.
///
///     let bar = TerminalProgressBar()
///     bar.begin("anneal", total: 200); bar.update(90); bar.end()
public final class TerminalProgressBar: ProgressReporter {
    private var label = ""
    private var total = 0
    private var started = 0.0
    private var lastDrawn = -1.0
    private let width = 30

    public init() {}

    public func begin(_ label: String, total: Int) {
        self.label = label
        self.total = max(1, total)
        started = MonotonicClock.seconds
        lastDrawn = -1
        draw(0)
    }

    public func update(_ done: Int) {
        // Redraw at most ten times a second; terminals are slow.
        let now = MonotonicClock.seconds
        if now - lastDrawn < 0.1 && done < total { return }
        lastDrawn = now
        draw(done)
    }

    public func end() {
        Terminal.clearStatus()
    }

    private func draw(_ done: Int) {
        let fraction = min(1, max(0, Double(done) / Double(total)))
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let elapsed = MonotonicClock.seconds - started
        var line = "\(label) [\(bar)] \(Int(fraction * 100))%"
        if elapsed > 0 && done > 0 {
            let rate = Double(done) / elapsed
            let left = Double(total - done) / rate
            line += "  \(Value.format(rate, digits: 3))/s  \(TerminalProgressBar.duration(left)) left"
        }
        Terminal.status(line)
    }

    /// `75s` as `1m15s`; under a minute as `12s`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s < 60 ? "\(s)s" : s < 3600 ? "\(s / 60)m\(s % 60)s" : "\(s / 3600)h\(s % 3600 / 60)m"
    }
}
