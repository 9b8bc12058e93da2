import GradienceSyntax
/// GL019: `get_peft_model` raises for this config on the known base model.
///
/// Runs after the other rules of a config: when one of their errors already says that PEFT
/// raises (GL010, GL011, GL012, …), that finding is the explanation and GL019 stays quiet
/// (`Linter` drops it), so every rejected config gets exactly one place that says why.
public enum PeftRejectsConfig: Rule {
    public static let metadata = RuleMetadata(
        code: "GL019", name: "peft-rejects-config", severity: .error,
        summary: "get_peft_model raises for this config on the base model, for a reason no other rule reports.",
        description: "With a module inventory, the resolver runs PEFT's own checks in PEFT's order (`LoraConfig.__post_init__`, target matching, `_create_new_module`'s dispatchers, `_inject_parameters` and `ParamWrapper.__init__`, the no-match checks of `inject_adapter`, `_set_trainable`) and knows when `get_peft_model` fails. This rule reports that failure, in PEFT's words, at the setting PEFT's check reads — unless another rule's error already says PEFT raises. Typical cases: a targeted module of a type LoRA cannot adapt (`LlamaRMSNorm`), a `modules_to_save` entry that is also a LoRA layer, `lora_dropout`/`use_dora`/`fan_in_fan_out`/`lora_bias` on parameters adapted through `target_parameters` (which PEFT ≥ 0.19 adds by itself for transformers 5's fused MoE experts), and `SEQ_2_SEQ_LM` on transformers 5 with PEFT < 0.21.",
        why: "A config PEFT rejects fails at `get_peft_model`, after the job was queued, the model downloaded and loaded onto the GPUs. Nothing in the config looks wrong: the cause is how PEFT treats this base model, which only the module inventory shows.",
        fix: .none("Which change is meant (drop the target, set lora_dropout to 0, list other modules) is a human decision."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\n↓target_modules: [q_proj, input_layernorm]\n", model: "llama:2",
                        note: "LlamaRMSNorm is not a layer LoRA can adapt: PEFT raises ValueError."),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: all-linear\n↓lora_dropout: 0.05\n", model: "mixtral:2",
                        note: "Transformers 5 fuses Mixtral's experts: PEFT 0.21 adapts them through target_parameters, and ParamWrapper raises for dropout."),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nlora_dropout: 0.05\n", model: "llama:2"),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, input_layernorm]\n",
                   note: "Without an inventory the module types are not known."),
        ])

    public static func check(_ context: RuleContext) -> [Finding] {
        guard let resolution = context.resolution, let reason = resolution.raises else { return [] }
        let lora = context.lora
        let field = resolution.raisingSetting.flatMap(lora.field) ?? lora.field("target_modules")
        let message = "get_peft_model fails on this base model (\(context.inventory?.detail ?? "inventory")): \(reason)"
        if let field { return [Finding(node: field.entry.key, keyPath: field.pointer, message: message)] }
        return [Finding(range: SourceRange(start: lora.section.range.start, end: lora.section.range.start),
                        keyPath: lora.sectionPointer, message: message)]
    }

    /// Another error of the same config that already says PEFT raises.
    package static func isExplained(by diagnostics: some Sequence<Diagnostic>) -> Bool {
        diagnostics.contains { $0.code != metadata.code && $0.severity == .error && $0.message.containsText("raise") }
    }
}
