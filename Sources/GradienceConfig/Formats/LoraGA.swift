/// LoRA-GA's Hydra group `reproduce/conf/peft/*.yaml`, read key by key by
/// `reproduce/run_exp.py` (`lora_r: null` is a required command-line override, `all` and
/// `[q, v]` are expanded by the script): not TRL's ModelConfig.
enum LoraGA: FormatRecognizer {
    static let definitions: [FormatDefinition] = []

    static func recognize(_ document: Document) -> [Recognition]? {
        guard document.has("lora_relative_r") else { return nil }
        return [.skipped("a LoRA-GA Hydra group (lora_relative_r): reproduce/run_exp.py fills in and expands these values itself")]
    }
}
