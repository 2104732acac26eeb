// The progress bar's time-left text.
import Testing
@testable import Shell

@Suite struct ProgressTests {
    @Test func durationsReadAsSecondsMinutesHours() {
        #expect(TerminalProgressBar.duration(12.4) == "12s")
        #expect(TerminalProgressBar.duration(75) == "1m15s")
        #expect(TerminalProgressBar.duration(3 * 3600 + 120) == "3h2m")
    }
}
