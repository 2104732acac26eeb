// The interactive line editor: GNU readline with a history file, Tab
// completion and Ctrl-C that clears the line and shows a fresh prompt.
import CReadline
import Numerics
#if canImport(Glibc)
import Glibc
#endif

/// Reads lines with GNU readline.
///
///     let reader = ReadlineReader(historyPath: ReadlineReader.defaultHistoryPath, mainPrompt: "ce> ")
///     ReadlineReader.completer = { word, before in ["energy"] }
///     if case .line(let text) = reader.read(prompt: "ce> ") { ... }
public final class ReadlineReader: LineReader {
    /// Computes completions from the word under the cursor and the line before it.
    nonisolated(unsafe) public static var completer: ((String, String) -> [String])?
    /// Set by the signal-event hook when Ctrl-C was pressed at the prompt.
    nonisolated(unsafe) static var interruptedAtPrompt = false
    /// The prompt to show again after Ctrl-C (unfinished input is dropped).
    nonisolated(unsafe) static var freshPrompt = "ce> "

    private let historyPath: String?

    /// The history file: `$CE_HISTORY`, else `~/.local/state/ce/history` (nil without a home).
    public static var defaultHistoryPath: String? {
        if let path = FileSystem.environment("CE_HISTORY") { return path }
        guard let home = FileSystem.environment("HOME") else { return nil }
        return home + "/.local/state/ce/history"
    }

    /// Configures readline and loads the history (creating its folder).
    public init(historyPath: String?, mainPrompt: String) {
        ReadlineReader.freshPrompt = mainPrompt
        ce_rl_set_readline_name("ce")
        ce_rl_set_catch_signals(0)
        ce_rl_set_signal_event_hook(ReadlineReader.signalEvent)
        // Also polled while waiting for a key: a Ctrl-C that lands between two
        // waits (not interrupting one) is still seen within 0.1 s.
        ce_rl_set_event_hook(ReadlineReader.signalEvent)
        ce_rl_set_attempted_completion_function(ReadlineReader.complete)
        ce_rl_set_completer_word_break_characters(ReadlineReader.wordBreaks)
        ce_rl_set_completer_quote_characters(ReadlineReader.quotes)
        stifle_history(1000)
        if let historyPath {
            try? FileSystem.makeDirectories(FileSystem.directory(of: historyPath))
            if FileSystem.exists(historyPath) {
                read_history(historyPath)
            } else {
                write_history(historyPath)
            }
        }
        self.historyPath = FileSystem.exists(historyPath ?? "") ? historyPath : nil
    }

    deinit {
        if let historyPath { history_truncate_file(historyPath, 1000) }
    }

    public func read(prompt: String) -> LineInput {
        ReadlineReader.interruptedAtPrompt = false
        fflush(stdout)
        guard let raw = readline(prompt) else { return .endOfInput }
        let line = String(cString: raw)
        free(raw)
        if !line.allSatisfy({ $0 == " " || $0 == "\t" }) {
            add_history(line)
            if let historyPath { append_history(1, historyPath) }
        }
        return ReadlineReader.interruptedAtPrompt ? .lineAfterInterrupt(line) : .line(line)
    }

    // Static C strings: readline keeps the pointers. No "/" among the word
    // breaks: readline skips a break character right after an opening quote,
    // which would cut the "/" off an absolute path.
    private static let wordBreaks = strdup(" \t\n\"'`@$><=;|&{}()[],+-*%!:#")
    private static let quotes = strdup("\"")

    /// Called by readline when a signal interrupts its wait for a key, and
    /// every 0.1 s while it waits. On Ctrl-C
    /// it drops the line and redraws the main prompt on a new line.
    private static let signalEvent: @convention(c) () -> Int32 = {
        guard Interruption.isRequested else { return 0 }
        Interruption.clear()
        interruptedAtPrompt = true
        fputs("^C", stdout)
        rl_crlf()
        rl_replace_line("", 1)
        rl_set_prompt(freshPrompt)
        rl_on_new_line()
        rl_redisplay()
        return 0
    }

    private static let complete: @convention(c) (UnsafePointer<CChar>?, Int32, Int32)
        -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, start, _ in
            ce_rl_set_attempted_completion_over(1)
            ce_rl_set_completion_append_character(0)
            guard let text, let completer = ReadlineReader.completer, let buffer = ce_rl_line_buffer() else { return nil }
            let word = String(cString: text)
            let before = String(decoding: UnsafeRawBufferPointer(start: buffer, count: Int(max(0, start))), as: UTF8.self)
            let candidates = completer(word, before)
            if candidates.count == 1, candidates[0].hasSuffix("/") { ce_rl_set_completion_suppress_quote(1) }
            return matchList(candidates)
        }

    /// The malloc'd, NULL-terminated array readline expects: the common prefix, then the matches.
    static func matchList(_ candidates: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        guard let first = candidates.first else { return nil }
        var common = Substring(first)
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(common) { common = common.dropLast() }
        }
        let entries = candidates.count == 1 ? [first] : [String(common)] + candidates
        guard let list = malloc((entries.count + 1) * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)?
            .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1) else { return nil }
        for (i, entry) in entries.enumerated() { list[i] = strdup(entry) }
        list[entries.count] = nil
        return list
    }
}
