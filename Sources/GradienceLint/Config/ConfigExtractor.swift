/// Finds the LoRA settings in a parsed document, from its keys and never its file name:
/// not every `adapter_config.json` is PEFT (MLX-LM and AdapterHub use the name too).
///
/// Detection order follows `../shared/research/config-formats.md` ("Format detection"):
/// the most specific signature first.
public enum ConfigExtractor {
    public enum Outcome {
        case lora(LoraSettings)
        /// The file is a config we recognise but LoRA rules do not apply (AdaLoRA,
        /// MLX-LM, LoRA switched off); said once under `--verbose`.
        case skipped(String)
        /// No LoRA settings at all: a GitHub workflow, a docker-compose file.
        case none
    }

    /// Keys that, as a mapping, commonly hold a PEFT `LoraConfig`.
    static let sectionKeys = ["lora", "peft", "peft_config", "lora_config", "adapter"]
    static let peftCoreFields: Set<String> = ["r", "lora_alpha", "target_modules", "rank_pattern", "alpha_pattern"]

    public static func extract(from root: Node) -> Outcome {
        guard root.entries != nil else { return .none }
        let top = keySet(root)

        if let peftType = root.value(forKey: "peft_type") {
            let type = peftType.scalar?.text ?? ""
            guard type.uppercased() == "LORA" else {
                let why = type.uppercased() == "ADALORA" ? " (an ADALORA rank_pattern holds masks, not ranks)" : ""
                return .skipped("peft_type is \(type.isEmpty ? "not a string" : type): LoRA rules do not apply\(why)")
            }
            return .lora(build(.peft, root: root, section: root, pointer: ""))
        }
        if top.contains("lora_parameters") || top.contains("fine_tune_type") {
            return .skipped("an MLX-LM config: MLX's LoRA is not PEFT (rank and scale under lora_parameters)")
        }
        if let lora = root.value(forKey: "lora"), lora.entries != nil, keySet(lora).contains("probe_r") {
            return .lora(build(.seedBench, root: root, section: lora, pointer: "/lora"))
        }
        if top.contains("default_r"), top.contains("rank_pattern") {
            return .lora(build(.rankReport, root: root, section: root, pointer: ""))
        }
        if let adapter = root.value(forKey: "adapter") {
            if adapter.entries == nil,
               !top.isDisjoint(with: ["lora_r", "lora_target_linear", "lora_model_dir", "lora_target_modules", "lora_alpha"]) {
                let kind = adapter.scalar?.text.lowercased() ?? ""
                guard kind == "lora" || kind == "qlora" else {
                    return .skipped("axolotl: `adapter` is \(kind.isEmpty ? "empty" : kind), so the lora_* keys are ignored (a full fine-tune)")
                }
                return .lora(build(.axolotl, root: root, section: root, pointer: ""))
            }
        }
        if let outcome = flatPeftTrainer(root, top: top) { return outcome }
        if top.contains("finetuning_type") || top.contains("lora_target") || (top.contains("lora_rank") && top.contains("stage")) {
            let kind = root.value(forKey: "finetuning_type")?.scalar?.text ?? "lora"
            guard kind == "lora" else {
                return .skipped("LLaMA-Factory: finetuning_type is \(kind), so the lora_* keys are ignored")
            }
            return .lora(build(.llamaFactory, root: root, section: root, pointer: ""))
        }
        if let model = root.value(forKey: "model"), model.entries != nil {
            let component = model.value(forKey: "_component_")?.scalar?.text ?? ""
            let builder = component.split(separator: ".").last.map(String.init) ?? ""
            if builder.hasPrefix("lora_") || builder.hasPrefix("qlora_") || keySet(model).contains("lora_attn_modules") {
                return .lora(build(.torchtune, root: root, section: model, pointer: "/model"))
            }
        }
        if top.contains("use_peft"), !top.isDisjoint(with: ["lora_r", "lora_target_modules", "lora_alpha"]) {
            guard root.value(forKey: "use_peft")?.scalar?.value == .bool(true) else {
                return .skipped("TRL: use_peft is not true, so the lora_* keys are ignored")
            }
            return .lora(build(.trl, root: root, section: root, pointer: ""))
        }
        if let outcome = nestedPeftTrainer(root) { return outcome }
        if let (section, pointer) = findPeftSection(root, pointer: "", depth: 0) {
            return classify(section: section, pointer: pointer, root: root)
        }
        if let (encoder, pointer) = ludwigEncoderAdapter(root) {
            return .lora(build(.ludwig, root: root, section: encoder, pointer: pointer))
        }
        return .none
    }

