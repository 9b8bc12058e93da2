import GradienceSyntax
/// GL022: a `modules_to_save` entry that matches no module of the base model.
public enum UnmatchedModulesToSave: Rule {
    public static let metadata = RuleMetadata(
        code: "GL022", name: "unmatched-modules-to-save", severity: .warning,
        summary: "A modules_to_save entry matches no module: that module is neither trained nor saved.",
        description: "With an inventory, reports each `modules_to_save` entry that no module name ends with (PEFT's own test in `_set_trainable`: `key.endswith(entry)`, without a dot). The head or embedding it was meant for keeps its base weights and is missing from the saved adapter. Heads of another task (`classifier`, `score`, `qa_outputs`) are left alone when the config's `task_type` is not `CAUSAL_LM`, since the inventory may be of another head.",
        why: "`_set_trainable` wraps the modules whose names end with an entry and ignores entries that match nothing, without a warning (huggingface/peft#1070: a classification head listed under another name was never trained, and the reloaded model had a random head).",
        fix: .none("Which module was meant is a human decision."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nmodules_to_save: [↓classifier, lm_head]\n", model: "llama:2"),
            .clean("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nmodules_to_save: [embed_tokens, lm_head]\n", model: "llama:2"),
            .clean("peft_type: LORA\ntask_type: SEQ_CLS\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nmodules_to_save: [score]\n", model: "llama:2",
                   note: "The catalog's llama is the causal-LM head; a SEQ_CLS model has `score`."),
        ])

    static let taskHeads: Set<String> = ["classifier", "score", "qa_outputs", "pooler"]

    public static func check(_ context: RuleContext) -> [Finding] {
        guard let inventory = context.inventory, inventory.source != .adapterWeights,
              let field = context.lora.field("modules_to_save"), !context.lora.notStaticallyKnown.contains("modules_to_save") else { return [] }
        let otherTask = context.lora.spec.taskType.map { $0 != "CAUSAL_LM" } ?? false
        let names = inventory.modules.map(\.name).filter { !$0.isEmpty }
        return field.listEntries.compactMap { entry in
            guard !entry.text.isEmpty, !names.contains(where: { $0.hasSuffix(entry.text) }),
                  !(otherTask && taskHeads.contains(ModuleNames.leaf(entry.text))) else { return nil }
            return Finding(node: entry.node, keyPath: entry.pointer,
                           message: "'\(entry.text)' in \(field.key) matches no module of the base model (\(inventory.detail)): PEFT skips it silently, so the module it was meant for is neither trained nor saved with the adapter\(Suggestion.didYouMean(entry.text, among: inventory.indexes.sortedLastComponents))")
        }
    }
}
