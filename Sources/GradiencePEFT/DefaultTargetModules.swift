/// PEFT's `TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING` (`src/peft/utils/constants.py`),
/// the targets `LoraModel._prepare_adapter_config` fills in when `target_modules` is None.
/// Each entry records the release that added it: on an older PEFT the model type is
/// unknown and PEFT raises "Please specify `target_modules`". Read from tags v0.13.0 … main.
enum DefaultTargetModules {
    private struct Entry {
        let since: PeftVersion
        let targets: TargetModules
    }

    private static let v013 = PeftVersion(0, 13, 0)

    private static let table: [String: Entry] = {
        var table: [String: Entry] = [:]
        func add(_ since: PeftVersion, _ types: [String], _ targets: [String]) {
            for type in types { table[type] = Entry(since: since, targets: .list(targets)) }
        }
        add(v013, ["t5", "mt5"], ["q", "v"])
        add(v013, ["bart", "opt", "gptj", "gpt_neo", "llama", "mistral", "mixtral", "stablelm", "gemma", "gemma2", "qwen2"],
            ["q_proj", "v_proj"])
        add(v013, ["gpt2", "gpt_bigcode"], ["c_attn"])
        add(v013, ["bloom", "gpt_neox", "chatglm", "RefinedWebModel", "RefinedWeb", "falcon"], ["query_key_value"])
        add(v013, ["blip-2"], ["q", "v", "q_proj", "v_proj"])
        add(v013, ["bert", "roberta", "xlm-roberta", "electra", "layoutlm"], ["query", "value"])
        add(v013, ["deberta-v2"], ["query_proj", "value_proj"])
        add(v013, ["deberta"], ["in_proj"])
        add(v013, ["mpt"], ["Wqkv"])
        add(v013, ["btlm"], ["c_proj", "c_attn"])
        add(v013, ["codegen"], ["qkv_proj"])
        add(v013, ["phi"], ["q_proj", "v_proj", "fc1", "fc2"])
        add(PeftVersion(0, 16, 0), ["llama4", "gemma3_text", "qwen3"], ["q_proj", "v_proj"])
        add(PeftVersion(0, 18, 0), ["rwkv"], ["key", "value", "receptance", "output"])
        add(PeftVersion(0, 18, 0), ["rwkv7"], ["r_proj", "k_proj", "v_proj", "o_proj", "key", "value"])
        add(PeftVersion(0, 20, 0), ["nemotron_h"], ["q_proj", "k_proj", "v_proj", "o_proj"])
        // The one str entry: kept as a str (a regex), not turned into a set (v0.19+).
        table["gemma4"] = Entry(since: PeftVersion(0, 19, 0), targets: .regex(#".*language_model\..*\.(q_proj|v_proj)"#))
        return table
    }()

    /// The default targets for `modelType` on `version`, or nil when PEFT has none.
    static func targets(forModelType modelType: String, version: PeftVersion) -> TargetModules? {
        guard let entry = table[modelType], version.hasFeature(since: entry.since.major, entry.since.minor) else {
            return nil
        }
        return entry.targets
    }
}