    /// Flat trainer arguments whose own switch says whether PEFT runs at all.
    private static func flatPeftTrainer(_ root: Node, top: Set<String>) -> Outcome? {
        // ms-swift `swift/arguments/base_args/base_args.py`: `tuner_type` (`train_type` in
        // 3.x, `sft_type` in 2.x); `prepare_adapter` builds a LoraConfig for lora/longlora.
        // A Ray pipeline sets them in its `train:` group, merged into the trainer's
        // arguments (`swift/ray/megatron/pipeline.py`).
        for (node, pointer) in [(root, ""), (root.value(forKey: "train"), "/train")] {
            guard let node, node.entries != nil else { continue }
            let keys = node === root ? top : keySet(node)
            guard let switchKey = ["tuner_type", "train_type", "sft_type"].first(where: keys.contains),
                  !keys.isDisjoint(with: ["lora_rank", "lora_alpha", "target_modules", "target_regex", "lora_dropout"])
                    || node.value(forKey: switchKey)?.scalar?.text == "lora" else { continue }
            let kind = node.value(forKey: switchKey)?.scalar?.text.lowercased() ?? ""
            guard kind == "lora" || kind == "longlora" else {
                return .skipped("ms-swift: \(pointer)\(pointer.isEmpty ? "" : "/")\(switchKey) is \(kind.isEmpty ? "empty" : kind), so the lora_* keys are ignored")
            }
            return .lora(build(.msSwift, root: root, section: node, pointer: pointer))
        }
        // open-instruct `open_instruct/finetune.py`: `if args.use_lora:` builds the LoraConfig.
        if top.contains("use_lora"), !top.contains("use_peft") {
            guard root.value(forKey: "use_lora")?.scalar?.value == .bool(true) else {
                return .skipped("open-instruct: use_lora is not true, so the lora_* keys are ignored")
            }
            return .lora(build(.openInstruct, root: root, section: root, pointer: ""))
        }
        // LoRA-GA's Hydra group `reproduce/conf/peft/*.yaml`, read key by key by
        // `reproduce/run_exp.py` (`lora_r: null` is a required command-line override,
        // `all` and `[q, v]` are expanded by the script): not TRL's ModelConfig.
        if top.contains("lora_relative_r") {
            return .skipped("a LoRA-GA Hydra group (lora_relative_r): reproduce/run_exp.py fills in and expands these values itself")
        }
        return nil
    }

    /// Trainers whose LoRA settings sit in a section of their own config object.
    private static func nestedPeftTrainer(_ root: Node) -> Outcome? {
        // h2o-llmstudio `llm_studio/src/models/text_causal_language_modeling_model.py`:
        // `if cfg.training.lora: prepare_lora(cfg, backbone)`.
        if let training = root.value(forKey: "training"), training.entries != nil, let lora = training.value(forKey: "lora"),
           lora.scalar != nil, training.value(forKey: "lora_r") != nil {
            guard lora.scalar?.value == .bool(true) else {
                return .skipped("h2o-llmstudio: training.lora is not true, so the lora_* keys are ignored")
            }
            return .lora(build(.h2o, root: root, section: training, pointer: "/training"))
        }
        // AutoTrain `src/autotrain/trainers/clm/utils.py`, `get_model`: `if config.peft:`.
        if let params = root.value(forKey: "params"), params.entries != nil, let peft = params.value(forKey: "peft"), peft.scalar != nil {
            guard peft.scalar?.value == .bool(true) else {
                return .skipped("AutoTrain: params.peft is not true, so the lora_* keys are ignored")
            }
            return .lora(build(.autotrain, root: root, section: params, pointer: "/params"))
        }
        // oumi `src/oumi/train.py`, `train`: `use_peft = config.training.use_peft and config.peft`;
        // the peft section is PeftParams (`to_lora`), all defaults when absent.
        let training = root.value(forKey: "training")
        let usePeft = training?.value(forKey: "use_peft")?.scalar?.value
        if let peft = root.value(forKey: "peft"), peft.entries != nil, !keySet(peft).isDisjoint(with: oumiOnlyKeys) {
            guard usePeft == .bool(true) else {
                return .skipped("oumi: training.use_peft is not true, so the peft section is ignored")
            }
            return .lora(build(.oumi, root: root, section: peft, pointer: "/peft"))
        }
        if let training, usePeft == .bool(true), training.value(forKey: "trainer_type") != nil, root.value(forKey: "peft") == nil {
            return .lora(build(.oumi, root: root, section: training, pointer: "/training"))
        }
        if let (model, pointer) = verlModel(root) {
            // verl `verl/workers/fsdp_workers.py`, `_build_model_optimizer`: LoraConfig(r=model.lora_rank, …)
            // when `lora_rank > 0`; a `lora_adapter_path` is loaded with its own saved config instead.
            let rank = model.value(forKey: "lora_rank")?.scalar?.value.intValue ?? 0
            let adapterPath = model.value(forKey: "lora_adapter_path")?.scalar?.value.stringValue
            if let adapterPath, !adapterPath.isEmpty {
                return .skipped("verl: \(pointer)/lora_adapter_path loads \(adapterPath) with its own adapter_config.json")
            }
            guard rank > 0 else {
                return .skipped("verl: \(pointer)/lora_rank is \(rank), which switches LoRA off")
            }
            return .lora(build(.verl, root: root, section: model, pointer: pointer))
        }
        return nil
    }

