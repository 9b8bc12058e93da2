/// Suppressions from `.gradience-lint.yml`, for JSON (which has no comments) and for
/// whole folders. Globs are relative to the settings file's folder.
///
///     per-file-ignores:
///       "legacy/**": [GL003, GL007]
///     ignore-keys:
///       - path: "adapters/*/adapter_config.json"
///         pointer: /rank_pattern
///         codes: [GL005]
///         reason: keys for the vision tower, which our inventory does not list
///
/// An `ignore-keys` pointer covers the node it names and everything below it
/// (`/rank_pattern` covers `/rank_pattern/q_proj`); it has no wildcards, because pattern
/// keys are regexes and may contain `*` themselves. A pointer survives reformatting;
/// a line number would not.
public struct SuppressionSettings: Sendable {
    public struct PerFileIgnore: Sendable {
        public var glob: PathGlob
        public var codes: Set<String>
        public init(glob: PathGlob, codes: Set<String>) {
            self.glob = glob
            self.codes = codes
        }
    }

    public struct IgnoreKey: Sendable {
        public var path: PathGlob
        /// RFC 6901; "" is the document.
        public var pointer: String
        public var codes: Set<String>
        /// Required: a key-level exception without a why is the one nobody dares remove.
        public var reason: String
        public init(path: PathGlob, pointer: String, codes: Set<String>, reason: String) {
            self.path = path
            self.pointer = pointer
            self.codes = codes
            self.reason = reason
        }

        /// Whether `keyPath` is this pointer or lies below it (segment-wise, so
        /// `/rank_pattern` does not cover `/rank_pattern_extra`).
        public func covers(keyPath: String) -> Bool {
            pointer.isEmpty || keyPath == pointer || keyPath.hasPrefix(pointer + "/")
        }
    }

    public var perFileIgnores: [PerFileIgnore] = []
    public var ignoreKeys: [IgnoreKey] = []

    public init() {}

    public var isEmpty: Bool { perFileIgnores.isEmpty && ignoreKeys.isEmpty }

    /// Whether settings silence this diagnostic in the file at `relativePath`.
    public func suppresses(_ diagnostic: Diagnostic, relativePath: String) -> Bool {
        perFileIgnores.contains { $0.codes.contains(diagnostic.code) && $0.glob.matches(relativePath) }
            || ignoreKeys.contains {
                $0.codes.contains(diagnostic.code) && $0.covers(keyPath: diagnostic.keyPath) && $0.path.matches(relativePath)
            }
    }
}
