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
        defaultR: 8, defaultAlpha: .timesRank(2),
        // `_parse_args`: HfArgumentParser.parse_dict(args, allow_extra_keys=is_env_enabled("ALLOW_EXTRA_ARGS")).
        keySet: .closed(consequence: "LLaMA-Factory's HfArgumentParser.parse_dict raises ValueError (\"Some keys are not used by the HfArgumentParser\") unless ALLOW_EXTRA_ARGS=1"),
        otherKeys: ["lora_dropout", "additional_target", "loraplus_lr_ratio", "loraplus_lr_embedding", "create_new_adapter"],
        // Every argument dataclass field, extracted from its source (scripts/formats/extract-llamafactory-keys.py).
        extraSectionKeys: LlamaFactoryKeys.all)
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        guard document.has("finetuning_type") || document.has("lora_target") || (document.has("lora_rank") && document.has("stage")) else {
            return nil
        }
        let kind = document.value("finetuning_type")?.scalar?.text ?? "lora"
        guard kind == "lora" else {
            return [.skipped("LLaMA-Factory: finetuning_type is \(kind), so the lora_* keys are ignored")]
        }
        // A file mostly of keys LLaMA-Factory does not define is some other project's
        // (ChatGLM-Efficient-Tuning's, a fork's): its keys are not LLaMA-Factory's to judge.
        let foreign = document.keys.subtracting(LlamaFactoryKeys.all)
        if foreign.count * 4 > document.keys.count {
            let sample = foreign.sorted().prefix(4).joined(separator: ", ")
            return [.settings(.llamaFactory, section: document.root, pointer: "",
                              openBecause: "\(foreign.count) of \(document.keys.count) keys (\(sample)\(foreign.count > 4 ? ", …" : "")) are not LLaMA-Factory arguments, so this may be another project's file")]
        }
        return [.settings(.llamaFactory, section: document.root, pointer: "")]
    }
}
