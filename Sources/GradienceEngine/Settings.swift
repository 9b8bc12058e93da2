import Foundation
import GradienceSyntax
import GradienceInventory
import GradiencePEFT
import GradienceRules

/// `.gradience-lint.yml`: found by walking up from each checked file, or given with
/// `--config`. Unknown keys and rule codes are errors with a "did you mean", because a
/// misspelt setting that is silently ignored is the very failure this tool exists to stop.
///
/// In each folder the walk up looks for, in this order, `.gradience-lint.yml`,
/// `.gradience-lint.yaml` (both in one folder is an error: one would be ignored) and a
/// `pyproject.toml` with a `[tool.gradience-lint]` table (as ruff prefers its own file to
/// `pyproject.toml`); the first folder with any of them wins.
public struct Settings {
    public static let fileName = ".gradience-lint.yml"
    public static let alternateFileName = ".gradience-lint.yaml"
    public static let fileNames: Set<String> = [fileName, alternateFileName]
    public static let pyprojectTable = "gradience-lint"

    public var peftVersion: String?
    public var transformersVersion: String?
    public var patternStyle: LintOptions.PatternStyle?
    public var allowedRanks: [Int]?
    public var select: Set<String>?
    public var ignore: Set<String> = []
    public var severity: [String: Severity] = [:]
    public var model = ModelSettings()
    /// Bytes; larger files get a GL000 diagnostic and are not read.
    public var maxFileSize: Int?
    public var include: [PathGlob]?
    public var exclude: [PathGlob] = []
    public var perFileIgnores: [SuppressionSettings.PerFileIgnore] = []
    public var ignoreKeys: [SuppressionSettings.IgnoreKey] = []
    public var failOn: Severity?
    /// Whether folder walks leave out what `.gitignore` ignores (default true).
    public var respectGitignore: Bool?
    /// Whether a LoRA config without a module inventory is an error (GL042; default false).
    public var requireInventory: Bool?
    /// The folder holding the settings file; relative paths in it start here.
    public var baseDirectory: String?
    public var path: String?

    public struct ModelSettings {
        public var architecture: String?
        public var numLayers: Int?
        public var numExperts: Int?
        public var modulesFile: String?
        public var dir: String?
    }

    public struct Problem: Error, CustomStringConvertible {
        public let path: String
        public let line: Int
        public let column: Int
        public let message: String
        public var description: String { "\(path):\(line):\(column): \(message)" }

        package init(path: String, line: Int, column: Int, message: String) {
            self.path = path
            self.line = line
            self.column = column
            self.message = message
        }
    }

    public init() {}

    static let topLevelKeys = ["peft-version", "transformers-version", "pattern-style", "allowed-ranks", "select", "ignore", "severity", "model",
                               "include", "exclude", "per-file-ignores", "ignore-keys", "fail-on", "max-file-size",
                               "respect-gitignore", "require-inventory"]
    static let modelKeys = ["architecture", "num-layers", "num-experts", "modules-file", "dir"]
    static let ignoreKeyKeys = ["path", "pointer", "codes", "reason"]

    /// The nearest settings file at or above `path`'s folder.
    public static func find(startingAt path: String) -> String? {
        // On the path text and with stat(2): a zoo asks once per folder, and URL
        // standardisation plus FileManager cost more than linting a small file.
        var folder = LexicalPath.absolute(path)
        var info = stat()
        if !(FileNameBytes.withSystemPath(folder, { stat($0, &info) }) == 0 && info.st_mode & S_IFMT == S_IFDIR) { folder = parent(of: folder) }
        while true {
            let prefix = folder == "/" ? "/" : folder + "/"
            // lstat: a dangling or looping symlink is still the user's settings file, and
            // loading it then says it cannot be read rather than it being skipped silently.
            for name in [fileName, alternateFileName] where FileNameBytes.withSystemPath(prefix + name, { lstat($0, &info) }) == 0 { return prefix + name }
            if FileNameBytes.withSystemPath(prefix + "pyproject.toml", { stat($0, &info) }) == 0, PyprojectSettings.hasTable(atPath: prefix + "pyproject.toml") {
                return prefix + "pyproject.toml"
            }
            if folder == "/" { return nil }
            folder = parent(of: folder)
        }
    }

