/// LLaMA-Factory (v0): flat `finetuning_type: lora` with `lora_rank`, `lora_target`.
enum LlamaFactory: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .llamaFactory, tool: "LLaMA-Factory",
        signature: "`finetuning_type`, or `lora_target`, or `lora_rank` beside `stage`",
        reads: [SourceCitation("hiyouga/LLaMA-Factory", "src/llamafactory/hparams/finetuning_args.py", "LoraArguments"),
                SourceCitation("hiyouga/LLaMA-Factory", "src/llamafactory/model/adapter.py", "_setup_lora_tuning")],
        vocabulary: ["r": "lora_rank", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                     "target_modules": "lora_target", "modules_to_save": "additional_target",
                     "use_rslora": "use_rslora", "use_dora": "use_dora"],
        defaultR: 8, defaultAlpha: .timesRank(2), keySet: .open,
        otherKeys: ["lora_dropout", "additional_target", "loraplus_lr_ratio", "loraplus_lr_embedding", "create_new_adapter"])
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        guard document.has("finetuning_type") || document.has("lora_target") || (document.has("lora_rank") && document.has("stage")) else {
            return nil
        }
        let kind = document.value("finetuning_type")?.scalar?.text ?? "lora"
        guard kind == "lora" else {
            return [.skipped("LLaMA-Factory: finetuning_type is \(kind), so the lora_* keys are ignored")]
        }
        return [.settings(.llamaFactory, section: document.root, pointer: "")]
    }
}
