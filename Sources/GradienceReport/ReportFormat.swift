/// The renderers `check` can write, to stdout or to files (`--output-format sarif=x.sarif`).
public enum ReportFormat: String, CaseIterable, Sendable {
    /// `human` is ruff's `full`: each finding with its source line, notes and help.
    case human, concise, json, sarif, github

    /// A format by name, ruff's `full` included.
    public init?(named name: String) {
        if name == "full" { self = .human } else { self.init(rawValue: name) }
    }

    /// Every name `init(named:)` takes.
    public static var names: [String] { allCases.map(\.rawValue) + ["full"] }

    /// `github` inside GitHub Actions (`GITHUB_ACTIONS=true`), as yamllint does; else `human`.
    public static func automatic(environment: [String: String]) -> ReportFormat {
        environment["GITHUB_ACTIONS"] == "true" ? .github : .human
    }

    /// The formats that are text for a person (colour, the notes on stderr).
    public var isForPeople: Bool { self == .human || self == .concise }
}
