import GradienceSyntax
import GradiencePEFT
/// torchtune: the LoRA builder's arguments under `model:` next to its `_component_`.
enum Torchtune: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .torchtune, tool: "torchtune",
        signature: "`model._component_` naming a `lora_*`/`qlora_*` builder, or `model.lora_attn_modules`",
        reads: [SourceCitation("pytorch/torchtune", "torchtune/models/llama3_1/_component_builders.py", "lora_llama3_1"),
                SourceCitation("pytorch/torchtune", "torchtune/models/convert_weights.py", "tune_to_peft_adapter_config")],
        vocabulary: ["r": "lora_rank", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                     "target_modules": "lora_attn_modules", "use_dora": "use_dora"],
        defaultR: 8, defaultAlpha: .constant(8), keySet: .open, sectionMixesOtherSettings: true)
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        guard let model = document.value("model"), model.entries != nil else { return nil }
        let component = model.value(forKey: "_component_")?.scalar?.text ?? ""
        let builder = component.split(separator: ".").last.map(String.init) ?? ""
        guard builder.hasPrefix("lora_") || builder.hasPrefix("qlora_") || model.value(forKey: "lora_attn_modules") != nil else { return nil }
        return [.settings(.torchtune, section: model, pointer: "/model")]
    }

    /// torchtune names its modules itself; these are the PEFT names it saves them under
    /// (`_TO_PEFT_TARGET_MODULES` in `convert_weights.py`).
    static func targets(section: Node, notes: inout [String]) -> TargetModules? {
        let rename = ["output_proj": "o_proj", "w1": "gate_proj", "w2": "down_proj", "w3": "up_proj", "output": "lm_head"]
        var names = (section.value(forKey: "lora_attn_modules")?.stringList ?? []).map { rename[$0] ?? $0 }
        if section.value(forKey: "apply_lora_to_mlp")?.scalar?.value == .bool(true) { names += ["gate_proj", "down_proj", "up_proj"] }
        if section.value(forKey: "apply_lora_to_output")?.scalar?.value == .bool(true) { names.append("lm_head") }
        notes.append("torchtune module names mapped to PEFT's (output_proj → o_proj, w1/w2/w3 → gate/down/up_proj)")
        return names.isEmpty ? nil : .list(names)
    }
}
