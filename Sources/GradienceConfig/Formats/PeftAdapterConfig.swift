/// PEFT's saved `adapter_config.json`: `PeftConfigMixin.save_pretrained` writes every
/// `LoraConfig` field with `peft_type` as the enum's value, upper case (`"LORA"`).
enum PeftAdapterConfig: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .peft, tool: "PEFT adapter_config.json",
        signature: "`peft_type: \"LORA\"` (PEFT's enum value, upper case) and at least half the keys fields PEFT writes",
        reads: [SourceCitation("huggingface/peft", "src/peft/config.py", "PeftConfigMixin.from_peft_type"),
                SourceCitation("huggingface/peft", "src/peft/tuners/lora/config.py", "LoraConfig")],
        vocabulary: Dictionary(uniqueKeysWithValues: PeftFields.all.map { ($0, $0) }),
        defaultR: 8, defaultAlpha: .constant(8),
        keySet: .closed(consequence: "PEFT drops unknown keys on load (raises TypeError before 0.14)", raises: false))
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        guard let peftType = document.value("peft_type") else { return nil }
        let type = peftType.scalar?.text ?? ""
        // `PEFT_TYPE_TO_CONFIG_MAPPING[peft_type]`: only the enum's own values load; a
        // trainer-arguments file saying `peft_type: lora` is not a saved config.
        guard type.uppercased() == type else { return nil }
        guard type == "LORA" else {
            let why = type == "ADALORA" ? " (an ADALORA rank_pattern holds masks, not ranks)" : ""
            return [.skipped("peft_type is \(type.isEmpty ? "not a string" : type): LoRA rules do not apply\(why)")]
        }
        // A saved config is PEFT's fields (a typo or two among them); a trainer's
        // arguments with `peft_type` among `learning_rate`, `seed`, … is not.
        let fields = document.keys.filter { PeftFields.known.contains($0) }.count
        guard fields * 2 >= document.keys.count else { return nil }
        return [.settings(.peft, section: document.root, pointer: "")]
    }
}
