import ArgumentParser
import Foundation
import GradienceLint

/// Options shared by `check` and `resolve`: where settings and the base model's module
/// names come from, and which PEFT version to model. They override `.gradience-lint.yml`.
struct ModelOptions: ParsableArguments {
    @Option(help: "Settings file (default: the nearest .gradience-lint.yml, .gradience-lint.yaml or pyproject.toml with [tool.gradience-lint] above each file).")
    var config: String?

    @Option(name: .customLong("modules"), help: "A file of module names, one per line as model.named_modules() prints them (optionally name<TAB>Class).")
    var modulesFile: String?

    @Option(help: "A base model folder (config.json, model.safetensors.index.json).")
    var modelDir: String?

    @Option(help: "An architecture from the built-in catalog (llama, mistral, qwen2, gpt2, …); needs --num-layers.")
    var architecture: String?

    @Option(help: "The number of layers for --architecture.")
    var numLayers: Int?

    @Option(help: "Routed experts per MoE layer for --architecture (default: the architecture's usual count).")
    var numExperts: Int?

    @Option(help: "The PEFT version to model (default \(PeftVersion.defaultVersion)).")
    var peftVersion: String?

    @Option(help: "The transformers version whose module layouts to model (default: the model folder's config.json transformers_version, else 5.24.0).")
    var transformersVersion: String?

    @Option(help: "Files larger than this are not read and get a GL000 (default 64MiB; e.g. 128MiB, 1000000).")
    var maxFileSize: String?

    @Flag(help: "A LoRA config whose base model's module names cannot be found is an error (GL042), not only a line in the summary.")
    var requireInventory = false

    func validate() throws {
        if let peftVersion, PeftVersion(peftVersion) == nil {
            throw ValidationError("--peft-version '\(peftVersion)' is not a version such as 0.18.1")
        }
        if let transformersVersion, TransformersVersion(transformersVersion) == nil {
            throw ValidationError("--transformers-version '\(transformersVersion)' is not a version such as 5.24.0")
        }
        if let numExperts, numExperts < 1 { throw ValidationError("--num-experts must be a positive integer") }
        if numExperts != nil, architecture == nil { throw ValidationError("--num-experts needs --architecture") }
        if let reason = ModelSizeLimits.problem(layers: numLayers, experts: numExperts) { throw ValidationError("--" + reason) }
        if let maxFileSize, ByteSize.parse(maxFileSize) == nil {
            throw ValidationError("--max-file-size '\(maxFileSize)' is not a positive size such as 64MiB or 67108864")
        }
        if let maxFileSize, let bytes = ByteSize.parse(maxFileSize), bytes > ByteSize.maximumFileSize {
            throw ValidationError("--max-file-size must be at most \(ByteSize.describe(ByteSize.maximumFileSize))")
        }
        if architecture != nil, numLayers == nil { throw ValidationError("--architecture needs --num-layers") }
        if let architecture, Catalog.template(for: architecture) == nil {
            throw ValidationError("unknown architecture '\(architecture)'\(Suggestion.didYouMean(architecture, among: Catalog.architectures))")
        }
    }

    /// Settings for a file (cached per settings file), with the command line on top.
    func options(for path: String, cache: SettingsCache) throws -> LintOptions {
        var options = try cache.options(forFile: path, explicit: config)
        if let modulesFile { options.model = LintOptions.ModelSource(); options.model.modulesFile = modulesFile }
        if let modelDir { options.model = LintOptions.ModelSource(); options.model.modelDirectory = modelDir }
        if let architecture {
            options.model = LintOptions.ModelSource()
            options.model.architecture = architecture
            options.model.numLayers = numLayers
            options.model.numExperts = numExperts
            options.model.architectureOrigin = "--architecture"
        }
        if let peftVersion, let version = PeftVersion(peftVersion) { options.peftVersion = version }
        if let transformersVersion, let version = TransformersVersion(transformersVersion) { options.transformersVersion = version }
        if let maxFileSize, let bytes = ByteSize.parse(maxFileSize) { options.maxFileSize = bytes }
        if requireInventory { options.requireInventory = true }
        return options
    }
}

/// One parse per settings file, however many files it governs.
final class SettingsCache {
    private var loaded: [String: LintOptions] = [:]

    /// Settings file found for each folder: a zoo's files share folders, and the walk up
    /// (URL standardisation and a stat per level) cost more than linting a small file.
    private var foundByFolder: [String: String?] = [:]

    func options(forFile path: String, explicit: String?) throws -> LintOptions {
        guard let settingsPath = explicit ?? settingsFile(for: path) else { return LintOptions() }
        if let cached = loaded[settingsPath] { return cached }
        if explicit == nil {
            try Settings.checkUnambiguous(settingsPath)
            if let target = Settings.linkOutOfTree(settingsPath) {
                FileHandle.standardError.write(Data("note: \(settingsPath) is a symlink out of its repository, to \(target); its settings apply\n".utf8))
            }
        }
        let options = try Settings.load(path: settingsPath).options()
        loaded[settingsPath] = options
        return options
    }

    /// `Settings.find(startingAt:)`, once per folder: a file's search starts at its folder.
    private func settingsFile(for path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return Settings.find(startingAt: path)
        }
        let folder = (path as NSString).deletingLastPathComponent
        if let known = foundByFolder[folder] { return known }
        let found = Settings.find(startingAt: path)
        foundByFolder[folder] = found
        return found
    }
}
