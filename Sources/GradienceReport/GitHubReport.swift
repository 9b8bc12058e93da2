import GradienceRules
import GradienceEngine
import GradienceSyntax
/// `--format github`: workflow commands that GitHub Actions turns into annotations on
/// the pull request's diff:
///
///     ::error file=a.json,line=10,col=5,endLine=10,endColumn=55,title=GL001 prefixed-pattern-key::message
///
/// Escaping follows the runner's own (`toolkit/packages/core/src/command.ts`): in the
/// message `%`, CR and LF are percent-encoded; in property values `:` and `,` too, since
/// they separate properties.
public struct GitHubReport {
    /// Paths are made relative to this folder (the workspace the runner resolves them in).
    public var rootDirectory: String

    public init(rootDirectory: String) {
        self.rootDirectory = rootDirectory
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(line).joined()
    }

    public func line(_ diagnostic: Diagnostic) -> String {
        let properties: [(String, String)] = [
            ("file", ReportPath.display(diagnostic.path, root: rootDirectory)),
            ("line", String(diagnostic.range.start.line)),
            ("col", String(diagnostic.range.start.column)),
            ("endLine", String(diagnostic.range.end.line)),
            ("endColumn", String(diagnostic.range.end.column)),
            ("title", "\(diagnostic.code) \(diagnostic.name)"),
        ]
        // Other control characters are shown as escapes first (an ESC in a key would reach the log).
        let list = properties.map { "\($0.0)=\(Self.escapeProperty(TerminalEscaping.escapeForWorkflowCommand($0.1)))" }.joined(separator: ",")
        return "::\(Self.command(diagnostic.severity)) \(list)::\(Self.escapeData(TerminalEscaping.escapeForWorkflowCommand(diagnostic.message)))\n"
    }

    static func command(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "notice"
        }
    }

    public static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    public static func escapeProperty(_ text: String) -> String {
        escapeData(text)
            .replacingOccurrences(of: ":", with: "%3A")
            .replacingOccurrences(of: ",", with: "%2C")
    }
}
