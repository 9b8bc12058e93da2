import GradienceSyntax
/// verl (FSDP workers): `lora_rank` (0 = off), `lora_alpha`, `target_modules` in the
/// model config of a role, a `model/hf_model.yaml` group, or a SageMaker HyperPod recipe's
/// `training_config:`.
enum Verl: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .verl, tool: "verl",
        signature: "`lora_rank` beside `lora_alpha` and `lora_adapter_path`/`external_lib` (or `target_modules` under a role: `actor_rollout_ref.model`, `critic.model`), also nested under `training_config:`",
        reads: [SourceCitation("volcengine/verl", "verl/workers/fsdp_workers.py", "ActorRolloutRefWorker._build_model_optimizer"),
                SourceCitation("volcengine/verl", "verl/workers/config/model.py", "HFModelConfig")],
        vocabulary: ["r": "lora_rank", "lora_alpha": "lora_alpha", "target_modules": "target_modules", "exclude_modules": "exclude_modules"],
        defaultR: 8, defaultAlpha: .constant(16), keySet: .open, sectionMixesOtherSettings: true)
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        guard let (model, pointer) = verlModel(document.root, pointer: "")
                ?? document.value("training_config").flatMap({ verlModel($0, pointer: "/training_config") }) else { return nil }
        // `_build_model_optimizer`: LoraConfig(r=model.lora_rank, …) when `lora_rank > 0`; a
        // `lora_adapter_path` is loaded with its own saved config instead.
        let adapterPath = model.value(forKey: "lora_adapter_path")?.scalar?.value.stringValue
        if let adapterPath, !adapterPath.isEmpty, !UnknownValue.isUnknown(model.value(forKey: "lora_adapter_path")!) {
            return [.skipped("verl: \(pointer)/lora_adapter_path loads \(adapterPath) with its own adapter_config.json")]
        }
        // `${lora.rank}` is filled in by OmegaConf: unknown here, never 0.
        if let rankNode = model.value(forKey: "lora_rank"), !UnknownValue.isUnknown(rankNode) {
            let rank = rankNode.scalar?.value.intValue ?? 0
            guard rank > 0 else { return [.skipped("verl: \(pointer)/lora_rank is \(rank), which switches LoRA off")] }
        }
        return [.settings(.verl, section: model, pointer: pointer)]
    }

    /// verl's model config (`actor_rollout_ref.model`, `critic.model`, or the group itself):
    /// `lora_rank` beside `lora_alpha` and `lora_adapter_path` or `target_modules`.
    private static func verlModel(_ root: Node, pointer: String) -> (Node, String)? {
        // Under a verl role the LoRA keys suffice; elsewhere (the group file, `model:`) a
        // key only verl's HFModelConfig has must be there too: other tools say `lora_rank`.
        func isVerlModel(_ node: Node, underRole: Bool) -> Bool {
            guard node.entries != nil, let rank = node.value(forKey: "lora_rank"), rank.scalar != nil,
                  node.value(forKey: "lora_alpha") != nil else { return false }
            return node.value(forKey: "lora_adapter_path") != nil || node.value(forKey: "external_lib") != nil
                || (underRole && node.value(forKey: "target_modules") != nil)
        }
        guard root.entries != nil else { return nil }
        if isVerlModel(root, underRole: false) { return (root, pointer) }
        for (key, model) in [("actor_rollout_ref", "model"), ("critic", "model"), ("model", nil)] {
            guard let parent = root.value(forKey: key) else { continue }
            let node = model.flatMap { parent.value(forKey: $0) } ?? parent
            let path = JSONPointer.appending(pointer, key)
            if isVerlModel(node, underRole: model != nil) { return (node, model.map { JSONPointer.appending(path, $0) } ?? path) }
        }
        return nil
    }
}
