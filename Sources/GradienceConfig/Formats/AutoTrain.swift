/// AutoTrain Advanced: `params.peft: true` with `lora_r`, `target_modules`.
enum AutoTrain: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .autotrain, tool: "AutoTrain Advanced",
        signature: "`params.peft` (a scalar) in a `params:` mapping",
        reads: [SourceCitation("huggingface/autotrain-advanced", "src/autotrain/trainers/clm/utils.py", "get_model"),
                SourceCitation("huggingface/autotrain-advanced", "src/autotrain/trainers/clm/utils.py", "get_target_modules")],
        vocabulary: ["r": "lora_r", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout", "target_modules": "target_modules"],
        defaultR: 16, defaultAlpha: .constant(32), keySet: .open, sectionMixesOtherSettings: true, replacesEmptyTargets: true)
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        guard let params = document.value("params"), params.entries != nil, let peft = params.value(forKey: "peft"), peft.scalar != nil else {
            return nil
        }
        guard peft.scalar?.value == .bool(true) else {
            return [.skipped("AutoTrain: params.peft is not true, so the lora_* keys are ignored")]
        }
        return [.settings(.autotrain, section: params, pointer: "/params")]
    }

    /// `get_target_modules`: absent means "all-linear"; empty means the per-model default
    /// table; otherwise a comma string.
    static func targets(field: Node?, notes: inout [String]) -> TargetModules? {
        guard let text = field?.scalar?.value.stringValue else { return field == nil ? .allLinear : nil }
        if text.trimmingCharacters(in: .whitespaces).lowercased() == "all-linear" { return .allLinear }
        return field?.commaSeparated.flatMap { $0.isEmpty ? nil : .list($0) }
    }
}

import Foundation
import GradienceSyntax
import GradiencePEFT
