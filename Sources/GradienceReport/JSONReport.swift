import GradienceSyntax
import GradienceRules
import GradienceEngine
/// `--format json`: one document on stdout. Fields may be added later, never renamed.
public enum JSONReport {
    public static let toolVersion = ToolInfo.version

    /// - Parameter withoutInventory: files read without the base model's modules; when there
    ///   are any, `files_without_inventory` lists them (path and reason) and `summary` counts them.
    public static func render(_ diagnostics: [Diagnostic], filesChecked: Int, withoutInventory: [InventoryGap] = []) -> String {
        var summary: [(String, JSONValue)] = [
            ("errors", .int(diagnostics.filter { $0.severity == .error }.count)),
            ("warnings", .int(diagnostics.filter { $0.severity == .warning }.count)),
            ("infos", .int(diagnostics.filter { $0.severity == .info }.count)),
        ]
        var members: [(String, JSONValue)] = [
            ("version", .string(toolVersion)),
            ("files_checked", .int(filesChecked)),
            ("diagnostics", .array(diagnostics.map(value))),
        ]
        if !withoutInventory.isEmpty {
            summary.append(("files_without_inventory", .int(withoutInventory.count)))
            members.append(("files_without_inventory", .array(withoutInventory.map { gap in
                .object([("path", .string(gap.path)), ("reason", .string(gap.reason))])
            })))
        }
        members.append(("summary", .object(summary)))
        let document: JSONValue = .object(members)
        return document.rendered() + "\n"
    }

    public static func value(_ diagnostic: Diagnostic) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("code", .string(diagnostic.code)),
            ("name", .string(diagnostic.name)),
            ("severity", .string(diagnostic.severity.rawValue)),
            ("path", .string(diagnostic.path)),
            ("line", .int(diagnostic.range.start.line)),
            ("column", .int(diagnostic.range.start.column)),
            ("end_line", .int(diagnostic.range.end.line)),
            ("end_column", .int(diagnostic.range.end.column)),
            ("key_path", .string(diagnostic.keyPath)),
            ("message", .string(diagnostic.message)),
        ]
        if let fix = diagnostic.fix {
            members.append(("fix", .object([
                ("applicability", .string(fix.applicability.rawValue)),
                ("description", .string(fix.description)),
            ])))
        } else {
            members.append(("fix", .null))
        }
        if !diagnostic.related.isEmpty {
            members.append(("related", .array(diagnostic.related.map { related in
                .object([
                    ("line", .int(related.range.start.line)),
                    ("column", .int(related.range.start.column)),
                    ("key_path", .string(related.keyPath)),
                    ("message", .string(related.message)),
                ])
            })))
        }
        return .object(members)
    }
}
