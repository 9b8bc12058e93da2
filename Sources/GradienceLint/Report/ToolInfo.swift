/// Who we are, for machine-readable reports (SARIF's `tool.driver`, the JSON report).
///
/// There is deliberately no public URL here: the project has no published home yet, and
/// SARIF's `informationUri`/`helpUri` are optional — each rule's full page travels in
/// `help` instead, so viewers show it without following a link.
public enum ToolInfo {
    public static let name = "gradience-lint"
    /// The one place the version is written: `--version`, the reports, `scripts/package`
    /// (the tarball's and the wheel's names, through `scripts/version`) and the wheel's
    /// metadata (hatchling's regex version source) all read this line. Release tags are
    /// `v` + this; the README's "Cutting a release" says how.
    public static let version = "0.1.0"
}
