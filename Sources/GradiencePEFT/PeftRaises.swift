import GradienceInventory
/// Why `get_peft_model` raises for a config, in PEFT's own words, checked in the order PEFT
/// runs them: `LoraConfig.__post_init__`, target preparation, matching (`inject_adapter`'s
/// `check_target_module_exists` loop), module creation (`LoraModel._create_new_module`'s
/// dispatchers), the no-match checks at the end of `BaseTuner.inject_adapter`, and
/// `_set_trainable` wrapping `modules_to_save`.
package enum PeftRaises {
    /// `rank` gives each adapted module's resolved r (`update_layer` checks it per module).
    static func reason(spec: LoraSpec, version: PeftVersion, transformers: TransformersVersion, targets: TargetDecisions,
                       adapted: [ModuleInfo], inventory: Inventory? = nil, rank: (String) -> Double? = { _ in nil }) -> PeftRejection? {
        if let reason = postInit(spec, version: version) { return reason }
        // Problems that say PEFT raises (no default targets, a regex `re` rejects, …).
        if let raising = targets.problems.first(where: isRaising) { return PeftRejection(raising, at: "target_modules") }
        if let failure = targets.layerIndexFailure { return PeftRejection("PEFT raises \(failure)", at: "layers_pattern") }
        for module in adapted {
            if let reason = createNewModule(module, spec: spec, version: version, rank: rank(module.name)) { return reason }
        }
        if let parameter = targets.adaptedParameters.first, let reason = paramWrapper(spec, parameter: parameter, adapted: adapted) {
            return reason
        }
        for parameter in targets.adaptedParameters where !(2...3).contains(parameter.dimensions) {
            // 0.21 checks the shape; before, `ParamWrapper.__init__` indexes it and fails.
            guard version.hasFeature(since: 0, 21) else {
                return PeftRejection("PEFT raises IndexError: tuple index out of range (PEFT \(version)'s lora.ParamWrapper reads the "
                    + "shape of a 2-D or 3-D parameter; \(parameter.fullName) has \(parameter.dimensions))", at: "target_parameters")
            }
            return PeftRejection("PEFT raises ValueError: lora.ParamWrapper was initialized with \(parameter.dimensions) dimensional Parameter "
                + "(\(parameter.fullName)), but only 2d and 3d are supported", at: "target_parameters")
        }
        // A target regex the budget stopped matched nothing only because it was not run:
        // PEFT does not raise there, it hangs (GL011 says so).
        let stopped = targets.problems.contains { $0.contains("regex not evaluated") }
        if adapted.isEmpty && targets.adaptedParameters.isEmpty && !stopped {
            // Never claim a raise without knowing: a parameter of a module whose parameters the
            // inventory does not list may well exist.
            if let inventory, !inventory.knowsParameters(for: spec.targetParameters ?? []) { return nil }
            return noMatch(spec: spec, targets: targets)
        }
        // PeftModelForSeq2SeqLM.__init__ reads `_prepare_encoder_decoder_kwargs_for_generation`,
        // which transformers 5 removed; PEFT 0.21 stopped reading it.
        if spec.taskType == "SEQ_2_SEQ_LM", transformers.isVersion5OrLater, !version.hasFeature(since: 0, 21) {
            return PeftRejection("PEFT \(version) raises AttributeError with transformers \(transformers.major): PeftModelForSeq2SeqLM reads "
                + "_prepare_encoder_decoder_kwargs_for_generation, which transformers 5 removed (PEFT 0.21 works)", at: "task_type")
        }
        if let clash = modulesToSaveClash(spec: spec, adapted: adapted) {
            return PeftRejection("PEFT raises TypeError: modules_to_save entry '\(clash.entry)' also matches the LoRA layer \(clash.module) "
                + "(`_set_trainable` tests key.endswith(entry), without a dot): modules_to_save cannot be applied to a LoRA layer",
                at: "modules_to_save")
        }
        if let reason = setTrainable(spec: spec, version: version, adapted: adapted, inventory: inventory?.modules ?? []) { return reason }
        if let inventory, let reason = tiedOutputCopy(spec: spec, version: version, inventory: inventory) { return reason }
        return nil
    }

    /// PEFT 0.18's first `ensure_weight_tying` (`LoraModel._add_modules_to_tie`) ties the output
    /// side to a wrapped input embedding; with `lm_head` itself in `modules_to_save` it then reads
    /// `modules_to_save` of the plain embedding and fails (fixtures/silent, p0181-t457). 0.19 rewrote it.
    private static func tiedOutputCopy(spec: LoraSpec, version: PeftVersion, inventory: Inventory) -> PeftRejection? {
        guard spec.ensureWeightTying, inventory.tiedEmbeddings == true, version.hasFeature(since: 0, 18), !version.hasFeature(since: 0, 19),
              let entries = spec.modulesToSave, entries.contains("lm_head"), !entries.contains("embed_tokens") else { return nil }
        return PeftRejection("PEFT raises AttributeError: 'Embedding' object has no attribute 'modules_to_save' (PEFT \(version)'s "
            + "ensure_weight_tying ties lm_head to a trainable copy of the input embedding: list embed_tokens in modules_to_save "
            + "instead of lm_head, or use PEFT ≥ 0.19)", at: "modules_to_save")
    }

    /// `LoraModel._create_new_module` and the layer's `update_layer` (tuners/lora/layer.py),
    /// for one targeted module, in the order PEFT meets them.
    private static func createNewModule(_ module: ModuleInfo, spec: LoraSpec, version: PeftVersion, rank: Double?) -> PeftRejection? {
        guard let className = module.className else { return nil }
        if !isSupported(className, version: version) {
            let since = supportedSince(className).map { " (PEFT supports \(className) from \($0.0).\($0.1))" } ?? ""
            return PeftRejection("PEFT raises ValueError: Target module \(className) (\(module.name)) is not supported\(since); "
                + "LoRA adapts torch.nn.Linear, Embedding, Conv1d/2d/3d, MultiheadAttention and transformers' Conv1D", at: "target_modules")
        }
        // `Embedding.update_layer`: lora_embedding_A/B are bare parameters, with no bias.
        if spec.loraBias, Inventory.isEmbedding(className) {
            return PeftRejection("PEFT raises ValueError: lora_bias=True is not supported for Embedding (\(module.name)); "
                + "leave the embedding out of target_modules or set lora_bias to false", at: "lora_bias")
        }
        // `MultiheadAttention.update_layer`.
        if spec.useDora, className == "MultiheadAttention" {
            return PeftRejection("PEFT raises ValueError: MultiheadAttention does not support DoRA (yet), please set use_dora to False "
                + "(\(module.name))", at: "use_dora")
        }
        // `LoraLayer.orthogonal_init` (0.16+): A and B come from one QR decomposition split in half.
        if spec.initLoraWeightsMethod == "orthogonal", version.hasFeature(since: 0, 16), let rank, rank.truncatingRemainder(dividingBy: 2) != 0 {
            return PeftRejection("PEFT raises ValueError: Orthogonal initialization requires the LoRA rank to be even, got \(Int(rank)) "
                + "instead (\(module.name))", at: "init_lora_weights")
        }
        return nil
    }

    /// `_set_trainable` (utils/other.py) after injection: it walks `named_modules()` of the
    /// adapted model, so an entry that ends a LoRA layer's own sub-module (`lora_dropout`
    /// ends with "out", `lora_A` with "A", peft#3755) is wrapped too, and
    /// `AuxiliaryTrainingWrapper.check_module` refuses containers and LoRA layers.
    private static func setTrainable(spec: LoraSpec, version: PeftVersion, adapted: [ModuleInfo], inventory: [ModuleInfo]) -> PeftRejection? {
        let adaptedNames = Set(adapted.map(\.name))
        var entries = (spec.modulesToSave ?? []).filter { !$0.isEmpty }
        if spec.taskType == "SEQ_CLS" { entries += AllLinearExpansion.sequenceClassificationHeads }
        if !entries.isEmpty {
            for module in inventory where !module.name.isEmpty {
                if let entry = entries.first(where: { module.name.hasSuffix($0) }), let className = module.className,
                   containerClasses[className] != nil {
                    return PeftRejection("PEFT raises TypeError: modules_to_save cannot be applied to modules of type "
                        + "<class '\(containerClasses[className]!)'> ('\(entry)' matches \(module.name), a \(className) with no forward "
                        + "of its own); name the layers inside it instead", at: "modules_to_save")
                }
                guard adaptedNames.contains(module.name) else { continue }
                for (sub, subClass) in loraSubmodules(of: module) {
                    let key = module.name + "." + sub
                    guard let entry = entries.first(where: { key.hasSuffix($0) }) else { continue }
                    if sub.hasSuffix(".default") {
                        return PeftRejection("PEFT raises ValueError: modules_to_save entry '\(entry)' matches \(key), a part of the "
                            + "LoRA layer \(module.name) (\(subClass)); rename the entry so it ends no LoRA sub-module", at: "modules_to_save")
                    }
                    return PeftRejection("PEFT raises TypeError: modules_to_save cannot be applied to modules of type "
                        + "<class '\(containerClasses[subClass]!)'>: entry '\(entry)' also ends \(key), the LoRA layer's own \(subClass) "
                        + "(`_set_trainable` tests key.endswith(entry), without a dot; peft#3755); write the entry with its parent "
                        + "('\(exampleDotted(entry, inventory: inventory))')", at: "modules_to_save")
                }
            }
        }
        // `set_additional_trainable_modules` (0.15+): a list applies to the input embedding
        // (`_get_input_embeddings_name`); a layer also in modules_to_save is refused, and
        // TrainableTokensWrapper refuses a module LoRA already replaced.
        var tokenModules = spec.trainableTokenModules ?? []
        if spec.trainableTokensOnInputEmbedding {
            tokenModules.append(inventory.first { $0.name.split(separator: ".").last == "embed_tokens" }?.name ?? "embed_tokens")
        }
        if version.hasFeature(since: 0, 15), !tokenModules.isEmpty {
            if let both = tokenModules.first(where: { (spec.modulesToSave ?? []).contains($0) }) {
                return PeftRejection("PEFT raises ValueError: The embedding layer is already marked to be trained fully, either specify "
                    + "`modules_to_save=[..., \"\(both)\", ...]` or `trainable_tokens={'\(both)': x}` but not both", at: "trainable_token_indices")
            }
            for module in adapted {
                if let entry = tokenModules.first(where: { module.name.hasSuffix($0) }) {
                    let kind = module.className.map(Inventory.isEmbedding) == true ? "Embedding" : "Linear"
                    return PeftRejection("PEFT raises TypeError: trainable_token_indices cannot be applied to modules of type "
                        + "<class 'peft.tuners.lora.layer.\(kind)'>: '\(entry)' is also a LoRA target (\(module.name)); train those "
                        + "tokens with LoRA on the embedding, or drop the embedding from target_modules", at: "trainable_token_indices")
                }
            }
        }
        return nil
    }

    /// The `torch.nn` containers `check_module` refuses (no `forward` to call).
    private static let containerClasses = [
        "ModuleDict": "torch.nn.modules.container.ModuleDict", "ModuleList": "torch.nn.modules.container.ModuleList",
        "ParameterDict": "torch.nn.modules.container.ParameterDict", "ParameterList": "torch.nn.modules.container.ParameterList",
    ]

    /// A LoRA layer's sub-modules as `named_modules()` lists them after injection (peft 0.18 and
    /// 0.21 alike; `fixtures/silent`): the dicts of every LoraLayer, and the `default` adapter's
    /// entries that exist for this layer type. `base_layer` is left out: wrapping it raises nothing.
    private static func loraSubmodules(of module: ModuleInfo) -> [(String, String)] {
        let embedding = module.className.map(Inventory.isEmbedding) == true
        var subs: [(String, String)] = [("lora_dropout", "ModuleDict"), ("lora_dropout.default", "Identity")]
        subs += [("lora_A", "ModuleDict")] + (embedding ? [] : [("lora_A.default", "Linear")])
        subs += [("lora_B", "ModuleDict")] + (embedding ? [] : [("lora_B.default", "Linear")])
        subs += [("lora_embedding_A", "ParameterDict"), ("lora_embedding_B", "ParameterDict"), ("lora_magnitude_vector", "ModuleDict")]
        return subs
    }

    /// The entry with its parent's name in front (`out` → `model.out`), which no LoRA sub-module ends with.
    private static func exampleDotted(_ entry: String, inventory: [ModuleInfo]) -> String {
        guard let owner = inventory.first(where: { $0.name == entry || $0.name.hasSuffix("." + entry) }) else { return entry }
        let parts = owner.name.split(separator: ".")
        return parts.count >= 2 ? parts.suffix(2).joined(separator: ".") : owner.name
    }

    /// `_inject_parameters` (tuners_utils.py) runs after the modules are adapted and refuses a
    /// parameter of a module `target_modules` already made a LoRA layer; then
    /// `ParamWrapper.__init__` (tuners/lora/layer.py, the same since PEFT 0.17) refuses the
    /// config options it cannot apply to a bare parameter.
    private static func paramWrapper(_ spec: LoraSpec, parameter: ParameterInfo, adapted: [ModuleInfo]) -> PeftRejection? {
        if let module = adapted.first(where: { $0.name == parameter.module }) {
            return PeftRejection("PEFT raises ValueError: Trying to wrap an `nn.Parameter` of layer '\(module.name)' of type "
                + "\(module.className ?? "?"), which is not a valid target. Make sure that this layer is not also targeted with `target_modules`",
                at: "target_parameters")
        }
        let refused = [(spec.loraDropout != 0, "lora_dropout != 0", "lora_dropout"), (spec.fanInFanOut, "fan_in_fan_out", "fan_in_fan_out"),
                       (spec.loraBias, "lora_bias=True", "lora_bias"), (spec.useDora, "use_dora=True", "use_dora")]
        guard let option = refused.first(where: \.0) else { return nil }
        return PeftRejection("PEFT raises ValueError: lora.ParamWrapper does not work with \(option.1). (\(parameter.fullName) is adapted "
            + "through target_parameters, PEFT's LoRA for bare parameters such as transformers 5's fused MoE experts)", at: option.2)
    }

    /// A resolver problem that is one of PEFT's exceptions, not a note about the answer.
    static func isRaising(_ problem: String) -> Bool {
        problem.containsText("raises") || problem.containsText("re.error") || problem.containsText("redefinition")
    }

    /// `LoraConfig.__post_init__` (tuners/lora/config.py).
    private static func postInit(_ spec: LoraSpec, version: PeftVersion) -> PeftRejection? {
        let targetIsString: Bool
        switch spec.targetModules {
        case .regex?, .allLinear?: targetIsString = true
        default: targetIsString = false
        }
        if targetIsString && spec.layersToTransform != nil {
            return PeftRejection("PEFT raises ValueError: `layers_to_transform` cannot be used when `target_modules` is a str", at: "layers_to_transform")
        }
        if targetIsString && spec.layersPattern != nil {
            return PeftRejection("PEFT raises ValueError: `layers_pattern` cannot be used when `target_modules` is a str", at: "layers_pattern")
        }
        // `if self.layers_pattern and not self.layers_to_transform` (`[]` counts as missing)
        // until 0.21, which tests `is None`.
        let hasPattern = !(spec.layersPattern ?? []).isEmpty
        let missing = version.hasFeature(since: 0, 21) ? spec.layersToTransform == nil : (spec.layersToTransform ?? []).isEmpty
        if hasPattern && missing {
            return PeftRejection("PEFT raises ValueError: When `layers_pattern` is specified, `layers_to_transform` must also be specified",
                                 at: "layers_pattern")
        }
        if spec.useDora && spec.hasMegatronConfig {
            return PeftRejection("PEFT raises ValueError: DoRA does not support megatron_core, please set `use_dora=False`", at: "use_dora")
        }
        // lora_bias arrived in 0.14 with both checks.
        if spec.loraBias, version.hasFeature(since: 0, 14) {
            if let method = spec.initLoraWeightsMethod {
                return PeftRejection("PEFT raises ValueError: The argument lora_bias=True is only supported with init_lora_weights=True "
                    + "or False, got init_lora_weights=\(method) instead", at: "lora_bias")
            }
            if spec.useDora {
                return PeftRejection("PEFT raises ValueError: The argument lora_bias=True is not supported for DoRA, please pass "
                    + "use_dora=False", at: "lora_bias")
            }
        }
        return nil
    }

    /// The classes `dispatch_default` (tuners/lora/layer.py) accepts, by name: subclasses of
    /// nn.Linear carry "Linear" in theirs (`FalconLinear`, `Linear4bit`), and Gemma's scaled
    /// word embeddings and OPT's learned positions subclass nn.Embedding.
    package static func isSupported(_ className: String) -> Bool {
        className.containsText("Linear") || className == "Conv1D" || className == "Embedding"
            || className.hasSuffix("ScaledWordEmbedding")
            || className.hasSuffix("LearnedPositionalEmbedding") || ["Conv1d", "Conv2d", "Conv3d", "MultiheadAttention"].contains(className)
    }

    /// `isSupported` for a PEFT release: `dispatch_default` learnt nn.Conv3d in 0.14 and
    /// nn.Conv1d and nn.MultiheadAttention in 0.15; before, they raise "not supported".
    static func isSupported(_ className: String, version: PeftVersion) -> Bool {
        guard isSupported(className) else { return false }
        guard let since = supportedSince(className) else { return true }
        return version.hasFeature(since: since.0, since.1)
    }

    static func supportedSince(_ className: String) -> (Int, Int)? {
        switch className {
        case "Conv3d": return (0, 14)
        case "Conv1d", "MultiheadAttention": return (0, 15)
        default: return nil
        }
    }

    /// The checks after the matching loop of `BaseTuner.inject_adapter` when nothing was adapted.
    private static func noMatch(spec: LoraSpec, targets: TargetDecisions) -> PeftRejection {
        let excluded = targets.skipped.filter {
            switch $0.reason {
            case .excludedModule, .modulesToSave: return true
            default: return false
            }
        }
        let unmatched = targets.skipped.count - excluded.count
        let noTargets: Bool
        switch targets.effectiveTargets.list {
        case let list?: noTargets = list.isEmpty
        case nil: noTargets = targets.effectiveTargets.regex == nil
        }
        if !excluded.isEmpty && unmatched == 0 {
            return PeftRejection("PEFT raises: All modules were excluded (by exclude_modules or modules_to_save)",
                                 at: spec.excludeModules != nil ? "exclude_modules" : "modules_to_save")
        }
        if excluded.isEmpty && unmatched > 0 && noTargets {
            return PeftRejection("PEFT raises: No `target_modules` passed but also no `target_parameters` found", at: "target_modules")
        }
        if excluded.isEmpty {
            var message = "PEFT raises: Target modules \(describe(targets.effectiveTargets)) not found in the base model"
            if let layers = spec.layersToTransform { message += " (layers_to_transform: \(layers))" }
            return PeftRejection(message, at: spec.layersToTransform != nil ? "layers_to_transform" : "target_modules")
        }
        return PeftRejection("PEFT raises: No modules were targeted for adaptation: the targets match only excluded modules "
            + "(exclude_modules, modules_to_save) or none at all", at: "target_modules")
    }

    private static func describe(_ targets: EffectiveTargets) -> String {
        if let regex = targets.regex { return regex.debugDescription }
        return "[" + (targets.list ?? []).joined(separator: ", ") + "]"
    }

    /// `_set_trainable` wraps every module whose name ends with a `modules_to_save` entry
    /// (PeftModelForSequenceClassification adds `classifier` and `score`); a LoRA layer
    /// there makes `ModulesToSaveWrapper.check_module` raise TypeError.
    private static func modulesToSaveClash(spec: LoraSpec, adapted: [ModuleInfo]) -> (entry: String, module: String)? {
        var entries = spec.modulesToSave ?? []
        if spec.taskType == "SEQ_CLS" { entries += AllLinearExpansion.sequenceClassificationHeads }
        for module in adapted {
            if let entry = entries.first(where: { !$0.isEmpty && module.name.hasSuffix($0) }) { return (entry, module.name) }
        }
        return nil
    }
}

/// Why `get_peft_model` fails, and the setting whose value PEFT's check reads (the
/// `LoraConfig` field name), where GL019 points.
struct PeftRejection: Equatable {
    var message: String
    var setting: String

    init(_ message: String, at setting: String) {
        self.message = message
        self.setting = setting
    }
}
