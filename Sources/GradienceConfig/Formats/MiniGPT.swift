import GradiencePEFT
/// MiniGPT-v2: `model: {arch: minigpt_v2, lora_r, lora_alpha}`; `MiniGPTv2.from_config`
/// reads only these two, and `MiniGPTBase.init_llm` builds `LoraConfig(r=lora_r, …)` with
/// its fixed `q_proj`/`v_proj` targets when `lora_r > 0`.
enum MiniGPT: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .miniGPT, tool: "MiniGPT-v2",
        signature: "`model.arch: minigpt_v2` beside `model.lora_r`",
        reads: [SourceCitation("Vision-CAIR/MiniGPT-4", "minigpt4/models/minigpt_v2.py", "MiniGPTv2.from_config"),
                SourceCitation("Vision-CAIR/MiniGPT-4", "minigpt4/models/minigpt_base.py", "MiniGPTBase.init_llm")],
        vocabulary: ["r": "lora_r", "lora_alpha": "lora_alpha"],
        defaultR: 64, defaultAlpha: .constant(16), keySet: .open, sectionMixesOtherSettings: true)
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        guard let model = document.value("model"), model.entries != nil,
              model.value(forKey: "arch")?.scalar?.text == "minigpt_v2" else { return nil }
        if let rank = model.value(forKey: "lora_r"), !UnknownValue.isUnknown(rank), let value = rank.scalar?.value.intValue, value <= 0 {
            return [.skipped("MiniGPT-v2: model.lora_r is \(value), so init_llm adds no LoRA")]
        }
        return [.settings(.miniGPT, section: model, pointer: "/model")]
    }

    static func targets(notes: inout [String]) -> TargetModules? {
        notes.append("MiniGPT-v2 always targets q_proj and v_proj (from_config never reads lora_target_modules)")
        return .list(["q_proj", "v_proj"])
    }
}