    /// verl's model config (`actor_rollout_ref.model`, `critic.model`, or the `model/hf_model.yaml`
    /// group itself): `lora_rank` beside `lora_alpha` and `lora_adapter_path` or `target_modules`.
    private static func verlModel(_ root: Node) -> (Node, String)? {
        // Under a verl role the LoRA keys suffice; elsewhere (the group file, `model:`) a
        // key only verl's HFModelConfig has must be there too: other tools say `lora_rank`.
        func isVerlModel(_ node: Node, underRole: Bool) -> Bool {
            guard node.entries != nil, let rank = node.value(forKey: "lora_rank"), rank.scalar != nil,
                  node.value(forKey: "lora_alpha") != nil else { return false }
            return node.value(forKey: "lora_adapter_path") != nil || node.value(forKey: "external_lib") != nil
                || (underRole && node.value(forKey: "target_modules") != nil)
        }
        if isVerlModel(root, underRole: false) { return (root, "") }
        for (key, model) in [("actor_rollout_ref", "model"), ("critic", "model"), ("model", nil)] {
            guard let parent = root.value(forKey: key) else { continue }
            let node = model.flatMap { parent.value(forKey: $0) } ?? parent
            if isVerlModel(node, underRole: model != nil) { return (node, model.map { "/\(key)/\($0)" } ?? "/\(key)") }
        }
        return nil
    }

    /// What a mapping found under a section key is: PEFT's LoraConfig keywords, a tool's
    /// own keys mapped onto them, another library's LoRA, or LoRA switched off.
    private static func classify(section: Node, pointer: String, root: Node) -> Outcome {
        let keys = keySet(section)
        let key = pointer.split(separator: "/").last.map(String.init) ?? ""
        if let target = section.value(forKey: "_target_")?.scalar?.text, !isPeftLoraConfig(target) {
            // NeMo Automodel `nemo_automodel/components/_peft/lora.py`, `PeftConfig`: its own
            // LoRA (dim, alpha, glob target_modules, match_all_linear), never LoraConfig.
            return .skipped("the section at \(pointer) is built by \(target), not peft.LoraConfig, so PEFT's schema does not apply")
        }
        if section.value(forKey: "enabled")?.scalar?.value == .bool(false) {
            return .skipped("the LoRA section at \(pointer) has enabled: false")
        }
        if keys.contains("dim"), !keys.contains("r") {
            // NeMo-RL `nemo_rl/models/megatron/setup.py`: megatron.bridge.peft.lora.LoRA(dim=…, alpha=…).
            return .skipped("the section at \(pointer) is Megatron-Bridge LoRA (dim, alpha), not PEFT's LoraConfig")
        }
        if keys.contains("rank"), !keys.contains("r") {
            let rank = section.value(forKey: "rank")?.scalar?.value.intValue
            if keys.isSubset(of: easyR1Keys), root.value(forKey: "worker") != nil, pointer.hasSuffix("/model/lora") {
                guard let rank, rank > 0 else {
                    return .skipped("EasyR1: \(pointer)/rank is \(rank.map(String.init) ?? "not set"), which switches LoRA off")
                }
                return .lora(build(.easyR1, root: root, section: section, pointer: pointer))
            }
            guard keys.contains("lora_A_init_method") || keys.contains("dropout_position") || keys.contains("merge") else {
                // mistral-finetune's `lora: {rank}` and the like: a LoRA of their own.
                return .skipped("the section at \(pointer) sets `rank`, not PEFT's `r`: it is not a LoraConfig")
            }
            // verl `verl/workers/config/megatron_peft.py`, `get_peft_cls`: Megatron-Bridge LoRA.
            return .skipped("the section at \(pointer) is verl's Megatron-Bridge LoRA (rank \(rank.map(String.init) ?? "?")\(rank == 0 ? ", off" : "")), not PEFT's LoraConfig")
        }
        if key == "lora", keys.contains("lora_r") {
            if let kind = root.value(forKey: "training")?.value(forKey: "training_type")?.scalar?.text, kind != "lora" {
                return .skipped("unsloth: training.training_type is \(kind), so the lora section is ignored")
            }
            return .lora(build(.unsloth, root: root, section: section, pointer: pointer))
        }
        if let name = section.value(forKey: "name")?.scalar?.text ?? section.value(forKey: "type")?.scalar?.text,
           name.lowercased() != "lora" {
            return .skipped("the PEFT section at \(pointer) is \(name), not LoRA")
        }
        if key == "adapter", section.value(forKey: "type")?.scalar?.text.lowercased() == "lora" {
            return .lora(build(.ludwig, root: root, section: section, pointer: pointer))
        }
        return .lora(build(.peftSection, root: root, section: section, pointer: pointer))
    }

