import GradiencePEFT
/// open-instruct: flat `use_lora: true` with `lora_rank`, `lora_alpha`, `lora_dropout`;
/// `main` builds `LoraConfig(r=args.lora_rank, …)` with fixed targets.
enum OpenInstruct: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .openInstruct, tool: "open-instruct",
        signature: "flat `use_lora` with none of the keys open-instruct never reads (`lora_r`, `lora_target_modules`, `target_modules`, `use_peft`)",
        reads: [SourceCitation("allenai/open-instruct", "open_instruct/finetune.py", "main"),
                SourceCitation("allenai/open-instruct", "open_instruct/finetune.py", "FlatArguments")],
        vocabulary: ["r": "lora_rank", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout"],
        defaultR: 64, defaultAlpha: .constant(16), keySet: .open)
    static let definitions = [definition]

    /// Keys another tool's `use_lora` file has and open-instruct's FlatArguments does not:
    /// a file with them is some other project's, whose rank open-instruct would ignore.
    static let foreignKeys: Set<String> = ["lora_r", "lora_target_modules", "target_modules", "lora_target", "use_peft", "lora_rank_pattern"]

    static func recognize(_ document: Document) -> [Recognition]? {
        guard document.has("use_lora"), document.keys.isDisjoint(with: foreignKeys) else { return nil }
        guard document.value("use_lora")?.scalar?.value == .bool(true) else {
            return [.skipped("open-instruct: use_lora is not true, so the lora_* keys are ignored")]
        }
        return [.settings(.openInstruct, section: document.root, pointer: "")]
    }

    static func targets(notes: inout [String]) -> TargetModules? {
        notes.append("open-instruct always targets q/k/v/o and gate/up/down_proj")
        return .list(["q_proj", "o_proj", "v_proj", "k_proj", "gate_proj", "up_proj", "down_proj"])
    }
}