    /// Where a settings file that is a symlink out of its tree (the repository holding it,
    /// or outside git its folder) really is; nil for any other. A run that reads one says
    /// so (issue 28: a repository must not silently take its settings from elsewhere).
    public static func linkOutOfTree(_ path: String) -> String? {
        var info = stat()
        guard FileNameBytes.withSystemPath(path, { lstat($0, &info) }) == 0, info.st_mode & S_IFMT == S_IFLNK else { return nil }
        let folder = LexicalPath.absolute((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent)
        let tree = GitIgnore.workTree(containing: folder) ?? folder
        let real = FileNameBytes.withSystemPath(path) { system -> String? in
            guard let resolved = realpath(system, nil) else { return nil }
            defer { free(resolved) }
            return FileNameBytes.display(resolved)
        }
        let realTree = realpath(tree, nil).map { resolved in defer { free(resolved) }; return String(cString: resolved) } ?? tree
        guard let real, !LexicalPath.isInside(real, realTree) else { return nil }
        return real
    }

    /// A found `.gradience-lint.yml` with a `.gradience-lint.yaml` beside it (or the other
    /// way round): an error, since one of them would be silently ignored.
    public static func checkUnambiguous(_ path: String) throws {
        let name = (path as NSString).lastPathComponent
        guard fileNames.contains(name) else { return }
        let other = (path as NSString).deletingLastPathComponent + "/" + (name == fileName ? alternateFileName : fileName)
        var info = stat()
        if lstat(other, &info) == 0 {
            throw Problem(path: path, line: 1, column: 1,
                          message: "both \(fileName) and \(alternateFileName) are in this folder; gradience-lint reads only one: merge them into one file")
        }
    }

    /// The folder holding `path` (absolute and clean); "/" for "/" and its children.
    private static func parent(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), slash != path.utf8.startIndex else { return "/" }
        return String(path[..<slash])
    }

    public static func load(path: String) throws -> Settings {
        // Through SourceReader: a settings file found by walking up could be a FIFO.
        switch SourceReader.read(path: path, limit: LintOptions.defaultMaxFileSize) {
        case .success(let bytes) where (path as NSString).lastPathComponent == "pyproject.toml":
            return try PyprojectSettings.parse(SourceText(path: path, bytes: bytes))
        case .success(let bytes): return try parse(SourceText(path: path, bytes: bytes))
        case .failure(let problem): throw Problem(path: path, line: 1, column: 1, message: "settings file: \(problem)")
        }
    }

    public static func parse(_ source: SourceText) throws -> Settings {
        let parsed = Parser.parse(source)
        if let problem = parsed.problem {
            throw Problem(path: source.path, line: problem.range.start.line, column: problem.range.start.column, message: problem.message)
        }
        // One document: a second one would be silently ignored.
        if parsed.documents.count > 1 {
            throw problem(source, parsed.documents[1], "a settings file holds one YAML document; this second one would be ignored")
        }
        return try parse(root: parsed.documents.first, source: source)
    }

    /// A mapping's entries as they take effect, after refusing a key written twice (the
    /// second would silently win; merge keys `<<` are how YAML means to override).
    static func entries(_ source: SourceText, _ node: Node) throws -> [MappingEntry] {
        var seen: [String: Node] = [:]
        for entry in node.resolved.entries ?? [] {
            guard let key = entry.keyText, key != "<<" else { continue }
            if let first = seen[key] {
                throw problem(source, entry.key, "duplicate key '\(key)' (first at line \(first.range.start.line)); only one would be used")
            }
            seen[key] = entry.key
        }
        return node.effectiveEntries
    }

