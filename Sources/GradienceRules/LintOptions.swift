import GradienceInventory
import GradiencePEFT
/// The settings a lint run uses, merged from `.gradience-lint.yml` and the command line.
public struct LintOptions: Sendable {
    public enum PatternStyle: String, Sendable, CaseIterable {
        /// Every adapted module is listed and the default `r` is the minimum (the seed team's convention).
        case complete
        /// The default is the most common rank and the pattern holds only overrides.
        case minimal
    }

    public var patternStyle: PatternStyle = .complete
    public var allowedRanks: [Int]?
    /// Codes to run (nil: all) and codes to skip.
    public var select: Set<String>?
    public var ignore: Set<String> = []
    public var severityOverrides: [String: Severity] = [:]
    public var peftVersion: PeftVersion = .defaultVersion
    /// The transformers release whose module layouts and PEFT behaviour apply; nil: a model
    /// folder's `transformers_version`, else `TransformersVersion.newest`.
    public var transformersVersion: TransformersVersion?
    /// Where the base model's module names come from (`model:` in settings, `--modules`, …).
    public var model = ModelSource()
    /// Larger files are not read: they get a GL000 diagnostic instead (`max-file-size`).
    public var maxFileSize = LintOptions.defaultMaxFileSize
    public static let defaultMaxFileSize = 64 << 20
    /// `per-file-ignores` and `ignore-keys`; their globs are relative to `settingsDirectory`.
    public var suppressions = SuppressionSettings()
    /// `include` / `exclude`: which files a folder walk lints.
    public var files = FileSelection()
    /// The least severe finding that fails the run (`fail-on`; exit code 1).
    public var failOn: Severity = .info
    /// A LoRA config read without the base model's modules is an error (GL042), for CI
    /// gates that want certainty (`require-inventory`, `--require-inventory`).
    public var requireInventory = false
    /// The folder of the settings file these options came from (nil: none).
    public var settingsDirectory: String?

    public struct ModelSource: Sendable, Hashable {
        public var modulesFile: String?
        public var modelDirectory: String?
        public var architecture: String?
        public var numLayers: Int?
        /// Routed experts per MoE layer for `architecture` (nil: the architecture's usual count).
        public var numExperts: Int?
        /// Where `architecture` and `numLayers` came from, as `resolve` says it:
        /// "--architecture" on the command line, else the settings.
        public var architectureOrigin = "settings"
        public init() {}
    }

    /// Folder walks leave out what `.gitignore` ignores (settings `respect-gitignore`).
    public var respectGitignore = true

    public init() {}

    /// A file's path as the settings' globs see it.
    public func settingsRelativePath(_ path: String) -> String {
        PathGlob.relativePath(path, to: settingsDirectory)
    }

    public func isEnabled(_ code: String) -> Bool {
        if ignore.contains(code) { return false }
        if let select { return select.contains(code) }
        return true
    }
}
