/// Why `get_peft_model` raises for a config, in PEFT's own words, checked in the order PEFT
/// runs them: `LoraConfig.__post_init__`, target preparation, matching (`inject_adapter`'s
/// `check_target_module_exists` loop), module creation (`LoraModel._create_new_module`'s
/// dispatchers), the no-match checks at the end of `BaseTuner.inject_adapter`, and
/// `_set_trainable` wrapping `modules_to_save`.
enum PeftRaises {
    static func reason(spec: LoraSpec, version: PeftVersion, transformers: TransformersVersion, targets: TargetDecisions,
                       adapted: [ModuleInfo]) -> PeftRejection? {
        if let reason = postInit(spec, version: version) { return reason }
        // Problems that say PEFT raises (no default targets, a regex `re` rejects, …).
        if let raising = targets.problems.first(where: isRaising) { return PeftRejection(raising, at: "target_modules") }
        if let failure = targets.layerIndexFailure { return PeftRejection("PEFT raises \(failure)", at: "layers_pattern") }
        if let unsupported = adapted.first(where: { $0.className.map(isSupported) == false }) {
            return PeftRejection("PEFT raises ValueError: Target module \(unsupported.className!) (\(unsupported.name)) is not supported; "
                + "LoRA adapts torch.nn.Linear, Embedding, Conv1d/2d/3d, MultiheadAttention and transformers' Conv1D", at: "target_modules")
        }
        if let parameter = targets.adaptedParameters.first, let reason = paramWrapper(spec, parameter: parameter, adapted: adapted) {
            return reason
        }
        for parameter in targets.adaptedParameters where !(2...3).contains(parameter.dimensions) {
            return PeftRejection("PEFT raises ValueError: lora.ParamWrapper was initialized with \(parameter.dimensions) dimensional Parameter "
                + "(\(parameter.fullName)), but only 2d and 3d are supported", at: "target_parameters")
        }
        // A target regex the budget stopped matched nothing only because it was not run:
        // PEFT does not raise there, it hangs (GL011 says so).
        let stopped = targets.problems.contains { $0.contains("regex not evaluated") }
        if adapted.isEmpty && targets.adaptedParameters.isEmpty && !stopped { return noMatch(spec: spec, targets: targets) }
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
        return nil
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
        return nil
    }

    /// The classes `dispatch_default` (tuners/lora/layer.py) accepts, by name: subclasses of
    /// nn.Linear carry "Linear" in theirs (`FalconLinear`, `Linear4bit`), and Gemma's scaled
    /// word embeddings and OPT's learned positions subclass nn.Embedding.
    static func isSupported(_ className: String) -> Bool {
        className.containsText("Linear") || className == "Conv1D" || className == "Embedding"
            || className.hasSuffix("ScaledWordEmbedding")
            || className.hasSuffix("LearnedPositionalEmbedding") || ["Conv1d", "Conv2d", "Conv3d", "MultiheadAttention"].contains(className)
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
