/// GL023: an `exclude_modules` entry that removes every module a `target_modules` entry names.
public enum ExcludeCancelsTarget: Rule {
    public static let metadata = RuleMetadata(
        code: "GL023", name: "exclude-cancels-target", severity: .warning,
        summary: "exclude_modules removes every module a target_modules entry names, so that entry adapts nothing.",
        description: "With an inventory, reports a `target_modules` list entry whose modules all end up excluded: `exclude_modules` is checked first and matches by the same rules (a list entry by name or `.`-suffix, a string by full match), so `proj_out` in `exclude_modules` also removes `single_transformer_blocks.0.proj_out` listed by its full name.",
        why: "`check_target_module_exists` returns `_ExcludedModule` before it looks at `target_modules`, so an explicit target loses to a broader exclusion without a word (huggingface/diffusers#11874: the LoRA weights of every `proj_out` were dropped on load).",
        fix: .none("Whether the exclusion or the target is wrong is a human decision."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, ↓model.layers.0.self_attn.v_proj]\nexclude_modules: [v_proj]\n", model: "llama:2"),
            .clean("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nexclude_modules: [model.layers.0.self_attn.v_proj]\n", model: "llama:2",
                   note: "The exclusion removes one of the two v_proj modules; the entry still adapts the other."),
        ],
        settings: ["peft-version"])

    public static func check(_ context: RuleContext) -> [Finding] {
        guard let inventory = context.inventory, let resolution = context.resolution, resolution.raises == nil,
              context.lora.spec.excludeModules != nil, case .list? = context.lora.spec.targetModules,
              let field = context.lora.field("target_modules") else { return [] }
        var excludedBy: [String: String] = [:]
        for skipped in resolution.skipped {
            if case .excludedModule(let entry) = skipped.reason { excludedBy[skipped.name] = entry }
        }
        guard !excludedBy.isEmpty else { return [] }
        let excludeKey = context.fileKey("exclude_modules")
        return field.listEntries.compactMap { entry in
            let named = inventory.modules.map(\.name).filter { !$0.isEmpty && ($0 == entry.text || $0.hasSuffix("." + entry.text)) }
            guard !named.isEmpty, named.allSatisfy({ excludedBy[$0] != nil }) else { return nil }
            let by = Set(named.compactMap { excludedBy[$0] }).sorted().map { "'\($0)'" }.joined(separator: ", ")
            return Finding(node: entry.node, keyPath: entry.pointer,
                           message: "'\(entry.text)' in \(field.key) adapts nothing: \(excludeKey) entry \(by) also removes \(RuleContext.moduleList(named)) (exclusions are checked first, by name or dotted suffix); narrow \(excludeKey) to full module names or a regex string that spares what \(field.key) lists")
        }
    }
}
