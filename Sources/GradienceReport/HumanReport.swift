/// The default output, in the style of ruff and rustc: a header line per finding, the
/// source line, and a caret underline under the span.
public struct HumanReport {
    public var color: Bool

    public init(color: Bool) {
        self.color = color
    }

    public func render(_ diagnostic: Diagnostic, source: SourceText?) -> String {
        let shape = diagnostic.shape
        var out = header(diagnostic, title: shape.title) + "\n"
        // A finding kept past its file's lifetime carries its line; otherwise read the file.
        let line = diagnostic.excerpt?.line ?? source.flatMap { LineExcerpt($0, around: diagnostic.range) }
        if let line { out += snippet(diagnostic.range, line: line) }
        for note in shape.notes { out += "  \(paint("= note:", "1")) \(TerminalEscaping.escape(note))\n" }
        for help in shape.help { out += "  \(paint("= help:", "36")) \(TerminalEscaping.escape(help))\n" }
        if let fix = diagnostic.fix {
            out += "  \(paint("= help:", "36")) \(TerminalEscaping.escape(fix.description)) (\(Self.fixLabel(fix.applicability)))\n"
        }
        return out
    }

    /// `--output-format concise`: one line per finding, the title only; `[*]` marks a
    /// finding `--fix` repairs (ruff's mark), `[+]` one `--unsafe-fixes` repairs.
    public func renderConcise(_ diagnostic: Diagnostic) -> String {
        header(diagnostic, title: diagnostic.shape.title) + "\n"
    }

    private func header(_ diagnostic: Diagnostic, title: String) -> String {
        let position = "\(TerminalEscaping.escape(diagnostic.path)):\(diagnostic.range.start.line):\(diagnostic.range.start.column)"
        var mark = ""
        switch diagnostic.fix?.applicability {
        case .safe?: mark = " [*]"
        case .unsafe?: mark = " [+]"
        default: break
        }
        return "\(paint(position, "1")): \(paint(TerminalEscaping.escape(diagnostic.code), severityColor(diagnostic.severity)))\(mark) "
            + "[\(diagnostic.severity.rawValue)] \(TerminalEscaping.escape(title))"
    }

    /// How the fix is applied, after its description.
    static func fixLabel(_ applicability: Applicability) -> String {
        switch applicability {
        case .safe: return "safe fix: --fix"
        case .unsafe: return "unsafe fix: --fix --unsafe-fixes"
        case .displayOnly: return "not applied automatically"
        }
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
import GradienceSyntax
import GradienceRules
