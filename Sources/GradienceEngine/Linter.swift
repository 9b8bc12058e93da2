import Foundation
import GradienceSyntax
import GradienceInventory
import GradiencePEFT
import GradienceConfig
import GradienceRules

/// Lints one file: parse, find the LoRA settings, run the enabled rules.
public struct Linter {
    public let options: LintOptions
    let inventories: InventoryCache
    let rules: [any Rule.Type]

    public init(options: LintOptions, inventories: InventoryCache = InventoryCache(), rules: [any Rule.Type] = RuleRegistry.all) {
        self.options = options
        self.inventories = inventories
        self.rules = rules
    }

    public struct FileResult {
        public internal(set) var source: SourceText
        public var parsed: ParsedFile
        public var diagnostics: [Diagnostic]
        /// Why LoRA rules did not run on a recognised config (for `--verbose`).
        public var skipped: [String]
        /// Whether any document holds LoRA settings.
        public var hasLoraSettings: Bool
        /// How each document with LoRA settings was read: its format and section (for `--verbose`).
        public var readAs: [String] = []
        /// Why a LoRA document of this file was read without the base model's modules: its
        /// target modules, layer indices and pattern keys were not checked (the rules that
        /// need them ran reduced). Said in every report's summary, never silently.
        public var inventoryNote: String?
        /// Per LoRA document: its settings, inventory and resolution (for `resolve` and fixes).
        public var analyses: [Analysis] = []
        /// What was left unchecked and why, said once per file (for `--verbose`): an
        /// `adapter_model.bin` that is never unpickled.
        public var notes: [String] = []
        /// Findings silenced by settings or `# gradience-lint:` comments (for counts).
        public var suppressed: [Diagnostic] = []

        /// The result as a run keeps it until it reports: each finding with the excerpt
        /// the renderers need, and without the text, the tree, the analyses (every
        /// module's resolution) and the fixes' edits (they hold the tree's nodes). Peak
        /// memory then follows the largest file, not the number of files.
        /// - Parameter fixReplacements: keep each fix's byte edits (SARIF shows them).
        public func forReport(fixReplacements: Bool) -> FileResult {
            let empty = SourceText(path: source.path, bytes: [], isJSON: source.isJSON)
            var result = self
            result.source = empty
            result.parsed = ParsedFile(source: empty, documents: [], problem: parsed.problem, aliasCount: parsed.aliasCount)
            result.analyses = []
            result.diagnostics = diagnostics.map { diagnostic in
                var kept = diagnostic.withoutEdits
                kept.excerpt = FindingExcerpt(diagnostic, in: parsed, fixReplacements: fixReplacements)
                return kept
            }
            result.suppressed = suppressed.map(\.withoutEdits)
            return result
        }
    }

    public struct Analysis {
        public let lora: LoraSettings
        public let inventory: Inventory?
        public let resolution: Resolution?
        /// The trained weights beside an `adapter_config.json`; `TrainedRanks.compare`
        /// sets them against `resolution`.
        public var adapterWeights: AdapterWeights? = nil
    }

