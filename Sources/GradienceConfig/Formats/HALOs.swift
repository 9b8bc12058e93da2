/// HALOs (ContextualAI): a model config with `use_peft` beside a `peft:` mapping that the
/// launcher reads key by key: `LoraConfig(r=config.model.peft.lora_r, …)`.
enum HALOs: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .halos, tool: "HALOs",
        signature: "`use_peft` beside a `peft:` mapping with `lora_r` and `target_modules` (at the top of a model group, or under `model:`)",
        reads: [SourceCitation("ContextualAI/HALOs", "launch.py", "main")],
        vocabulary: ["r": "lora_r", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout", "target_modules": "target_modules"],
        defaultR: nil, defaultAlpha: .unknown, keySet: .open)
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        for (holder, pointer) in [(document.root, ""), (document.value("model"), "/model")] {
            guard let holder, holder.entries != nil, let usePeft = holder.value(forKey: "use_peft")?.scalar,
                  let peft = holder.value(forKey: "peft"), peft.entries != nil,
                  peft.value(forKey: "lora_r") != nil, peft.value(forKey: "target_modules") != nil else { continue }
            let section = JSONPointer.appending(pointer, "peft")
            guard usePeft.value == .bool(true) else {
                return [.skipped("HALOs: \(JSONPointer.appending(pointer, "use_peft")) is not true, so \(section) is ignored")]
            }
            return [.settings(.halos, section: peft, pointer: section)]
        }
        return nil
    }
}
