import GradienceConfig
/// GL042: under `require-inventory`, a LoRA config read without the base model's modules.
public enum InventoryRequired: Rule {
    public static let metadata = RuleMetadata(
        code: "GL042", name: "inventory-required", severity: .error,
        summary: "The base model's module names could not be found, and the settings require them.",
        description: "With `require-inventory: true` (or `--require-inventory`), reports each LoRA config for which no module inventory was found: no modules file, model folder, cached Hugging Face snapshot, adapter weights, catalog architecture or known model id. It says why (unknown id, a path not on this machine, no model named) and is reported once per config, at the key naming the base model or else at the section's first key. Without the setting, every report still says which files were read without an inventory, in its summary.",
        why: "Without the base model's module names, target modules that match nothing, layer indices beyond the model and pattern keys that never apply cannot be checked: the config can silently train something other than it says and still pass. A CI gate that wants certainty should fail instead.",
        fix: .none("Give the base model: `model: {dir: …}`, `model: {modules-file: …}` or an architecture with `num-layers` in the settings, or a base model id the tool knows."),
        examples: [
            .triggering("peft_type: LORA\nbase_model_name_or_path: ↓/home/alice/models/my-merged-model\nr: 8\ntarget_modules: [q_proj, v_proj]\n",
                        settings: ["require-inventory": "true"], note: "A path that is not on this machine."),
            .triggering("lora:\n  ↓r: 8\n  lora_alpha: 16\n", settings: ["require-inventory": "true"], note: "No base model named at all."),
            .clean("peft_type: LORA\nbase_model_name_or_path: /home/alice/models/my-merged-model\nr: 8\ntarget_modules: [q_proj, v_proj]\n",
                   note: "Without the setting, the summary says the file was read without an inventory; no finding."),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\n", model: "llama:2", settings: ["require-inventory": "true"]),
        ],
        settings: ["require-inventory"])

    /// The keys `ConfigExtractor` reads the base model's name from, where a finding reads best.
    static let modelKeys = ConfigExtractor.modelNameKeys + ["path", "model_path"]

    public static func check(_ context: RuleContext) -> [Finding] {
        guard context.options.requireInventory, context.inventory == nil else { return [] }
        let reason = context.inventoryUnavailableReason ?? "no module inventory for the base model"
        let message = "no module inventory, and require-inventory is set: \(reason)"
        let lora = context.lora
        for holder in [lora.section, lora.root] {
            for entry in holder.effectiveEntries {
                guard let key = entry.key.scalar?.text, modelKeys.contains(key),
                      let text = entry.value.resolved.scalar?.text, text == lora.modelName else { continue }
                return [Finding(node: entry.value.resolved, keyPath: JSONPointer.appending(holder === lora.root ? "" : lora.sectionPointer, key),
                                message: message)]
            }
        }
        let first = lora.section.effectiveEntries.first
        return [Finding(node: first?.key ?? lora.section, keyPath: lora.sectionPointer, message: message)]
    }
}
