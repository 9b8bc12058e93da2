import GradienceSyntax
import GradienceRules
import GradienceEngine
/// `--format sarif`: SARIF 2.1.0, the format GitHub code scanning and IDE viewers read.
///
/// What it promises (the tests check it against the OASIS schema and field by field):
/// - `tool.driver.rules`: every rule that ran, with `id`, `name`, `shortDescription`
///   (the summary), `fullDescription` (what it does), `help` (the rule's page, as text
///   and Markdown, and `helpUri`: the page in the repository at this version's tag) and
///   `defaultConfiguration.level`;
/// - a result per finding: `ruleId`, `ruleIndex`, `level`, `message`, one location with
///   the region's start and end (columns in Unicode code points: `columnKind`), paths
///   relative to `%SRCROOT%` (the run's working folder, in `originalUriBaseIds`), the
///   JSON Pointer as a logical location, `partialFingerprints` from code + path +
///   pointer (stable when lines move), related locations, and `fixes` with the exact
///   byte replacements `--fix` would make (applicability in the fix's properties).
public struct SARIFReport {
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    public static let rootBaseID = "%SRCROOT%"
    public static let fingerprintKey = "gradienceLint/v1"

    public var rules: [RuleMetadata]
    /// The folder paths are made relative to (the working folder of the run).
    public var rootDirectory: String
    /// Files read without the base model's modules: one tool notification each, so code
    /// scanning shows that their module checks did not run.
    public var withoutInventory: [InventoryGap] = []

    public init(rules: [RuleMetadata], rootDirectory: String) {
        self.rules = rules
        self.rootDirectory = rootDirectory
    }

