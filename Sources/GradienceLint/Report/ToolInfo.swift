/// Who we are, for machine-readable reports (SARIF's `tool.driver`, the JSON report).
public enum ToolInfo {
    public static let name = "gradience-lint"
    public static let version = "0.1.0"
    /// The project's public home. SARIF needs absolute URIs for `informationUri` and each
    /// rule's `helpUri`, and the README's pre-commit and GitHub Actions snippets point
    /// here; this is the one place to change it.
    public static let repositoryURL = "https://github.com/gradience-lint/gradience-lint"

    /// A rule's page in the repository: `rules/GL001-prefixed-pattern-key.md`, the same
    /// text `gradience-lint explain GL001` prints.
    public static func ruleDocsURL(for metadata: RuleMetadata) -> String {
        "\(repositoryURL)/blob/main/rules/\(RuleDocs.fileName(for: metadata))"
    }
}
