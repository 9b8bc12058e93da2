/// oumi: a `peft:` mapping of `PeftParams` (`lora_r`, `lora_target_modules`, …) beside
/// oumi's own `training:`/`model:`/`data:` sections; `training.use_peft` switches it on.
enum Oumi: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .oumi, tool: "oumi",
        signature: "a `peft:` mapping with a `PeftParams`-only key (`lora_r`, `lora_target_modules`, `q_lora`, …) beside a `training:`, `model:` or `data:` mapping; or `training.use_peft: true` with `training.trainer_type`",
        reads: [SourceCitation("oumi-ai/oumi", "src/oumi/core/configs/params/peft_params.py", "PeftParams.to_lora"),
                SourceCitation("oumi-ai/oumi", "src/oumi/train.py", "train")],
        vocabulary: TRL.definition.vocabulary,
        defaultR: 8, defaultAlpha: .constant(8), keySet: .open, sectionMixesOtherSettings: true)
    static let definitions = [definition]

    /// `PeftParams` keys PEFT's own LoraConfig does not have (a `peft:` mapping with `r` and
    /// `lora_alpha` is PEFT's).
    static let oumiOnlyKeys: Set<String> = ["lora_r", "lora_target_modules", "lora_modules_to_save", "lora_exclude_modules",
                                            "lora_target_parameters", "lora_init_weights", "lora_task_type", "q_lora",
                                            "q_lora_bits", "peft_method", "peft_save_mode"]

    static func recognize(_ document: Document) -> [Recognition]? {
        // `train`: `use_peft = config.training.use_peft and config.peft`; PeftParams has
        // all defaults when the section is absent.
        let training = document.value("training")
        let usePeft = training?.value(forKey: "use_peft")?.scalar?.value
        let hasOumiSections = ["training", "model", "data"].contains { document.value($0)?.entries != nil }
        if let peft = document.value("peft"), peft.entries != nil, hasOumiSections,
           !ConfigExtractor.keySet(peft).isDisjoint(with: oumiOnlyKeys) {
            guard usePeft == .bool(true) else {
                return [.skipped("oumi: training.use_peft is not true, so the peft section is ignored")]
            }
            return [.settings(.oumi, section: peft, pointer: "/peft")]
        }
        if let training, usePeft == .bool(true), training.value(forKey: "trainer_type") != nil, document.value("peft") == nil {
            return [.settings(.oumi, section: training, pointer: "/training")]
        }
        return nil
    }
}
