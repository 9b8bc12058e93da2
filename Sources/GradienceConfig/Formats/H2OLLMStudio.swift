import GradienceSyntax
import GradiencePEFT
/// h2o-llmstudio: `training.lora: true` with `lora_r`, `lora_target_modules`.
enum H2OLLMStudio: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .h2o, tool: "h2o-llmstudio",
        signature: "`training.lora` (a boolean) beside `training.lora_r`",
        reads: [SourceCitation("h2oai/h2o-llmstudio", "llm_studio/src/utils/modeling_utils.py", "prepare_lora"),
                SourceCitation("h2oai/h2o-llmstudio", "llm_studio/src/models/text_causal_language_modeling_model.py", "Model.__init__")],
        vocabulary: ["r": "lora_r", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                     "target_modules": "lora_target_modules", "use_dora": "use_dora", "use_rslora": "use_rslora"],
        defaultR: 4, defaultAlpha: .constant(16), keySet: .open, sectionMixesOtherSettings: true, replacesEmptyTargets: true)
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        guard let training = document.value("training"), training.entries != nil, let lora = training.value(forKey: "lora"),
              lora.scalar != nil, training.value(forKey: "lora_r") != nil else { return nil }
        guard lora.scalar?.value == .bool(true) else {
            return [.skipped("h2o-llmstudio: training.lora is not true, so the lora_* keys are ignored")]
        }
        return [.settings(.h2o, section: training, pointer: "/training")]
    }

    /// `prepare_lora`: a comma string; empty means every Linear/Conv1D whose name has no "head".
    static func targets(field: Node?, notes: inout [String]) -> TargetModules? {
        guard let names = field?.commaSeparated, !names.isEmpty else {
            notes.append("an empty lora_target_modules means every linear layer except heads in h2o-llmstudio")
            return .allLinear
        }
        return .list(names)
    }
}
