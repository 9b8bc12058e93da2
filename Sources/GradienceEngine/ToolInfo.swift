/// Who we are, for machine-readable reports (SARIF's `tool.driver`, the JSON report).
public enum ToolInfo {
    public static let name = "gradience-lint"
    /// The one place the version is written: `--version`, the reports, `scripts/package`
    /// (the tarball's and the wheel's names, through `scripts/version`) and the wheel's
    /// metadata (hatchling's regex version source) all read this line. Release tags are
    /// `v` + this; CONTRIBUTING.md's "Releasing" says how.
    public static let version = "0.1.0"
    /// The one place the project's home is written (owner/name on GitHub). The README, the
    /// settings schema's `$id`, SARIF's `informationUri`/`helpUri`, both Python projects'
    /// metadata and the Action's examples spell this; `ProjectURLTests` checks them all.
    public static let repository = "gradience-lint/gradience-lint"
    public static let homepage = "https://github.com/" + repository

    /// A rule page as published with this version's tag (SARIF `helpUri`).
    public static func rulePageURL(_ fileName: String) -> String {
        "\(homepage)/blob/v\(version)/rules/\(fileName)"
    }
}
