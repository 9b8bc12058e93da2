/// TRL / alignment-handbook: flat `ModelConfig` arguments, `use_peft: true` with `lora_r`.
enum TRL: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .trl, tool: "TRL",
        signature: "`use_peft` beside `lora_r`, `lora_target_modules` or `lora_alpha`",
        reads: [SourceCitation("huggingface/trl", "trl/trainer/model_config.py", "ModelConfig"),
                SourceCitation("huggingface/trl", "trl/trainer/utils.py", "get_peft_config")],
        vocabulary: ["r": "lora_r", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                     "target_modules": "lora_target_modules", "modules_to_save": "lora_modules_to_save",
                     "exclude_modules": "lora_exclude_modules", "target_parameters": "lora_target_parameters",
                     "use_rslora": "use_rslora", "use_dora": "use_dora", "task_type": "lora_task_type"],
        defaultR: 16, defaultAlpha: .constant(32), keySet: .open)
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        guard document.has("use_peft"), !document.keys.isDisjoint(with: ["lora_r", "lora_target_modules", "lora_alpha"]) else { return nil }
        guard document.value("use_peft")?.scalar?.value == .bool(true) else {
            return [.skipped("TRL: use_peft is not true, so the lora_* keys are ignored")]
        }
        return [.settings(.trl, section: document.root, pointer: "")]
    }
}
