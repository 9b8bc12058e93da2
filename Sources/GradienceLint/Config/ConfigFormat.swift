/// The tools whose LoRA settings gradience-lint understands, each with its own key names
/// and its own defaults for absent keys (`../shared/research/config-formats.md`).
public enum ConfigFormat: String, Sendable, CaseIterable {
    /// PEFT's `adapter_config.json` (top-level `peft_type`).
    case peft = "peft"
    /// A LoraConfig nested under `lora:`, `peft:`, `peft_config:`, `lora_config:` or `adapter:`.
    case peftSection = "peft-section"
    /// The seed team's bench configs: `lora.probe_r`, `compression.allowed_ranks`.
    case seedBench = "seed-bench"
    /// Rank-suggestion reports: `default_r` + `rank_pattern`.
    case rankReport = "rank-report"
    case axolotl
    case llamaFactory = "llama-factory"
    case torchtune
    case trl
    case oumi

    /// PEFT field → the key this tool uses for it. Fields absent here cannot be set
    /// in this format.
    public var vocabulary: [String: String] {
        switch self {
        case .peft, .peftSection:
            return Dictionary(uniqueKeysWithValues: PeftFields.all.map { ($0, $0) })
        case .seedBench:
            return ["r": "probe_r", "lora_alpha": "alpha", "lora_dropout": "dropout", "target_modules": "target_modules",
                    "rank_pattern": "rank_pattern", "alpha_pattern": "alpha_pattern", "use_rslora": "use_rslora"]
        case .rankReport:
            return ["r": "default_r", "lora_alpha": "lora_alpha", "target_modules": "target_modules",
                    "rank_pattern": "rank_pattern", "alpha_pattern": "alpha_pattern", "use_rslora": "use_rslora"]
        case .axolotl:
            return ["r": "lora_r", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                    "target_modules": "lora_target_modules", "exclude_modules": "lora_exclude_modules",
                    "modules_to_save": "lora_modules_to_save", "rank_pattern": "lora_rank_pattern",
                    "alpha_pattern": "lora_alpha_pattern", "layers_to_transform": "peft_layers_to_transform",
                    "layers_pattern": "peft_layers_pattern", "use_rslora": "peft_use_rslora", "use_dora": "peft_use_dora",
                    "fan_in_fan_out": "lora_fan_in_fan_out", "init_lora_weights": "peft_init_lora_weights",
                    "target_parameters": "lora_target_parameters"]
        case .llamaFactory:
            return ["r": "lora_rank", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                    "target_modules": "lora_target", "modules_to_save": "additional_target",
                    "use_rslora": "use_rslora", "use_dora": "use_dora"]
        case .torchtune:
            return ["r": "lora_rank", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                    "target_modules": "lora_attn_modules", "use_dora": "use_dora"]
        case .trl, .oumi:
            return ["r": "lora_r", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                    "target_modules": "lora_target_modules", "modules_to_save": "lora_modules_to_save",
                    "exclude_modules": "lora_exclude_modules", "target_parameters": "lora_target_parameters",
                    "use_rslora": "use_rslora", "use_dora": "use_dora", "task_type": "lora_task_type"]
        }
    }

    /// What the tool passes to PEFT when `r` is absent.
    public var defaultR: Int {
        switch self {
        case .trl: return 16
        default: return 8
        }
    }

    /// What the tool passes to PEFT when `lora_alpha` is absent, given the rank.
    public func defaultAlpha(r: Int) -> Double {
        switch self {
        case .trl: return 32
        case .llamaFactory: return Double(2 * r)
        case .axolotl: return 16
        default: return 8
        }
    }

    /// Keys of a dedicated section that belong to the format even though they are not
    /// PEFT fields (so the unknown-key rule leaves them alone).
    public var extraSectionKeys: Set<String> {
        switch self {
        case .peftSection: return ["name", "type", "method_type", "enabled", "_target_", "alpha", "dropout", "adapter_name_or_path", "export_dir"]
        case .seedBench: return []
        default: return []
        }
    }
}

/// The LoraConfig fields PEFT defines (v0.20; `../shared/research/peft-semantics.md` §7),
/// with the version that introduced the newer ones.
public enum PeftFields {
    public static let introducedIn: [String: String] = [
        "exclude_modules": "0.14.0", "lora_bias": "0.14.0", "eva_config": "0.14.0",
        "corda_config": "0.15.0", "trainable_token_indices": "0.15.0",
        "use_qalora": "0.16.0", "qalora_group_size": "0.16.0",
        "target_parameters": "0.17.0",
        "ensure_weight_tying": "0.18.0", "arrow_config": "0.18.0", "alora_invocation_tokens": "0.18.0", "peft_version": "0.18.0",
        "lora_ga_config": "0.19.0", "use_bdlora": "0.19.0",
        "velora_config": "0.20.0", "monteclora_config": "0.20.0", "kasa_config": "0.21.0",
    ]

    public static let all: [String] = [
        "peft_type", "task_type", "auto_mapping", "peft_version", "base_model_name_or_path", "revision", "inference_mode",
        "r", "lora_alpha", "lora_dropout", "target_modules", "exclude_modules", "bias", "modules_to_save",
        "init_lora_weights", "layers_to_transform", "layers_pattern", "rank_pattern", "alpha_pattern",
        "fan_in_fan_out", "use_rslora", "use_dora", "use_qalora", "qalora_group_size", "lora_bias",
        "ensure_weight_tying", "megatron_config", "megatron_core", "loftq_config", "eva_config", "corda_config",
        "lora_ga_config", "use_bdlora", "arrow_config", "velora_config", "monteclora_config", "kasa_config",
        "trainable_token_indices", "alora_invocation_tokens", "layer_replication", "target_parameters",
        "runtime_config",
    ]

    /// Keys PEFT itself wrote in older versions and still tolerates on load.
    public static let legacy: Set<String> = ["enable_lora", "merge_weights"]
}
