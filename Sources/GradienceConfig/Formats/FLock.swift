import GradiencePEFT
/// FLock training node: `training_args.yaml` holds one block per base model id, each
/// passed as `LoraTrainingArguments(**block)` (a dataclass: any other key raises TypeError);
/// `train_lora` targets `q_proj` and `v_proj`.
enum FLock: FormatRecognizer {
    static let fields: Set<String> = ["per_device_train_batch_size", "gradient_accumulation_steps", "num_train_epochs",
                                      "lora_rank", "lora_alpha", "lora_dropout"]
    static let definition = FormatDefinition(
        format: .flock, tool: "FLock training node",
        signature: "every top-level value a mapping (one per base model id) holding `lora_rank` among `LoraTrainingArguments` fields",
        reads: [SourceCitation("FLock-io/testnet-training-node-quickstart", "demo.py", "train_lora"),
                SourceCitation("FLock-io/testnet-training-node-quickstart", "demo.py", "LoraTrainingArguments")],
        vocabulary: ["r": "lora_rank", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout"],
        defaultR: nil, defaultAlpha: .unknown,
        keySet: .closed(consequence: "LoraTrainingArguments(**block) raises TypeError for it"),
        extraSectionKeys: fields)
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        let entries = document.root.effectiveEntries
        guard !entries.isEmpty, entries.allSatisfy({ $0.value.resolved.entries != nil }) else { return nil }
        var found: [Recognition] = []
        for entry in entries {
            guard let name = entry.keyText else { return nil }
            let keys = ConfigExtractor.keySet(entry.value.resolved)
            // Its own fields, a typo or two at most: another tool's nested file is not FLock's.
            guard keys.contains("lora_rank"), keys.subtracting(fields).count <= 1 else { return nil }
            found.append(.settings(.flock, section: entry.value.resolved, pointer: JSONPointer.appending("", name)))
        }
        return found
    }

    static func targets(notes: inout [String]) -> TargetModules? {
        notes.append("the FLock training node always targets q_proj and v_proj")
        return .list(["q_proj", "v_proj"])
    }
}
