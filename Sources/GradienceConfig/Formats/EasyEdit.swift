/// EasyEdit: LoRA hparams YAML (`alg_name: LoRA`) loaded as `LoRAHyperParams(**config)`;
/// `execute_lora` builds `LoraConfig` for `lora_type: lora` (AdaLoRA for `adalora`, and
/// always AdaLoRA before `lora_type` existed).
enum EasyEdit: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .easyEdit, tool: "EasyEdit",
        signature: "`alg_name: LoRA` beside `rank`",
        reads: [SourceCitation("zjunlp/EasyEdit", "easyeditor/models/lora/lora_main.py", "execute_lora"),
                SourceCitation("zjunlp/EasyEdit", "easyeditor/models/lora/lora_hparams.py", "LoRAHyperParams")],
        vocabulary: ["r": "rank", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                     "target_modules": "target_modules", "layers_to_transform": "layers"],
        // Required dataclass fields: absent ones raise, so there is no default to assume.
        defaultR: nil, defaultAlpha: .unknown, keySet: .open)
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        guard document.value("alg_name")?.scalar?.text == "LoRA", document.has("rank") else { return nil }
        guard let type = document.value("lora_type")?.scalar?.text else {
            return [.skipped("EasyEdit: no lora_type, so execute_lora builds an AdaLoraConfig (AdaLoRA's ranks are budgets, not LoRA ranks)")]
        }
        guard type == "lora" else {
            return [.skipped("EasyEdit: lora_type is \(type), not lora: LoRA rules do not apply")]
        }
        return [.settings(.easyEdit, section: document.root, pointer: "")]
    }
}