    /// The settings in a mapping: a YAML document's root, or `pyproject.toml`'s
    /// `[tool.gradience-lint]` table read into the same nodes.
    static func parse(root: Node?, source: SourceText) throws -> Settings {
        var settings = Settings()
        settings.path = source.path
        settings.baseDirectory = URL(fileURLWithPath: source.path).deletingLastPathComponent().path
        guard let root else { return settings }
        guard root.entries != nil else { throw problem(source, root, "the settings file must be a mapping") }
        for entry in try entries(source, root) {
            let key = entry.keyText ?? ""
            let value = entry.value.resolved
            switch key {
            case "peft-version":
                guard let text = value.scalar?.text, PeftVersion(text) != nil else {
                    throw problem(source, value, "peft-version must be a version such as 0.18.1")
                }
                settings.peftVersion = text
            case "transformers-version":
                guard let text = value.scalar?.text, TransformersVersion(text) != nil else {
                    throw problem(source, value, "transformers-version must be a version such as 5.24.0")
                }
                settings.transformersVersion = text
            case "pattern-style":
                guard let style = value.scalar.flatMap({ LintOptions.PatternStyle(rawValue: $0.text) }) else {
                    throw problem(source, value, "pattern-style must be one of: complete, minimal")
                }
                settings.patternStyle = style
            case "allowed-ranks":
                guard let items = value.items, let ranks = Optional(items.compactMap { $0.scalar?.value.intValue }),
                      ranks.count == items.count, ranks.allSatisfy({ $0 > 0 }) else {
                    throw problem(source, value, "allowed-ranks must be a list of positive integers")
                }
                settings.allowedRanks = ranks
            case "select", "ignore":
                let codes = try ruleCodes(source, value)
                if key == "select" { settings.select = codes } else { settings.ignore = codes }
            case "severity":
                guard value.entries != nil else { throw problem(source, value, "severity must be a mapping of rule code to error, warning or info") }
                for item in try entries(source, value) {
                    let code = try ruleCode(source, item.key)
                    guard let level = item.value.scalar.flatMap({ Severity(rawValue: $0.text) }) else {
                        throw problem(source, item.value, "severity must be one of: error, warning, info")
                    }
                    settings.severity[code] = level
                }
            case "model":
                try settings.model = modelSettings(source, value)
            case "max-file-size":
                guard let text = value.scalar?.text, let bytes = ByteSize.parse(text) else {
                    throw problem(source, value, "max-file-size must be a positive size such as 67108864, 64MiB or 512KiB")
                }
                guard bytes <= ByteSize.maximumFileSize else {
                    throw problem(source, value, "max-file-size must be at most \(ByteSize.describe(ByteSize.maximumFileSize)) (a file is read whole into memory)")
                }
                settings.maxFileSize = bytes
            case "include", "exclude":
                let globs = try globList(source, value, key)
                if key == "include" { settings.include = globs } else { settings.exclude = globs }
            case "per-file-ignores":
                guard value.entries != nil else { throw problem(source, value, "per-file-ignores must be a mapping of glob to rule codes") }
                for item in try entries(source, value) {
                    guard let glob = item.keyText, !glob.isEmpty else { throw problem(source, item.key, "expected a glob") }
                    settings.perFileIgnores.append(.init(glob: PathGlob(glob), codes: try ruleCodes(source, item.value)))
                }
            case "ignore-keys":
                guard let items = value.items else { throw problem(source, value, "ignore-keys must be a list of {path, pointer, codes, reason}") }
                settings.ignoreKeys = try items.map { try ignoreKey(source, $0.resolved) }
            case "respect-gitignore":
                guard case .bool(let respect)? = value.scalar?.value else {
                    throw problem(source, value, "respect-gitignore must be true or false")
                }
                settings.respectGitignore = respect
            case "require-inventory":
                guard case .bool(let require)? = value.scalar?.value else {
                    throw problem(source, value, "require-inventory must be true or false")
                }
                settings.requireInventory = require
            case "fail-on":
                guard let level = value.scalar.flatMap({ Severity(rawValue: $0.text) }) else {
                    throw problem(source, value, "fail-on must be one of: error, warning, info")
                }
                settings.failOn = level
            default:
                throw problem(source, entry.key, "unknown setting '\(key)'\(Suggestion.didYouMean(key, among: topLevelKeys))")
            }
        }
        return settings
    }

