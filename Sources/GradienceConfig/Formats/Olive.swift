import GradienceSyntax
import GradiencePEFT
/// Olive: a LoRA / QLoRA / LoftQ pass under any name in `passes:` (its parameters inline,
/// or under `config:` in older files).
enum Olive: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .olive, tool: "Olive",
        signature: "a pass in `passes:` whose `type` is LoRA, QLoRA or LoftQ",
        reads: [SourceCitation("microsoft/Olive", "olive/passes/pytorch/lora.py", "LoRABase._default_config"),
                SourceCitation("microsoft/Olive", "olive/passes/pytorch/lora.py", "LoRABase.init_lora_adapters")],
        vocabulary: ["r": "lora_r", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                     "target_modules": "target_modules", "modules_to_save": "modules_to_save"],
        defaultR: 64, defaultAlpha: .constant(16), keySet: .open, sectionMixesOtherSettings: true,
        // Newer Olive spells the rank and alpha as PEFT's `r` and `alpha`.
        alternativeKeys: ["r": ["r"], "lora_alpha": ["alpha"]])
    static let definitions = [definition]

    static let loraPasses: Set<String> = ["lora", "qlora", "loftq"]

    static func recognize(_ document: Document) -> [Recognition]? {
        guard let passes = document.value("passes"), passes.entries != nil else { return nil }
        var found: [Recognition] = []
        for entry in passes.effectiveEntries {
            guard let name = entry.keyText, let type = entry.value.resolved.value(forKey: "type")?.scalar?.text,
                  loraPasses.contains(type.lowercased()) else { continue }
            let pass = entry.value.resolved
            let pointer = JSONPointer.appending("/passes", name)
            if let config = pass.value(forKey: "config"), config.entries != nil {
                found.append(.settings(.olive, section: config, pointer: JSONPointer.appending(pointer, "config")))
            } else {
                found.append(.settings(.olive, section: pass, pointer: pointer))
            }
        }
        return found.isEmpty ? nil : found
    }

    /// `LoRA._run_for_config`: no `target_modules` means every Linear but lm_head
    /// (`find_submodules(model, torch.nn.Linear, ignore_names=["lm_head"])`).
    static func targets(field: Node?, notes: inout [String]) -> TargetModules? {
        guard let field else {
            notes.append("no target_modules: Olive targets every linear layer except lm_head")
            return .allLinear
        }
        if let names = field.stringList { return .list(names) }
        return nil
    }
}
