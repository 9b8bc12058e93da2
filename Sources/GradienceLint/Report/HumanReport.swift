/// The default output, in the style of ruff and rustc: a header line per finding, the
/// source line, and a caret underline under the span.
public struct HumanReport {
    public var color: Bool

    public init(color: Bool) {
        self.color = color
    }

    public func render(_ diagnostic: Diagnostic, source: SourceText?) -> String {
        let position = "\(TerminalEscaping.escape(diagnostic.path)):\(diagnostic.range.start.line):\(diagnostic.range.start.column)"
        var out = "\(paint(position, "1")): \(paint(TerminalEscaping.escape(diagnostic.code), severityColor(diagnostic.severity))) "
        out += "[\(diagnostic.severity.rawValue)] \(TerminalEscaping.escape(diagnostic.message))\n"
        // A finding kept past its file's lifetime carries its line; otherwise read the file.
        let line = diagnostic.excerpt?.line ?? source.flatMap { LineExcerpt($0, around: diagnostic.range) }
        if let line { out += snippet(diagnostic.range, line: line) }
        if let fix = diagnostic.fix {
            let label = fix.applicability == .safe ? "fix" : "\(fix.applicability.rawValue) fix"
            out += "  \(paint("= \(label):", "36")) \(TerminalEscaping.escape(fix.description))\n"
        }
        return out
    }

    private func snippet(_ range: SourceRange, line: LineExcerpt) -> String {
        let lineNumber = range.start.line
        // Escaped, and cut to a window around the span on a long line (see LineExcerpt).
        let shown = line.rendered(start: range.start.column, end: range.end.line == lineNumber ? range.end.column : nil)
        let gutter = String(lineNumber)
        let pad = String(repeating: " ", count: gutter.count)
        var out = "\(pad) \(paint("|", "34"))\n"
        out += "\(paint(gutter, "34")) \(paint("|", "34")) \(shown.text)\n"
        out += "\(pad) \(paint("|", "34")) \(String(repeating: " ", count: shown.caretColumn))\(paint(String(repeating: "^", count: shown.caretWidth), "31"))\n"
        return out
    }

    private func severityColor(_ severity: Severity) -> String {
        switch severity {
        case .error: return "1;31"
        case .warning: return "1;33"
        case .info: return "1;36"
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

import Foundation