    private static func modelSettings(_ source: SourceText, _ node: Node) throws -> ModelSettings {
        guard node.entries != nil else { throw problem(source, node, "model must be a mapping") }
        var model = ModelSettings()
        for entry in try entries(source, node) {
            let key = entry.keyText ?? ""
            let text = entry.value.resolved.scalar?.text
            switch key {
            case "architecture": model.architecture = text
            case "num-layers":
                guard let layers = entry.value.resolved.scalar?.value.intValue, layers > 0 else {
                    throw problem(source, entry.value, "num-layers must be a positive integer")
                }
                model.numLayers = layers
                if let reason = ModelSizeLimits.problem(layers: layers, experts: model.numExperts) {
                    throw problem(source, entry.value, reason)
                }
            case "num-experts":
                guard let experts = entry.value.resolved.scalar?.value.intValue, experts > 0 else {
                    throw problem(source, entry.value, "num-experts must be a positive integer")
                }
                model.numExperts = experts
                if let reason = ModelSizeLimits.problem(layers: model.numLayers, experts: experts) {
                    throw problem(source, entry.value, reason)
                }
            case "modules-file", "dir":
                guard let text, !text.isEmpty else { throw problem(source, entry.value, "\(key) must be a path") }
                try confine(text, key: key, source, entry.value)
                if key == "dir" { model.dir = text } else { model.modulesFile = text }
            default:
                throw problem(source, entry.key, "unknown model setting '\(key)'\(Suggestion.didYouMean(key, among: modelKeys))")
            }
        }
        return model
    }

    /// A path a settings file names must stay inside the repository holding it (or, outside
    /// git, the settings file's folder tree): a repository's settings must not make the
    /// linter read `/proc/self/environ` or a file under someone's home and quote it in a CI
    /// log (issue 28). Absolute paths, `..` out of the tree and symlinks that leave it are
    /// refused; the command line (`--modules`, `--model-dir`) may name any path.
    static func confine(_ text: String, key: String, _ source: SourceText, _ node: Node) throws {
        let folder = LexicalPath.absolute((source.path as NSString).deletingLastPathComponent.isEmpty
                                          ? "." : (source.path as NSString).deletingLastPathComponent)
        let tree = GitIgnore.workTree(containing: folder) ?? folder
        let onCommandLine = "give it on the command line (\(key == "dir" ? "--model-dir" : "--modules")) instead"
        guard !text.hasPrefix("/") && !text.hasPrefix("~") else {
            throw problem(source, node, "\(key) must be a path inside \(tree) relative to the settings file, not an absolute path; \(onCommandLine)")
        }
        let resolved = LexicalPath.absolute(text, base: folder)
        guard LexicalPath.isInside(resolved, tree) else {
            throw problem(source, node, "\(key) leads out of \(tree); a settings file may name only paths inside it: \(onCommandLine)")
        }
        // Symlinks on the way may lead out even when the text does not.
        if let real = realpath(resolved, nil), let realTree = realpath(tree, nil) {
            defer { free(real); free(realTree) }
            let target = String(cString: real)
            guard LexicalPath.isInside(target, String(cString: realTree)) else {
                throw problem(source, node, "\(key) leads out of \(tree) through a symlink; \(onCommandLine)")
            }
        }
    }

    private static func globList(_ source: SourceText, _ node: Node, _ key: String) throws -> [PathGlob] {
        guard let items = node.items else { throw problem(source, node, "\(key) must be a list of globs") }
        return try items.map { item in
            guard let text = item.resolved.scalar?.text, !text.isEmpty else { throw problem(source, item, "expected a glob") }
            return PathGlob(text)
        }
    }