    /// - Parameter files: each linted file's parse, by diagnostic path, for fixes and
    ///   pointer kinds; a diagnostic whose file is missing is reported without them.
    public func render(_ diagnostics: [Diagnostic], files: [String: ParsedFile]) -> String {
        var ruleList = rules
        for diagnostic in diagnostics where !ruleList.contains(where: { $0.code == diagnostic.code }) {
            if let rule = RuleRegistry.rule(code: diagnostic.code) { ruleList.append(rule.metadata) }
        }
        let ruleIndex = Dictionary(ruleList.enumerated().map { ($0.element.code, $0.offset) }, uniquingKeysWith: { first, _ in first })
        var rootURI = "file://" + ReportPath.uriEncoded(ReportPath.absolute(".", root: rootDirectory))
        if !rootURI.hasSuffix("/") { rootURI += "/" }
        let run: JSONValue = .object([
            ("tool", .object([("driver", driver(ruleList))])),
            ("originalUriBaseIds", .object([(Self.rootBaseID, .object([("uri", .string(rootURI))]))])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(diagnostics.map { result($0, ruleIndex: ruleIndex[$0.code], excerpt: excerpt($0, files: files)) })),
            ("invocations", .array([.object([
                ("executionSuccessful", .bool(true)),
                ("toolExecutionNotifications", .array(withoutInventory.map { gap in
                    .object([
                        ("descriptor", .object([("id", .string(InventoryGap.notificationID))])),
                        ("level", .string("warning")),
                        ("message", .object([("text", .string("\(InventoryGap.consequence): \(gap.reason)"))])),
                        ("locations", .array([.object([("physicalLocation", .object([("artifactLocation", artifactLocation(gap.path))]))])])),
                    ])
                })),
            ])])),
        ])
        let log: JSONValue = .object([
            ("$schema", .string(Self.schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
        return log.rendered() + "\n"
    }

    private func driver(_ rules: [RuleMetadata]) -> JSONValue {
        .object([
            ("name", .string(ToolInfo.name)),
            ("informationUri", .string(ToolInfo.homepage)),
            ("version", .string(ToolInfo.version)),
            ("semanticVersion", .string(ToolInfo.version)),
            ("rules", .array(rules.map(Self.descriptor))),
        ])
    }

    static func descriptor(_ metadata: RuleMetadata) -> JSONValue {
        let page = RuleDocs.page(for: metadata)
        return .object([
            ("id", .string(metadata.code)),
            ("name", .string(metadata.name)),
            ("shortDescription", .object([("text", .string(metadata.summary))])),
            ("fullDescription", .object([("text", .string(metadata.description))])),
            ("helpUri", .string(ToolInfo.rulePageURL(RuleDocs.fileName(for: metadata)))),
            ("help", .object([("text", .string(page)), ("markdown", .string(page))])),
            ("defaultConfiguration", .object([("level", .string(level(metadata.severity)))])),
            ("properties", .object([("fix", .string(metadata.fix.applicability?.rawValue ?? "none"))])),
        ])
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// A finding kept past its file's lifetime carries its excerpt; otherwise take it from
    /// the file's parse (without one: no pointer kinds from the tree and no fixes).
    private func excerpt(_ diagnostic: Diagnostic, files: [String: ParsedFile]) -> FindingExcerpt? {
        diagnostic.excerpt ?? files[diagnostic.path].map { FindingExcerpt(diagnostic, in: $0, fixReplacements: true) }
    }

    private func result(_ diagnostic: Diagnostic, ruleIndex: Int?, excerpt: FindingExcerpt?) -> JSONValue {
        let artifact = artifactLocation(diagnostic.path)
        var location: [(String, JSONValue)] = [
            ("physicalLocation", .object([("artifactLocation", artifact), ("region", Self.region(diagnostic.range))])),
        ]
        if !diagnostic.keyPath.isEmpty {
            location.append(("logicalLocations", .array([logicalLocation(diagnostic.keyPath, kind: excerpt?.pointerKind ?? "property")])))
        }
        var members: [(String, JSONValue)] = [("ruleId", .string(diagnostic.code))]
        if let ruleIndex { members.append(("ruleIndex", .int(ruleIndex))) }
        members += [
            ("level", .string(Self.level(diagnostic.severity))),
            ("message", .object([("text", .string(diagnostic.message))])),
            ("locations", .array([.object(location)])),
        ]
        if !diagnostic.related.isEmpty {
            members.append(("relatedLocations", .array(diagnostic.related.enumerated().map { index, related in
                .object([
                    ("id", .int(index + 1)),
                    ("physicalLocation", .object([("artifactLocation", artifact), ("region", Self.region(related.range))])),
                    ("message", .object([("text", .string(related.message))])),
                ])
            })))
        }
        members.append(("partialFingerprints", .object([(Self.fingerprintKey, .string(fingerprint(diagnostic)))])))
        if let fix = diagnostic.fix, let change = excerpt?.fixReplacements {
            members.append(("fixes", .array([.object([
                ("description", .object([("text", .string(fix.description))])),
                ("artifactChanges", .array([.object([("artifactLocation", artifact), ("replacements", .array(change))])])),
                ("properties", .object([("applicability", .string(fix.applicability.rawValue))])),
            ])])))
        }
        return .object(members)
    }

    /// `code|path|pointer`: what a finding is, not where its line happens to be.
    func fingerprint(_ diagnostic: Diagnostic) -> String {
        "\(diagnostic.code)|\(ReportPath.display(diagnostic.path, root: rootDirectory))|\(diagnostic.keyPath)"
    }

    private func artifactLocation(_ path: String) -> JSONValue {
        if let relative = ReportPath.relative(path, to: rootDirectory) {
            return .object([("uri", .string(ReportPath.uriEncoded(relative))), ("uriBaseId", .string(Self.rootBaseID))])
        }
        return .object([("uri", .string("file://" + ReportPath.uriEncoded(ReportPath.absolute(path, root: rootDirectory))))])
    }

    static func region(_ range: SourceRange) -> JSONValue { .object(FindingExcerpt.regionMembers(range)) }

    /// The pointer, named by its last token.
    private func logicalLocation(_ pointer: String, kind: String) -> JSONValue {
        .object([
            ("name", .string(FindingExcerpt.tokens(pointer).last ?? "")),
            ("fullyQualifiedName", .string(pointer)),
            ("kind", .string(kind)),
        ])
    }

}
