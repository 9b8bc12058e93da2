/// Ludwig: `adapter: {type: lora, r, alpha, dropout}`, or `adapter: lora` in an old encoder.
enum Ludwig: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .ludwig, tool: "Ludwig",
        signature: "`adapter: {type: lora, …}`, or `input_features[].encoder.adapter: lora`",
        reads: [SourceCitation("ludwig-ai/ludwig", "ludwig/schema/llms/peft.py", "LoraConfig.to_config"),
                SourceCitation("ludwig-ai/ludwig", "ludwig/encoders/text_encoders.py", "_wrap_transformer")],
        vocabulary: ["r": "r", "lora_alpha": "alpha", "lora_dropout": "dropout", "bias": "bias_type",
                     "target_modules": "target_modules", "use_rslora": "use_rslora", "use_dora": "use_dora",
                     "rank_pattern": "rank_pattern", "alpha_pattern": "alpha_pattern", "layer_replication": "layer_replication"],
        defaultR: 8, defaultAlpha: .timesRank(2),
        // Ludwig's schema is a marshmallow dataclass that refuses unknown fields.
        keySet: .closed(consequence: "Ludwig's config validation rejects it"),
        extraSectionKeys: ["type", "loraplus_lr_ratio", "init_lora_weights", "eva_config", "loftq_config",
                           "pretrained_adapter_weights", "postprocessor"])
    static let definitions = [definition]

    /// Old Ludwig (`_wrap_transformer`): LoRA with the schema's defaults.
    static func recognize(_ document: Document) -> [Recognition]? {
        guard let features = document.value("input_features")?.items else { return nil }
        for (index, feature) in features.enumerated() {
            guard let encoder = feature.resolved.value(forKey: "encoder"), encoder.entries != nil,
                  encoder.value(forKey: "adapter")?.scalar?.text.lowercased() == "lora" else { continue }
            return [.settings(.ludwig, section: encoder, pointer: JSONPointer.appending(JSONPointer.appending("/input_features", index), "encoder"))]
        }
        return nil
    }
}
