/// The LoraConfig fields PEFT defines (v0.21; `../shared/research/peft-semantics.md` §7,
/// `src/peft/tuners/lora/config.py`, `LoraConfig`), with the version that introduced the newer ones.
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

    /// Every key a saved LoRA `adapter_config.json` can legitimately hold.
    public static let known: Set<String> = Set(all).union(legacy)
}
