/// The LoRA settings exactly as PEFT's `LoraConfig` will receive them, after each tool's
/// own defaults and transformations (TRL's one-item list → string, LLaMA-Factory's comma
/// split, …). The Config layer builds it; the resolver consumes it. No source positions
/// here: the resolver works on values, and rules map answers back to nodes by key.
public struct LoraSpec: Sendable, Equatable {
    public var r: Int
    /// An int in most files; PEFT accepts floats, and Levanter writes `8.0`.
    public var loraAlpha: Double
    /// nil: PEFT falls back to its per-architecture defaults.
    public var targetModules: TargetModules?
    public var excludeModules: TargetModules?
    public var modulesToSave: [String]?
    /// An int in the file means a one-item list; `[]` means no filtering.
    public var layersToTransform: [Int]?
    /// A str in the file means a one-item list.
    public var layersPattern: [String]?
    /// In the file's key order: PEFT's lookup is first match in dict order.
    public var rankPattern: [PatternEntry] { didSet { rankValues = Self.values(rankPattern) } }
    public var alphaPattern: [PatternEntry] { didSet { alphaValues = Self.values(alphaPattern) } }
    /// Each pattern key's value (the first entry for a key, as `patternValue` always read it),
    /// kept in step with the lists: rules look keys up one by one, and a file may hold 100,000.
    public private(set) var rankValues: [String: Double] = [:]
    public private(set) var alphaValues: [String: Double] = [:]
    public var useRslora: Bool
    /// `SEQ_CLS` etc.; decides which head `all-linear` leaves out.
    public var taskType: String?
    /// Parameters adapted directly through `lora.ParamWrapper` (PEFT ≥ 0.17): each entry
    /// matches a parameter's full name or its dotted suffix.
    public var targetParameters: [String]? = nil
    /// `.allLinear` that the trainer expands into a list of linear leaf names before PEFT sees
    /// it: the same modules, but PEFT's MoE conversion then sees a list, not `"all-linear"`.
    public var allLinearExpandedByTrainer = false
    /// Names the trainer adds to its all-linear expansion (axolotl's `lora_target_modules`
    /// beside `lora_target_linear: true`: `set(list + find_all_linear_names(model))`).
    public var additionalTargets: [String] = []
    /// Options `lora.ParamWrapper` cannot honour (it raises when any is set); as the file
    /// states them, since a tool's own defaults are not modelled here.
    public var loraDropout: Double = 0
    public var fanInFanOut = false
    public var loraBias = false
    public var useDora = false
    /// `init_lora_weights` when it is a str (`"pissa"`, `"orthogonal"`, …); nil for a bool or
    /// when unset. `lora_bias` accepts only the bools.
    public var initLoraWeightsMethod: String? = nil
    /// `megatron_config` is set (DoRA refuses it).
    public var hasMegatronConfig = false
    /// `ensure_weight_tying` (PEFT ≥ 0.18): tied embeddings share one trainable copy.
    public var ensureWeightTying = false
    /// The modules `trainable_token_indices` names (its dict keys); nil when unset or a list.
    public var trainableTokenModules: [String]? = nil
    /// `trainable_token_indices` is a list: it applies to the input embedding.
    public var trainableTokensOnInputEmbedding = false

    public init(r: Int = 8, loraAlpha: Double = 8, targetModules: TargetModules? = nil, excludeModules: TargetModules? = nil,
                modulesToSave: [String]? = nil, layersToTransform: [Int]? = nil, layersPattern: [String]? = nil,
                rankPattern: [PatternEntry] = [], alphaPattern: [PatternEntry] = [], useRslora: Bool = false,
                taskType: String? = nil) {
        self.r = r
        self.loraAlpha = loraAlpha
        self.targetModules = targetModules
        self.excludeModules = excludeModules
        self.modulesToSave = modulesToSave
        self.layersToTransform = layersToTransform
        self.layersPattern = layersPattern
        self.rankPattern = rankPattern
        self.alphaPattern = alphaPattern
        rankValues = Self.values(rankPattern)
        alphaValues = Self.values(alphaPattern)
        self.useRslora = useRslora
        self.taskType = taskType
    }

    static func values(_ entries: [PatternEntry]) -> [String: Double] {
        Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}

/// `target_modules` / `exclude_modules` as PEFT distinguishes them by Python type.
public enum TargetModules: Sendable, Hashable {
    /// A list or set: each entry matches a name equal to it or ending in `"." + entry`.
    case list([String])
    /// A str: `re.fullmatch` against the whole module name.
    case regex(String)
    /// The str `"all-linear"` (case-insensitive); only a str, never a list entry.
    case allLinear
}

public struct PatternEntry: Sendable, Equatable {
    public var key: String
    public var value: Double

    public init(key: String, value: Double) {
        self.key = key
        self.value = value
    }
}