    /// oumi `src/oumi/core/configs/params/peft_params.py`, `PeftParams`: the keys PEFT's own
    /// LoraConfig does not have (a `peft:` mapping with `r` and `lora_alpha` is PEFT's).
    private static let oumiOnlyKeys: Set<String> = ["lora_r", "lora_target_modules", "lora_modules_to_save", "lora_exclude_modules",
                                                    "lora_target_parameters", "lora_init_weights", "lora_task_type", "q_lora",
                                                    "q_lora_bits", "peft_method", "peft_save_mode"]

    /// EasyR1 `verl/workers/actor/config.py`, `LoraConfig`.
    private static let easyR1Keys: Set<String> = ["rank", "alpha", "target_modules", "exclude_modules"]

    /// `peft.LoraConfig`, `peft.tuners.lora.LoraConfig`, …: PEFT's own class.
    private static func isPeftLoraConfig(_ target: String) -> Bool {
        target.hasSuffix("LoraConfig") && (target == "LoraConfig" || target.hasPrefix("peft."))
    }

    /// Old Ludwig: `input_features: [{encoder: {adapter: lora}}]` (`ludwig/encoders/text_encoders.py`,
    /// `_wrap_transformer`): LoRA with the schema's defaults.
    private static func ludwigEncoderAdapter(_ root: Node) -> (Node, String)? {
        guard let features = root.value(forKey: "input_features")?.items else { return nil }
        for (index, feature) in features.enumerated() {
            guard let encoder = feature.resolved.value(forKey: "encoder"), encoder.entries != nil,
                  encoder.value(forKey: "adapter")?.scalar?.text.lowercased() == "lora" else { continue }
            return (encoder, JSONPointer.appending(JSONPointer.appending("/input_features", index), "encoder"))
        }
        return nil
    }

    private static func keySet(_ node: Node) -> Set<String> {
        Set(node.effectiveEntries.compactMap { $0.keyText })
    }

    /// A LoraConfig mapping under one of `sectionKeys`, or any `_target_: peft.LoraConfig`
    /// node (Hydra), searched a few levels deep (Soup's `training.lora`).
    /// Keys that make a mapping under a section key a LoRA section.
    private static let sectionMarkers = peftCoreFields.union(["alpha", "dim", "rank", "lora_r"])

    /// The mapping that holds the node at `pointer` (plain keys only, as section pointers are).
    private static func parent(of pointer: String, in root: Node) -> Node? {
        var node: Node? = root
        for token in pointer.split(separator: "/").dropLast() { node = node?.value(forKey: String(token)) }
        return node
    }

