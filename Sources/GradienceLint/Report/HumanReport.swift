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
        let line = diagnostic.excerpt?.line ?? source.flatMap { FindingExcerpt.line(diagnostic.range.start.line, in: $0) }
        if let line { out += snippet(diagnostic.range, line: line) }
        for note in shape.notes { out += "  \(paint("= note:", "1")) \(note)\n" }
        for help in shape.help { out += "  \(paint("= help:", "36")) \(help)\n" }
        if let fix = diagnostic.fix {
            out += "  \(paint("= help:", "36")) \(fix.description) (\(Self.fixLabel(fix.applicability)))\n"
        }
        return out
    }

    /// `--output-format concise`: one line per finding, the title only; `[*]` marks a
    /// finding `--fix` repairs (ruff's mark), `[+]` one `--unsafe-fixes` repairs.
    public func renderConcise(_ diagnostic: Diagnostic) -> String {
        header(diagnostic, title: diagnostic.shape.title) + "\n"
    }

    private func header(_ diagnostic: Diagnostic, title: String) -> String {
        let position = "\(diagnostic.path):\(diagnostic.range.start.line):\(diagnostic.range.start.column)"
        var mark = ""
        switch diagnostic.fix?.applicability {
        case .safe?: mark = " [*]"
        case .unsafe?: mark = " [+]"
        default: break
        }
        return "\(paint(position, "1")): \(paint(diagnostic.code, severityColor(diagnostic.severity)))\(mark) "
            + "[\(diagnostic.severity.rawValue)] \(title)"
    }

    /// How the fix is applied, after its description.
    static func fixLabel(_ applicability: Applicability) -> String {
        switch applicability {
        case .safe: return "safe fix: --fix"
        case .unsafe: return "unsafe fix: --fix --unsafe-fixes"
        case .displayOnly: return "not applied automatically"
        }
    }

    private func snippet(_ range: SourceRange, line: String) -> String {
        let lineNumber = range.start.line
        var text = line
        if lineNumber == 1, text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.replacingOccurrences(of: "\t", with: " ")
        let gutter = String(lineNumber)
        let pad = String(repeating: " ", count: gutter.count)
        let startColumn = range.start.column
        let endColumn = range.end.line == lineNumber ? max(range.end.column, startColumn + 1) : text.unicodeScalars.count + 1
        let width = max(1, min(endColumn, text.unicodeScalars.count + 1) - startColumn)
        var out = "\(pad) \(paint("|", "34"))\n"
        out += "\(paint(gutter, "34")) \(paint("|", "34")) \(text)\n"
        out += "\(pad) \(paint("|", "34")) \(String(repeating: " ", count: max(0, startColumn - 1)))\(paint(String(repeating: "^", count: width), "31"))\n"
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
