import GradienceSyntax
import GradiencePEFT
/// axolotl: flat YAML, `adapter: lora|qlora` beside `lora_*` keys.
enum Axolotl: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .axolotl, tool: "axolotl",
        signature: "`adapter` (a string or empty) beside `lora_r`, `lora_target_linear`, `lora_model_dir`, `lora_target_modules` or `lora_alpha`",
        reads: [SourceCitation("axolotl-ai-cloud/axolotl", "src/axolotl/utils/schemas/peft.py", "LoraConfig"),
                SourceCitation("axolotl-ai-cloud/axolotl", "src/axolotl/loaders/adapter.py", "load_lora")],
        vocabulary: ["r": "lora_r", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                     "target_modules": "lora_target_modules", "exclude_modules": "lora_exclude_modules",
                     "modules_to_save": "lora_modules_to_save", "rank_pattern": "lora_rank_pattern",
                     "alpha_pattern": "lora_alpha_pattern", "layers_to_transform": "peft_layers_to_transform",
                     "layers_pattern": "peft_layers_pattern", "use_rslora": "peft_use_rslora", "use_dora": "peft_use_dora",
                     "fan_in_fan_out": "lora_fan_in_fan_out", "init_lora_weights": "peft_init_lora_weights",
                     "target_parameters": "lora_target_parameters"],
        defaultR: 8, defaultAlpha: .constant(16), keySet: .open,
        otherKeys: ["lora_model_dir", "lora_target_linear", "lora_on_cpu", "lora_mlp_kernel", "lora_qkv_kernel",
                    "lora_o_kernel", "lora_embedding_kernel"])
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        guard let adapter = document.value("adapter"), adapter.entries == nil,
              !document.keys.isDisjoint(with: ["lora_r", "lora_target_linear", "lora_model_dir", "lora_target_modules", "lora_alpha"]) else {
            return nil
        }
        let kind = adapter.scalar?.text.lowercased() ?? ""
        guard kind == "lora" || kind == "qlora" else {
            return [.skipped("axolotl: `adapter` is \(kind.isEmpty ? "empty" : kind), so the lora_* keys are ignored (a full fine-tune)")]
        }
        return [.settings(.axolotl, section: document.root, pointer: "")]
    }

    /// `load_lora`: `lora_target_linear: true` adds every linear layer (`find_all_linear_names`).
    static func targets(section: Node, notes: inout [String]) -> TargetModules? {
        guard section.value(forKey: "lora_target_linear")?.scalar?.value == .bool(true) else { return nil }
        notes.append("lora_target_linear: true adds every linear layer to the targets")
        return .allLinear
    }
}
