import GradienceConfig
/// GL026: axolotl's `lora_target_linear: true` beside a `lora_target_modules` list.
public enum AxolotlTargetLinearUnion: Rule {
    public static let metadata = RuleMetadata(
        code: "GL026", name: "axolotl-target-linear-union", severity: .warning,
        summary: "axolotl adds every linear layer to lora_target_modules when lora_target_linear is true: the list does not narrow the targets.",
        description: "Reports an axolotl config with `lora_target_linear: true` and a non-empty `lora_target_modules`. axolotl's `load_lora` builds `set(lora_target_modules + find_all_linear_names(model))`: the leaf names of every linear layer except `lm_head`, plus the list. With an inventory (it needs one), it reports only when the union adds modules the list does not name, and says which.",
        why: "The list reads as a restriction (\"train q_proj and v_proj\") but axolotl unions it with every linear layer, so the adapter is several times larger than planned and trains the MLP too (axolotl-ai-cloud/axolotl#65: with `lora_target_linear` set, the q_proj/v_proj run had the same trainable parameters as the all-linear run).",
        fix: .none("Whether the list or every linear layer was meant is a human decision: remove one of the two."),
        examples: [
            .triggering("base_model: meta-llama/Llama-2-7b-hf\nadapter: lora\nlora_r: 8\nlora_alpha: 16\n↓lora_target_linear: true\nlora_target_modules:\n  - q_proj\n  - v_proj\n",
                        note: "The base model's id selects the catalog's Llama-2-7b: the MLP and o_proj/k_proj train too."),
            .clean("base_model: meta-llama/Llama-2-7b-hf\nadapter: lora\nlora_r: 8\nlora_alpha: 16\nlora_target_linear: true\nlora_target_modules: [q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj]\n",
                   note: "The list already names every linear layer: the union adds nothing."),
            .clean("base_model: meta-llama/Llama-2-7b-hf\nadapter: lora\nlora_r: 8\nlora_alpha: 16\nlora_target_linear: true\n"),
            .clean("base_model: meta-llama/Llama-2-7b-hf\nadapter: lora\nlora_r: 8\nlora_alpha: 16\nlora_target_modules:\n  - q_proj\n  - v_proj\n"),
        ])

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        guard lora.format == .axolotl, let linear = lora.section.entries?.first(where: { $0.keyText == "lora_target_linear" }),
              linear.value.resolved.scalar?.value == .bool(true), let field = lora.field("target_modules") else { return [] }
        let listed = field.listEntries.map(\.text)
        // Only what the union adds beyond the list is a surprise; that needs the modules.
        guard !listed.isEmpty, let resolution = context.resolution, resolution.raises == nil else { return [] }
        let added = resolution.modules.filter { module in !listed.contains { module.name == $0 || module.name.hasSuffix("." + $0) } }
        guard !added.isEmpty else { return [] }
        let addedLeaves = Set(added.map { ModuleNames.leaf($0.name) }).sorted().joined(separator: ", ")
        let trains = "\(added.count) modules beyond the list train too (\(addedLeaves))"
        return [Finding(node: linear.key, keyPath: JSONPointer.appending(lora.sectionPointer, "lora_target_linear"),
                        message: "lora_target_linear: true adds every linear layer to \(field.key) (axolotl's load_lora unions the list with find_all_linear_names, the leaf names of every Linear except lm_head): [\(listed.joined(separator: ", "))] does not narrow the targets, \(trains); to train only the list, remove lora_target_linear")]
    }
}