    public func lint(_ source: SourceText) -> FileResult {
        let parsed = Parser.parse(source)
        var result = FileResult(source: source, parsed: parsed, diagnostics: [], skipped: [], hasLoraSettings: false)
        if let problem = parsed.problem {
            // A file that does not parse cannot be shown to be LoRA-free: always report it.
            if options.isEnabled(SyntaxError.metadata.code) {
                result.diagnostics.append(diagnostic(SyntaxError.self, SyntaxError.finding(for: problem), source))
            }
            return applySuppressions(to: result)
        }
        // One regex budget for the whole file, however many documents it holds.
        let regexBudget = RegexBudget()
        for document in parsed.documents {
            let extraction = ConfigExtractor.extractAll(from: document)
            for note in extraction.notes where !result.notes.contains(note) { result.notes.append(note) }
            for outcome in extraction.outcomes {
                switch outcome {
                case .none:
                    continue
                case .skipped(let reason):
                    result.skipped.append(reason)
                case .lora(let settings):
                    result.hasLoraSettings = true
                    result.readAs.append(settings.sectionPointer.isEmpty ? settings.format.rawValue : "\(settings.format.rawValue) (\(settings.sectionPointer))")
                    // A rank, alpha or target list the file does not fix (`${lora.rank}`, a `null`
                    // a command line fills in) is never judged: no resolution, and the rules that
                    // need the values stay quiet (and the file is not called fully checked).
                    let unknownInputs = settings.notStaticallyKnown.intersection(Self.resolutionInputs)
                    let valuesUnknown = !unknownInputs.isEmpty
                    let loaded = valuesUnknown ? nil : inventoryResult(for: settings, path: source.path)
                    let inventory = loaded?.inventory
                    let patternMemo = PatternMemo()
                    let resolution = inventory.map { Resolver.resolve(spec: settings.spec, inventory: $0, version: options.peftVersion,
                                                                        budget: regexBudget, memo: patternMemo) }
                    if inventory == nil, result.inventoryNote == nil {
                        result.inventoryNote = valuesUnknown
                            ? "\(unknownInputs.sorted().joined(separator: ", ")) not fixed by the file (unresolved), so it was not resolved"
                            : loaded?.unavailableReason ?? "no module inventory"
                    }
                    let weights = adapterWeights(forConfigAt: source.path)
                    if let note = weights.note, !result.notes.contains(note) { result.notes.append(note) }
                    result.analyses.append(Analysis(lora: settings, inventory: inventory, resolution: resolution,
                                                    adapterWeights: weights.weights))
                    var context = RuleContext(source: source, document: document, lora: settings, options: options,
                                              inventory: inventory, resolution: resolution)
                    context.adapterWeights = weights.weights
                    context.adapterWeightsProblem = weights.problem
                    context.regexBudget = regexBudget
                    context.patternMemo = patternMemo
                    context.assumedArchitecture = loaded?.assumed
                    context.inventoryUnavailableReason = inventory == nil ? loaded?.unavailableReason : nil
                    var found: [Diagnostic] = []
                    for rule in rules where options.isEnabled(rule.metadata.code)
                        && !(valuesUnknown && Self.needsResolvedValues.contains(rule.metadata.code)) {
                        for finding in rule.check(context) {
                            found.append(diagnostic(rule, finding, source))
                        }
                    }
                    // GL019 is the explanation of last resort (see PeftRejectsConfig).
                    if PeftRejectsConfig.isExplained(by: found) { found.removeAll { $0.code == PeftRejectsConfig.metadata.code } }
                    result.diagnostics += found
                }
            }
        }
        result = applySuppressions(to: result)
        result.diagnostics.sort(by: Diagnostic.ordered)
        return result
    }

    /// The fields a resolution is computed from.
    public static let resolutionInputs: Set<String> = ["r", "lora_alpha", "target_modules", "rank_pattern", "alpha_pattern",
                                                "layers_to_transform", "exclude_modules"]
    /// Rules whose answer depends on the values of `resolutionInputs` (the others check
    /// keys, syntax, or look at `notStaticallyKnown` field by field themselves).
    static let needsResolvedValues: Set<String> = ["GL002", "GL003", "GL004", "GL005", "GL006", "GL007", "GL009", "GL015", "GL019"]

    /// Settings and comment suppressions, then GL018 for comments that silenced nothing.
    func applySuppressions(to result: FileResult) -> FileResult {
        var result = result
        // Without an inventory the resolution rules ran reduced: "unused" cannot be judged.
        let judgeUnused = result.analyses.allSatisfy { $0.resolution != nil }
        let outcome = Suppressions(file: result.parsed).apply(
            result.diagnostics, options: options, relativePath: options.settingsRelativePath(result.source.path),
            judgeUnused: judgeUnused, report: { diagnostic(UnusedSuppression.self, $0, result.source) })
        result.diagnostics = outcome.kept
        result.suppressed = outcome.suppressed.sorted(by: Diagnostic.ordered)
        return result
    }

    /// The most exact inventory the options and the file allow (DESIGN.md §2, Inventory),
    /// and why there is none.
    public func inventory(for settings: LoraSettings, path: String) -> (Inventory?, String?) {
        let found = inventoryResult(for: settings, path: path)
        return (found.inventory, found.unavailableReason)
    }

    /// The inventory, or why there is none and which architecture the model's name points to.
    public func inventoryResult(for settings: LoraSettings, path: String) -> InventoryResult {
        var request = InventoryRequest()
        request.modulesFile = options.model.modulesFile
        request.modelDirectory = options.model.modelDirectory
        request.architecture = options.model.architecture
        request.numLayers = options.model.numLayers
        request.numExperts = options.model.numExperts
        request.transformersVersion = options.transformersVersion
        request.architectureOrigin = options.model.architectureOrigin
        request.modelID = settings.modelName
        if (path as NSString).lastPathComponent == "adapter_config.json" {
            let folder = (path as NSString).deletingLastPathComponent
            request.adapterDirectory = folder.isEmpty ? "." : folder
        }
        switch inventories.load(request) {
        case .success(let result): return result
        case .failure(let error): return InventoryResult(inventory: nil, unavailableReason: error.message, skipped: [])
        }
    }

    func diagnostic(_ rule: any Rule.Type, _ finding: Finding, _ source: SourceText) -> Diagnostic {
        let metadata = rule.metadata
        let severity = options.severityOverrides[metadata.code] ?? finding.severity ?? metadata.severity
        return Diagnostic(code: metadata.code, name: metadata.name, severity: severity, path: source.path,
                          range: finding.range, keyPath: finding.keyPath, message: finding.message, fix: finding.fix,
                          related: finding.related)
    }
}