    private static func findPeftSection(_ node: Node, pointer: String, depth: Int) -> (Node, String)? {
        guard depth < 4 else { return nil }
        for entry in node.effectiveEntries {
            guard let key = entry.keyText, entry.value.resolved.entries != nil else { continue }
            let value = entry.value.resolved
            if value.value(forKey: "_target_")?.scalar?.text.hasSuffix("LoraConfig") == true { return (value, JSONPointer.appending(pointer, key)) }
            // Only a section key's mapping can be a section: the key set of every other
            // mapping (a 1,000-key rank_pattern among them) is never built.
            guard sectionKeys.contains(key) else { continue }
            if !keySet(value).isDisjoint(with: sectionMarkers) { return (value, JSONPointer.appending(pointer, key)) }
            // Ludwig's `adapter: {type: lora}` alone means "LoRA with the defaults".
            if value.value(forKey: "type")?.scalar?.text.lowercased() == "lora" { return (value, JSONPointer.appending(pointer, key)) }
        }
        for entry in node.effectiveEntries {
            guard let key = entry.keyText, entry.value.resolved.entries != nil else { continue }
            if let found = findPeftSection(entry.value.resolved, pointer: JSONPointer.appending(pointer, key), depth: depth + 1) {
                return found
            }
        }
        return nil
    }

    private static func build(_ format: ConfigFormat, root: Node, section: Node, pointer: String) -> LoraSettings {
        var fields: [String: SettingField] = [:]
        var vocabulary = format.vocabulary
        if format == .peftSection {
            // Ludwig and Levanter spell these without the `lora_` prefix.
            if section.value(forKey: "lora_alpha") == nil, section.value(forKey: "alpha") != nil { vocabulary["lora_alpha"] = "alpha" }
            if section.value(forKey: "lora_dropout") == nil, section.value(forKey: "dropout") != nil { vocabulary["lora_dropout"] = "dropout" }
        }
        for (peftName, fileKey) in vocabulary {
            guard let entry = section.entry(forKey: fileKey) else { continue }
            fields[peftName] = SettingField(peftName: peftName, key: fileKey, entry: entry, container: section,
                                            pointer: JSONPointer.appending(pointer, fileKey))
        }
        var allowedRanks: SettingField?
        if format == .seedBench, let compression = root.value(forKey: "compression"),
           let entry = compression.entry(forKey: "allowed_ranks") {
            allowedRanks = SettingField(peftName: "allowed_ranks", key: "allowed_ranks", entry: entry, container: compression,
                                        pointer: "/compression/allowed_ranks")
        }
        let builder = SpecBuilder(format: format, section: section, fields: fields)
        let (spec, unknown, notes) = builder.build()
        var sectionVocabulary: Set<String>?
        if section !== root || format == .peft || format == .rankReport {
            sectionVocabulary = Set(vocabulary.values).union(format.extraSectionKeys).union(PeftFields.legacy)
            if format == .peft || format == .peftSection { sectionVocabulary!.formUnion(PeftFields.all) }
        }
        if format.sectionMixesOtherSettings || (format == .ludwig && section.value(forKey: "adapter") != nil) {
            // These sections mix LoRA keys with the tool's other settings (an old Ludwig
            // encoder holds `adapter: lora` among its own keys); check only lora_-ish keys there.
            sectionVocabulary = nil
        }
        return LoraSettings(format: format, root: root, section: section, sectionPointer: pointer, fields: fields, spec: spec,
                            notStaticallyKnown: unknown, modelName: modelName(root: root, section: section, pointer: pointer, format: format),
                            allowedRanks: allowedRanks, sectionVocabulary: sectionVocabulary, transformations: notes)
    }

    private static func modelName(root: Node, section: Node, pointer: String, format: ConfigFormat) -> String? {
        // verl's model config names it `path` (HFModelConfig); EasyR1's sits beside `lora` as `model_path`.
        if format == .verl || format == .easyR1 {
            let holder = format == .verl ? section : parent(of: pointer, in: root)
            for key in ["path", "model_path"] {
                if let text = holder?.value(forKey: key)?.scalar?.text, !text.isEmpty { return text }
            }
        }
        // h2o-llmstudio: `llm_backbone` (`ConfigProblemBase`).
        for key in ["base_model_name_or_path", "base_model", "model_name_or_path", "model_name", "model", "llm_backbone"] {
            if let text = section.value(forKey: key)?.scalar?.text ?? root.value(forKey: key)?.scalar?.text, !text.isEmpty {
                return text
            }
        }
        if let model = root.value(forKey: "model"), model.entries != nil {
            for key in ["name", "model_name", "model_name_or_path", "pretrained_model_name_or_path"] {
                if let text = model.value(forKey: key)?.scalar?.text, !text.isEmpty { return text }
            }
        }
        return nil
    }
}
