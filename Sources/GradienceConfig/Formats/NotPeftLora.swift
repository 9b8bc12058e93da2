/// Libraries whose LoRA is not PEFT's, recognised so that they are skipped with a reason.
enum NotPeftLora: FormatRecognizer {
    static let definitions: [FormatDefinition] = []
    static let litGPTSwitches: Set<String> = ["lora_query", "lora_key", "lora_value", "lora_projection", "lora_mlp", "lora_head"]

    static func recognize(_ document: Document) -> [Recognition]? {
        // mlx-lm `mlx_lm/tuner/utils.py`, `linear_to_lora_layers`: rank and scale under lora_parameters.
        if document.has("lora_parameters") || document.has("fine_tune_type") {
            return [.skipped("an MLX-LM config: MLX's LoRA is not PEFT (rank and scale under lora_parameters)")]
        }
        // LitGPT `litgpt/lora.py`, `Config`: its own LoRA, switched per projection by booleans.
        if !document.keys.isDisjoint(with: litGPTSwitches), document.has("lora_r") {
            return [.skipped("a LitGPT config: LitGPT's LoRA (litgpt/lora.py, lora_query/lora_value/… switches) is not PEFT")]
        }
        return nil
    }
}
