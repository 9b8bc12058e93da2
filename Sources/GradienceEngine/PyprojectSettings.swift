import GradienceSyntax
import GradienceInventory
import GradienceRules
/// `[tool.gradience-lint]` in `pyproject.toml`, where Python projects keep their tools'
/// settings: the same keys as `.gradience-lint.yml`, in TOML.
///
/// ```toml
/// [tool.gradience-lint]
/// peft-version = "0.18.1"
/// allowed-ranks = [4, 8, 16]
/// model = {architecture = "llama", num-layers = 32}
/// ```
enum PyprojectSettings {
    /// Whether the file at `path` holds the table (a settings file to stop the walk up
    /// at). A file that mentions gradience-lint but is not valid TOML counts, so that
    /// loading it reports the error instead of it being skipped.
    static func hasTable(atPath path: String) -> Bool {
        guard case .success(let bytes) = SourceReader.read(path: path, limit: LintOptions.defaultMaxFileSize),
              bytes.firstRange(of: Array(Settings.pyprojectTable.utf8)) != nil else { return false }
        guard let root = try? TOMLReader.read(bytes) else { return true }
        return table(in: root) != nil
    }

    static func parse(_ source: SourceText) throws -> Settings {
        let root: Node
        do {
            root = try TOMLReader.read(source.bytes)
        } catch {
            throw Settings.Problem(path: source.path, line: error.line, column: error.column, message: error.message)
        }
        guard let table = table(in: root) else {
            throw Settings.Problem(path: source.path, line: 1, column: 1, message: "no [tool.\(Settings.pyprojectTable)] table")
        }
        return try Settings.parse(root: table, source: source)
    }

    private static func table(in root: Node) -> Node? {
        root.entries?.first { $0.keyText == "tool" }?.value.entries?.first { $0.keyText == Settings.pyprojectTable }?.value
    }
}
