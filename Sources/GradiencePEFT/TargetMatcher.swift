import Foundation
import GradienceInventory

/// Which modules get a LoRA adapter: `BaseTuner.inject_adapter`'s preparation of
/// `target_modules` (defaults, `"all-linear"`, condensation) followed by
/// `check_target_module_exists` (tuners_utils.py) for each module, per PEFT version.
package struct TargetMatcher {
    /// `EMBEDDING_LAYER_NAMES` (peft utils/constants.py): the last name component PEFT's
    /// `_check_tied_modules` looks at.
    package static let embeddingLayerNames: Set<String> = ["embed_tokens", "lm_head"]

    enum Decision: Equatable {
        case adapted
        case skipped(SkippedModule.Reason)
    }

    private enum Targets {
        case none
        case regex(PythonRegex?)
        case list(DottedSuffixSet)
    }

    private enum Exclusion {
        case none
        case regex(PythonRegex?)
        case list(DottedSuffixSet)
    }

    let version: PeftVersion
    private(set) var effectiveTargets: EffectiveTargets
    private(set) var problems: [String] = []
    private var targets: Targets = .none
    private var exclusion: Exclusion = .none
    private var modulesToSave: [(entry: String, regex: PythonRegex?)] = []
    private var layerIndexes: [Int]?
    private var layerRegexes: [PythonRegex] = []
    /// 0.21+: the index is the pattern's last group (`(?P<idx>\d+)`), not group 1.
    private var namedLayerGroup = false
    /// Set when `int()` of the captured index raises (a layers_pattern with its own group
    /// before 0.21): PEFT's ValueError/TypeError, in its words.
    private(set) var layerIndexFailure: String?
    private let budget: RegexBudget

    init(spec: LoraSpec, inventory: Inventory, version: PeftVersion, budget: RegexBudget = RegexBudget()) {
        self.version = version
        self.budget = budget
        effectiveTargets = EffectiveTargets(source: .none)
        let names = inventory.modules.map(\.name).filter { !$0.isEmpty }

        // 1. `_prepare_adapter_config`: None → the mapping for the model type.
        var given = spec.targetModules
        var source = EffectiveTargets.Source.config
        if given == nil {
            if let modelType = inventory.modelType,
               let defaults = DefaultTargetModules.targets(forModelType: modelType, version: version) {
                given = defaults
                source = .modelTypeDefault
            } else if !(spec.targetParameters ?? []).isEmpty {
                // `_prepare_adapter_config` accepts target_parameters alone.
            } else {
                let type = inventory.modelType.map { "'\($0)'" } ?? "an unknown model type"
                problems.append("target_modules is not set and PEFT \(version) has no default targets for \(type): "
                    + "PEFT raises \"Please specify `target_modules`\"")
            }
        }
        if case .regex(let text)? = given, text.lowercased() == "all-linear" { given = .allLinear }

        // 2. `_maybe_include_all_linear_layers`.
        switch given {
        case nil:
            break
        case .regex(let text)?:
            effectiveTargets = EffectiveTargets(source: source, regex: text)
            targets = .regex(compile(text, mode: .fullMatch, field: "target_modules"))
        case .allLinear?:
            let expansion = AllLinearExpansion.expand(inventory: inventory, taskType: spec.taskType, version: version)
            if expansion.unknownClassCount > 0 {
                problems.append("all-linear: \(expansion.unknownClassCount) modules have no known class and were "
                    + "treated as not linear")
            }
            setList(Set(expansion.targets).union(spec.additionalTargets), source: .allLinear, names: names)
        case .list(let entries)?:
            var entries = Set(entries)
            // `_add_targets_to_tie` (0.19+): with ensure_weight_tying on a tied model, a target named
            // like an embedding also brings the input embedding, so both sides share one LoRA layer.
            if spec.ensureWeightTying, version.hasFeature(since: 0, 19), inventory.tiedEmbeddings == true,
               entries.contains(where: { Self.embeddingLayerNames.contains(String($0.split(separator: ".").last ?? "")) }),
               let input = names.first(where: { $0.split(separator: ".").last == "embed_tokens" }) {
                entries.insert(input)
            }
            setList(entries, source: source, names: names)
        }

        // exclude_modules arrived in 0.14; older releases do not know the field.
        if let exclude = spec.excludeModules {
            if !version.hasFeature(since: 0, 14) {
                problems.append("exclude_modules is not known to PEFT \(version) (loading the config raises TypeError); ignored")
            } else {
                switch exclude {
                case .list(let entries) where !entries.isEmpty:
                    exclusion = .list(DottedSuffixSet(Set(entries)))
                case .list:
                    break
                case .regex(let text):
                    if !text.isEmpty { exclusion = .regex(compile(text, mode: .fullMatch, field: "exclude_modules")) }
                case .allLinear:
                    exclusion = .regex(compile("all-linear", mode: .fullMatch, field: "exclude_modules"))
                }
            }
        }

        // modules_to_save guards target matching from 0.16 on. PeftModelForSequenceClassification
        // appends its heads to the config before injecting (0.16+), so they count too.
        if version.hasFeature(since: 0, 16) {
            var entries = spec.modulesToSave ?? []
            if spec.taskType == "SEQ_CLS" { entries += AllLinearExpansion.sequenceClassificationHeads }
            for entry in entries {
                if let regex = compile(#"(^|.*\.)"# + entry + #"($|\..*)"#, mode: .match, field: "modules_to_save") {
                    modulesToSave.append((entry, regex))
                }
            }
        }

        if let indexes = spec.layersToTransform, !indexes.isEmpty {
            layerIndexes = indexes
            // ≤0.19 greedy `.*\.` captured the last number (an MoE expert index); 0.20 (#3318)
            // made it lazy so the first numbered segment wins; 0.21 also lets the pattern start
            // the name (`(?:^|.*?\.)`, so `model.layers` works) and reads the named group `idx`.
            let lead = version.hasFeature(since: 0, 20) ? #".*?\."# : #".*\."#
            let patterns = spec.layersPattern ?? []
            if patterns.isEmpty {
                layerRegexes = [compile(lead + #"[^.]*\.(\d+)\."#, mode: .match, field: "layers_to_transform")].compactMap { $0 }
            } else if version.hasFeature(since: 0, 21) {
                layerRegexes = patterns.compactMap { compile(#"(?:^|.*?\.)"# + $0 + #"\.(?P<idx>\d+)\."#, mode: .match, field: "layers_pattern") }
                namedLayerGroup = true
            } else {
                layerRegexes = patterns.compactMap { compile(lead + $0 + #"\.(\d+)\."#, mode: .match, field: "layers_pattern") }
            }
        }
    }

    private mutating func setList(_ entries: Set<String>, source: EffectiveTargets.Source, names: [String]) {
        effectiveTargets = EffectiveTargets(source: source, list: entries.pythonSorted())
        if entries.count >= MinimalTargetModules.threshold && entries.contains("") {
            problems.append("target_modules has ≥ \(MinimalTargetModules.threshold) entries and one is empty: "
                + "PEFT raises \"target_modules should not contain an empty string\"")
        }
        if let condensed = MinimalTargetModules.condense(targets: entries, moduleNames: names) {
            effectiveTargets.condensed = condensed.pythonSorted()
            targets = .list(DottedSuffixSet(condensed))
        } else {
            targets = .list(DottedSuffixSet(entries))
        }
    }

    private mutating func compile(_ pattern: String, mode: PythonRegex.Mode, field: String) -> PythonRegex? {
        switch PythonRegex.compile(pattern, mode: mode) {
        case .success(let regex):
            return regex
        case .failure(let problem):
            problems.append("\(field): \(problem) in \(pattern.debugDescription)")
            return nil
        }
    }

    /// Evaluates a config-written regex under the budget. When the budget stops it, the
    /// problem is recorded and the regex dropped (`drop`), so the answer is marked partial
    /// and the cost is paid once.
    private mutating func bounded(_ regex: PythonRegex, _ name: String, field: String, drop: (inout TargetMatcher) -> Void) -> Bool {
        switch regex.matches(name, budget: budget) {
        case .success(let matched): return matched
        case .failure(let stop):
            problems.append("\(field): \(budget.problem(stop, subject: name)) in \(regex.pattern.debugDescription); "
                + "the resolution treats it as matching nothing")
            drop(&self)
            return false
        }
    }

    /// `check_target_module_exists(config, name)`.
    mutating func decide(_ name: String) -> Decision {
        switch exclusion {
        case .none:
            break
        case .regex(let regex):
            if let regex, bounded(regex, name, field: "exclude_modules", drop: { $0.exclusion = .none }) {
                return .skipped(.excludedModule(regex.pattern))
            }
        case .list(let entries):
            if entries.contains(name) { return .skipped(.excludedModule(name)) }
            if let entry = entries.suffixMatch(name) { return .skipped(.excludedModule(entry)) }
        }
        for position in modulesToSave.indices {
            guard let regex = modulesToSave[position].regex else { continue }
            if bounded(regex, name, field: "modules_to_save", drop: { $0.modulesToSave[position].regex = nil }) {
                return .skipped(.modulesToSave(modulesToSave[position].entry))
            }
        }
        switch targets {
        case .none, .regex(nil):
            return .skipped(.notTargeted)
        case .regex(let regex?):
            return bounded(regex, name, field: "target_modules", drop: { $0.targets = .regex(nil) }) ? .adapted : .skipped(.notTargeted)
        case .list(let entries):
            // An exact full name skips the layer filter; only suffix matches go through it.
            if entries.contains(name) { return .adapted }
            guard entries.endsWithAny(name) else { return .skipped(.notTargeted) }
            guard let layerIndexes else { return .adapted }
            guard let index = layerIndex(of: name) else { return .skipped(.layerNotSelected(nil)) }
            return layerIndexes.contains(index) ? .adapted : .skipped(.layerNotSelected(index))
        }
    }

    /// The first `layers_pattern` regex that matches decides; `int(m.group(1))`.
    private mutating func layerIndex(of name: String) -> Int? {
        for (position, regex) in layerRegexes.enumerated() {
            let group: String??
            switch regex.group(namedLayerGroup ? regex.groupCount : 1, in: name, budget: budget) {
            case .success(let found): group = found
            case .failure(let stop):
                problems.append("layers_pattern: \(budget.problem(stop, subject: name)) in \(regex.pattern.debugDescription); "
                    + "the resolution treats it as matching nothing")
                layerRegexes.remove(at: position)
                return layerIndex(of: name)
            }
            guard let group else { continue }
            // A layers_pattern with its own group shifts group 1 before 0.21: `int()` of the
            // pattern's text raises ValueError, of a group that took no part TypeError.
            guard let text = group else {
                // 0.21 reads `groupdict().get("idx")`: a group that took no part is no index.
                if namedLayerGroup { return nil }
                layerIndexFailure = layerIndexFailure ?? "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType' (layers_pattern has its own group)"
                return nil
            }
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
                layerIndexFailure = layerIndexFailure ?? "ValueError: invalid literal for int() with base 10: '\(text)' (layers_pattern has its own group)"
                return nil
            }
            return value
        }
        return nil
    }
}
