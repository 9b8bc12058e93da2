import GradiencePEFT
/// Firefly: `train_args/*.json` parsed by `HfArgumentParser((CustomizedArguments,
/// TrainingArguments)).parse_json_file`; `train_mode: lora|qlora` builds
/// `LoraConfig(r=args.lora_rank, lora_alpha=args.lora_alpha, target_modules=find_all_linear_names(...), …)`.
enum Firefly: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .firefly, tool: "Firefly",
        signature: "flat `train_mode` (or, before it existed, `template_name`) beside `lora_rank`",
        reads: [SourceCitation("yangjianxin1/Firefly", "train.py", "load_model"),
                SourceCitation("yangjianxin1/Firefly", "component/argument.py", "CustomizedArguments")],
        vocabulary: ["r": "lora_rank", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout"],
        defaultR: 64, defaultAlpha: .constant(16), keySet: .open)
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        guard document.has("lora_rank"), document.has("train_mode") || document.has("template_name") else { return nil }
        // Before `train_mode`, LoRA had its own script (`train_qlora.py`).
        let mode = document.value("train_mode")?.scalar?.text ?? "qlora"
        guard mode == "lora" || mode == "qlora" else {
            return [.skipped("Firefly: train_mode is \(mode), so the lora_* keys are ignored")]
        }
        return [.settings(.firefly, section: document.root, pointer: "")]
    }

    /// `find_all_linear_names`: every Linear (Linear4bit for qlora) leaf name except lm_head.
    static func targets(notes: inout [String]) -> TargetModules? {
        notes.append("Firefly targets every linear layer except lm_head (find_all_linear_names)")
        return .allLinear
    }
}
