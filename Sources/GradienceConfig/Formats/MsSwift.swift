import GradienceSyntax
import GradiencePEFT
/// ms-swift: flat `tuner_type: lora` (`train_type` in 3.x, `sft_type` in 2.x) with `lora_rank`.
enum MsSwift: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .msSwift, tool: "ms-swift",
        signature: "`tuner_type`, `train_type` or `sft_type` beside `lora_rank`, `lora_alpha`, `target_modules`, `target_regex` or `lora_dropout` (top level or a Ray `train:` group)",
        reads: [SourceCitation("modelscope/ms-swift", "swift/pipelines/train/tuner.py", "prepare_adapter"),
                SourceCitation("modelscope/ms-swift", "swift/arguments/tuner_args.py", "TunerArguments")],
        vocabulary: ["r": "lora_rank", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                     "target_modules": "target_modules", "modules_to_save": "modules_to_save",
                     "target_parameters": "target_parameters", "use_rslora": "use_rslora", "use_dora": "use_dora"],
        defaultR: 8, defaultAlpha: .constant(32), keySet: .open,
        otherKeys: ["lora_bias", "lora_dtype", "lorap_lr_ratio", "target_regex", "init_weights"],
        sectionMixesOtherSettings: true)
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        // A Ray pipeline sets them in its `train:` group, merged into the trainer's
        // arguments (`swift/ray/megatron/pipeline.py`).
        for (node, pointer) in [(document.root, ""), (document.value("train"), "/train")] {
            guard let node, node.entries != nil else { continue }
            let keys = node === document.root ? document.keys : ConfigExtractor.keySet(node)
            guard let switchKey = ["tuner_type", "train_type", "sft_type"].first(where: keys.contains),
                  !keys.isDisjoint(with: ["lora_rank", "lora_alpha", "target_modules", "target_regex", "lora_dropout"])
                    || node.value(forKey: switchKey)?.scalar?.text == "lora" else { continue }
            let kind = node.value(forKey: switchKey)?.scalar?.text.lowercased() ?? ""
            guard kind == "lora" || kind == "longlora" else {
                return [.skipped("ms-swift: \(pointer)\(pointer.isEmpty ? "" : "/")\(switchKey) is \(kind.isEmpty ? "empty" : kind), so the lora_* keys are ignored")]
            }
            return [.settings(.msSwift, section: node, pointer: pointer)]
        }
        return nil
    }

    /// `get_target_modules`: `target_regex` wins; `all-linear` (the default) becomes every
    /// linear layer of the LLM; a YAML string reaches the List[str] argument as one item.
    static func targets(section: Node, field: Node?, notes: inout [String]) -> TargetModules? {
        if let regex = section.value(forKey: "target_regex")?.scalar?.value.stringValue {
            notes.append("target_regex overrides target_modules in ms-swift")
            return .regex(regex)
        }
        let text = field?.scalar?.value.stringValue
        let items = field?.items.map { $0.compactMap { $0.resolved.scalar?.value.stringValue } }
        let names = items ?? text.map { [$0] } ?? ["all-linear"]
        if names.contains("all-linear") {
            notes.append("ms-swift expands all-linear to every linear layer (find_all_linears)")
            return .allLinear
        }
        return .list(names)
    }
}
