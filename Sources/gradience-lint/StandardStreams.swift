import Foundation
import GradienceLint

extension FileHandle {
    /// Writes `text`; false when the stream is closed or broken (`| head`, `>&-`), which
    /// must never trap the run: the files named by `--output-format` and the exit code
    /// still follow.
    @discardableResult
    func writeTolerantly(_ text: String) -> Bool {
        writeTolerantly(Data(text.utf8))
    }

    /// The same for bytes (a file's own text, written back unchanged).
    @discardableResult
    func writeTolerantly(_ data: Data) -> Bool {
        do {
            try write(contentsOf: data)
            return true
        } catch {
            return false
        }
    }

    /// A message of the tool's own with data in it (paths, keys, settings): escaped as
    /// `TerminalEscaping.escapeLines` says, so no file or setting can print control
    /// characters or a workflow command line.
    func writeNote(_ text: String) {
        writeTolerantly(TerminalEscaping.escapeLines(text))
    }

    /// One line of the tool's own with data in it: every control character escaped, its
    /// line breaks included, so a key or a name holding `\n::add-mask::…` stays on it.
    func writeLine(_ text: String) {
        writeTolerantly(TerminalEscaping.escape(text.hasSuffix("\n") ? String(text.dropLast()) : text) + "\n")
    }
}
