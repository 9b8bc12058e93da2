/// The renderers `check` can write, to stdout or to files (`--output-format sarif=x.sarif`).
public enum ReportFormat: String, CaseIterable, Sendable {
    case human, json, sarif, github

    /// `github` inside GitHub Actions (`GITHUB_ACTIONS=true`), as yamllint does; else `human`.
    public static func automatic(environment: [String: String]) -> ReportFormat {
        environment["GITHUB_ACTIONS"] == "true" ? .github : .human
    }
}
