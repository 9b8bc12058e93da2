import GradienceSyntax
/// SimpleTuner: `config.json` (keys with or without the `--` of its command line);
/// `model_type: lora` with `lora_type: standard` builds a PEFT `LoraConfig`; LyCORIS
/// (`lora_type: lycoris`) is not PEFT. The targets depend on the model family.
enum SimpleTuner: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .simpleTuner, tool: "SimpleTuner",
        signature: "`model_type` with `lora_type` or `lora_rank` beside `model_family` or `pretrained_model_name_or_path` (keys with or without `--`)",
        reads: [SourceCitation("bghira/SimpleTuner", "simpletuner/helpers/models/common.py", "ModelFoundation.add_lora_adapter"),
                SourceCitation("bghira/SimpleTuner", "simpletuner/helpers/models/common.py", "get_lora_target_layers")],
        vocabulary: ["r": "lora_rank", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                     "init_lora_weights": "lora_initialisation_style", "use_dora": "use_dora"],
        defaultR: 16, defaultAlpha: .timesRank(1), keySet: .open, commandLinePrefix: "--")
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        func value(_ key: String) -> Node? { document.value(key) ?? document.value("--" + key) }
        guard let modelType = value("model_type")?.scalar?.text, value("lora_type") != nil || value("lora_rank") != nil,
              value("model_family") != nil || value("pretrained_model_name_or_path") != nil else { return nil }
        guard modelType.lowercased() == "lora" else {
            return [.skipped("SimpleTuner: model_type is \(modelType), so the lora_* keys are ignored")]
        }
        let loraType = value("lora_type")?.scalar?.text.lowercased() ?? "standard"
        guard loraType == "standard" else {
            return [.skipped("SimpleTuner: lora_type is \(loraType): LyCORIS adapters are not PEFT's LoRA")]
        }
        return [.settings(.simpleTuner, section: document.root, pointer: "")]
    }
}