    /// One `ignore-keys` entry; every field is required, `reason` above all.
    private static func ignoreKey(_ source: SourceText, _ node: Node) throws -> SuppressionSettings.IgnoreKey {
        guard node.entries != nil else { throw problem(source, node, "an ignore-keys entry must be a mapping with path, pointer, codes and reason") }
        var path: PathGlob?, pointer: String?, codes: Set<String>?, reason: String?
        for entry in try entries(source, node) {
            let key = entry.keyText ?? ""
            let text = entry.value.resolved.scalar?.text
            switch key {
            case "path":
                guard let text, !text.isEmpty else { throw problem(source, entry.value, "path must be a glob") }
                path = PathGlob(text)
            case "pointer":
                // A null or empty pointer is the whole document.
                let value = entry.value.resolved.scalar
                let written = value?.value == .null ? "" : (value?.text ?? "-")
                guard written.isEmpty || written.hasPrefix("/") else {
                    throw problem(source, entry.value, "pointer must be a JSON Pointer such as /rank_pattern (RFC 6901: starts with '/')")
                }
                pointer = written
            case "codes":
                codes = try ruleCodes(source, entry.value)
            case "reason":
                guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw problem(source, entry.value, "reason must say why the finding is accepted")
                }
                reason = text
            default:
                throw problem(source, entry.key, "unknown ignore-keys field '\(key)'\(Suggestion.didYouMean(key, among: ignoreKeyKeys))")
            }
        }
        for (name, present) in [("path", path != nil), ("pointer", pointer != nil), ("codes", codes != nil), ("reason", reason != nil)] where !present {
            throw problem(source, node, "ignore-keys entry needs '\(name)'\(name == "reason" ? ": say why the finding is accepted" : "")")
        }
        return SuppressionSettings.IgnoreKey(path: path!, pointer: pointer!, codes: codes!, reason: reason!)
    }

    private static func ruleCodes(_ source: SourceText, _ node: Node) throws -> Set<String> {
        guard let items = node.items else { throw problem(source, node, "expected a list of rule codes") }
        return Set(try items.map { try ruleCode(source, $0) })
    }

    private static func ruleCode(_ source: SourceText, _ node: Node) throws -> String {
        let text = node.resolved.scalar?.text ?? ""
        guard let rule = RuleRegistry.rule(code: text) else {
            throw problem(source, node, "unknown rule code '\(text)'\(Suggestion.didYouMean(text, among: RuleRegistry.codes))")
        }
        return rule.metadata.code
    }

    private static func problem(_ source: SourceText, _ node: Node, _ message: String) -> Problem {
        Problem(path: source.path, line: node.range.start.line, column: node.range.start.column, message: message)
    }

    /// The lint options these settings give, before command-line overrides.
    public func options() -> LintOptions {
        var options = LintOptions()
        if let peftVersion, let version = PeftVersion(peftVersion) { options.peftVersion = version }
        options.transformersVersion = transformersVersion.flatMap(TransformersVersion.init)
        if let patternStyle { options.patternStyle = patternStyle }
        options.allowedRanks = allowedRanks
        options.select = select
        options.ignore = ignore
        options.severityOverrides = severity
        options.model.modulesFile = model.modulesFile.map(resolvePath)
        options.model.modelDirectory = model.dir.map(resolvePath)
        options.model.architecture = model.architecture
        options.model.numLayers = model.numLayers
        options.model.numExperts = model.numExperts
        if let maxFileSize { options.maxFileSize = maxFileSize }
        options.settingsDirectory = baseDirectory
        options.files = FileSelection(include: include, exclude: exclude)
        options.suppressions.perFileIgnores = perFileIgnores
        options.suppressions.ignoreKeys = ignoreKeys
        if let failOn { options.failOn = failOn }
        if let respectGitignore { options.respectGitignore = respectGitignore }
        if let requireInventory { options.requireInventory = requireInventory }
        return options
    }

    /// Resolves a path written in the settings file against the file's folder.
    public func resolvePath(_ path: String) -> String {
        guard !path.hasPrefix("/"), let baseDirectory else { return path }
        return URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).standardizedFileURL.path
    }
}

