import GradienceInventory
/// What PEFT does with a LoRA config on a given module inventory: the answer the rules
/// read. Only values; rules map them back to the file's nodes by key.
public struct Resolution: Sendable, Equatable, Encodable {
    public var version: PeftVersion
    /// Adapted modules, in inventory order.
    public var modules: [ModuleResolution]
    /// Inventory modules that get no adapter, with the reason, in inventory order.
    public var skipped: [SkippedModule]
    /// The `target_modules` PEFT actually matched with: the given ones, PEFT's defaults
    /// for the model type, or the expansion of `"all-linear"`.
    public var effectiveTargets: EffectiveTargets
    /// Pattern keys that are valid but match no adapted module (PEFT ignores them silently).
    public var unmatchedRankKeys: [String]
    public var unmatchedAlphaKeys: [String]
    /// Pattern keys that were not evaluated because `re` rejects them or ICU cannot
    /// reproduce them; they are skipped, never guessed.
    public var keyProblems: [KeyProblem]
    /// Problems outside the pattern dicts that make PEFT raise or make the answer partial
    /// (an invalid `target_modules` regex, no default targets for the model type, …).
    public var problems: [String]
    /// Why `get_peft_model` raises for this config, in PEFT's words where it has them; nil
    /// when PEFT accepts it. When set, nothing is trained; `modules` still lists what the
    /// config selects, so rules can name them.
    public var raises: String? = nil
    /// The setting PEFT's failing check reads (`target_modules`, `lora_dropout`, …).
    public var raisingSetting: String? = nil

    public var usedDefaultTargets: Bool { effectiveTargets.source == .modelTypeDefault }
}

public struct ModuleResolution: Sendable, Equatable, Encodable {
    /// The name PEFT looks the pattern dicts up with (`current_key`): the module's, or for a
    /// `lora.ParamWrapper` the parameter's full name (`model.layers.0.mlp.experts.down_proj`,
    /// as `create_and_replace_param` passes it), which is also how the rules name it.
    public var name: String
    /// The module's class; for a ParamWrapper, the class of the module holding the parameter.
    public var className: String?
    /// The parameter a `lora.ParamWrapper` adapts on `module` (`gate_up_proj` of fused
    /// experts); nil for an ordinary module adapter.
    public var parameter: String? = nil
    /// PEFT's `r` for this module. A Double because pattern values are whatever the file
    /// holds; `rank` gives the integer when it is one.
    public var r: Double
    public var alpha: Double
    /// `alpha / r`, or `alpha / sqrt(r)` with rsLoRA (`LoraLayer.update_layer`).
    public var scaling: Double
    /// The key whose value PEFT used; nil when the default `r` / `lora_alpha` applied.
    public var rankKey: String?
    public var alphaKey: String?
    /// Every key that matches this module, in the file's order (the first is not
    /// necessarily the winner on PEFT < 0.14, where one lookup served both dicts).
    public var rankKeysMatching: [String]
    public var alphaKeysMatching: [String]
    /// The winner after `save_pretrained` writes the dicts with sorted keys and PEFT
    /// reloads them: what a reloaded adapter will use.
    public var sortedRankKey: String?
    public var sortedAlphaKey: String?
    /// r and alpha as they come out after that save-and-reload.
    public var sortedR: Double
    public var sortedAlpha: Double

    public var rank: Int? { r.rounded() == r && r.magnitude < 1e15 ? Int(r) : nil }

    /// The module that gets the adapter (that holds `parameter`, for a ParamWrapper).
    public var module: String {
        guard let parameter, name.hasSuffix("." + parameter) else { return name }
        return String(name.dropLast(parameter.count + 1))
    }
}

public struct SkippedModule: Sendable, Equatable, Encodable {
    public enum Reason: Sendable, Equatable, Encodable {
        /// An `exclude_modules` entry (or its regex) matched.
        case excludedModule(String)
        /// A `modules_to_save` entry matched (PEFT ≥ 0.16 never adapts those).
        case modulesToSave(String)
        /// Matched a target suffix, but the layer index is not in `layers_to_transform`
        /// (nil: no index could be read from the name).
        case layerNotSelected(Int?)
        /// No target matched.
        case notTargeted
    }

    public var name: String
    public var reason: Reason
}

public struct EffectiveTargets: Sendable, Equatable, Encodable {
    public enum Source: String, Sendable, Encodable {
        case config
        /// `TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING[model_type]`.
        case modelTypeDefault = "model-type-default"
        /// `"all-linear"`, expanded as `_maybe_include_all_linear_layers` does.
        case allLinear = "all-linear"
        /// No targets: PEFT raises before adapting anything.
        case none
    }

    public var source: Source
    /// The str, when PEFT matches with one regex.
    public var regex: String?
    /// The set, when PEFT matches with a list (sorted for stable output).
    public var list: [String]?
    /// The suffixes `_find_minimal_target_modules` condensed a list of ≥ 20 entries to,
    /// when it did; matching then uses these.
    public var condensed: [String]?
}

public struct KeyProblem: Sendable, Equatable, Encodable {
    public enum Field: String, Sendable, Encodable {
        case rankPattern = "rank_pattern"
        case alphaPattern = "alpha_pattern"
    }

    public var field: Field
    public var key: String
    public var problem: PythonRegexProblem
}
