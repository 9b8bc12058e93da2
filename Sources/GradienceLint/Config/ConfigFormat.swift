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
    /// ms-swift: flat `tuner_type: lora` (`train_type` before 4.0) with `lora_rank`.
    case msSwift = "ms-swift"
    /// h2o-llmstudio: `training.lora: true` with `lora_r`, `lora_target_modules`.
    case h2o = "h2o-llmstudio"
    /// AutoTrain Advanced: `params.peft: true` with `lora_r`, `target_modules`.
    case autotrain
    /// open-instruct: flat `use_lora: true` with `lora_rank`.
    case openInstruct = "open-instruct"
    /// Unsloth Studio and unsloth-cli: a `lora:` mapping with `lora_r`.
    case unsloth
    /// EasyR1: `worker.actor.model.lora` with `rank` (0 switches LoRA off).
    case easyR1 = "easyr1"
    /// Ludwig: `adapter: {type: lora, r, alpha, dropout}`, or `adapter: lora` in an encoder.
    case ludwig
    /// verl (FSDP workers): `lora_rank` (0 = off), `lora_alpha`, `target_modules` in the model config.
    case verl

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
        case .msSwift:
            // ms-swift `swift/pipelines/train/tuner.py`, `prepare_adapter`: the lora_kwargs it
            // hands to LoraConfig (the YAML becomes `--key value` arguments, `swift/cli/main.py`).
            return ["r": "lora_rank", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                    "target_modules": "target_modules", "modules_to_save": "modules_to_save",
                    "target_parameters": "target_parameters", "use_rslora": "use_rslora", "use_dora": "use_dora"]
        case .h2o:
            // h2o-llmstudio `llm_studio/src/utils/modeling_utils.py`, `prepare_lora`.
            return ["r": "lora_r", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                    "target_modules": "lora_target_modules", "use_dora": "use_dora", "use_rslora": "use_rslora"]
        case .autotrain:
            // autotrain-advanced `src/autotrain/trainers/clm/utils.py`, `get_model` and `get_target_modules`.
            return ["r": "lora_r", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout", "target_modules": "target_modules"]
        case .openInstruct:
            // open-instruct `open_instruct/finetune.py`, `main`: r, alpha and dropout only; the targets are fixed.
            return ["r": "lora_rank", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout"]
        case .unsloth:
            // unsloth `unsloth_cli/config.py`, `Config.model_kwargs`, into
            // `studio/backend/core/training/trainer.py`, `prepare_model_for_training`.
            return ["r": "lora_r", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                    "target_modules": "target_modules", "use_rslora": "use_rslora", "use_dora": "use_dora",
                    "modules_to_save": "modules_to_save"]
        case .easyR1:
            // EasyR1 `verl/workers/fsdp_workers.py`, `_build_model_optimizer`: peft.LoraConfig(r=lora.rank, …).
            return ["r": "rank", "lora_alpha": "alpha", "target_modules": "target_modules", "exclude_modules": "exclude_modules"]
        case .verl:
            // verl `verl/workers/fsdp_workers.py`, `_build_model_optimizer`.
            return ["r": "lora_rank", "lora_alpha": "lora_alpha", "target_modules": "target_modules", "exclude_modules": "exclude_modules"]
        case .ludwig:
            // Ludwig `ludwig/schema/llms/peft.py`, `LoraConfig.to_config`.
            return ["r": "r", "lora_alpha": "alpha", "lora_dropout": "dropout", "bias": "bias_type",
                    "target_modules": "target_modules", "use_rslora": "use_rslora", "use_dora": "use_dora",
                    "rank_pattern": "rank_pattern", "alpha_pattern": "alpha_pattern", "layer_replication": "layer_replication"]
        }
    }

    /// What the tool passes to PEFT when `r` is absent.
    public var defaultR: Int {
        switch self {
        case .trl, .autotrain: return 16
        case .h2o: return 4
        case .openInstruct, .unsloth: return 64
        default: return 8
        }
    }

    /// What the tool passes to PEFT when `lora_alpha` is absent, given the rank.
    public func defaultAlpha(r: Int) -> Double {
        switch self {
        case .trl, .msSwift, .autotrain: return 32
        case .llamaFactory, .ludwig: return Double(2 * r)
        case .axolotl, .h2o, .openInstruct, .unsloth, .verl: return 16
        case .easyR1: return 64
        default: return 8
        }
    }

    /// Formats whose LoRA keys share their mapping with the tool's other settings
    /// (torchtune's `model:`, h2o's `training:`, AutoTrain's `params:`, an ms-swift Ray `train:` group).
    public var sectionMixesOtherSettings: Bool {
        switch self {
        case .torchtune, .oumi, .seedBench, .rankReport, .h2o, .autotrain, .verl, .msSwift: return true
        default: return false
        }
    }

    /// Tools that pass their own default targets when the setting is empty (h2o's
    /// `prepare_lora`, AutoTrain's `get_target_modules`, unsloth's `prepare_model_for_training`),
    /// so an empty value never reaches PEFT.
    public var replacesEmptyTargets: Bool {
        switch self {
        case .h2o, .autotrain, .unsloth: return true
        default: return false
        }
    }

    /// The tool's own keys that sit a typo away from a LoRA key but are settings of their
    /// own, so the unknown-key rule never takes them for misspellings.
    public var otherKeys: Set<String> {
        switch self {
        // axolotl `utils/schemas/peft.py`, `LoraConfig`.
        case .axolotl: return ["lora_model_dir", "lora_target_linear", "lora_on_cpu", "lora_mlp_kernel", "lora_qkv_kernel",
                               "lora_o_kernel", "lora_embedding_kernel"]
        // LLaMA-Factory `src/llamafactory/hparams/finetuning_args.py`, `LoraArguments`.
        case .llamaFactory: return ["lora_dropout", "additional_target", "loraplus_lr_ratio", "loraplus_lr_embedding", "create_new_adapter"]
        // ms-swift `swift/arguments/tuner_args.py`, `TunerArguments`.
        case .msSwift: return ["lora_bias", "lora_dtype", "lorap_lr_ratio", "target_regex", "init_weights"]
        default: return []
        }
    }

    /// Keys of a dedicated section that belong to the format even though they are not
    /// PEFT fields (so the unknown-key rule leaves them alone).
    public var extraSectionKeys: Set<String> {
        switch self {
        case .peftSection: return ["name", "type", "method_type", "enabled", "_target_", "alpha", "dropout", "adapter_name_or_path", "export_dir"]
        case .unsloth: return ["vision_all_linear", "use_loftq", "finetune_vision_layers", "finetune_language_layers",
                               "finetune_attention_modules", "finetune_mlp_modules"]
        case .ludwig: return ["type", "loraplus_lr_ratio", "init_lora_weights", "eva_config", "loftq_config",
                              "pretrained_adapter_weights", "postprocessor"]
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
