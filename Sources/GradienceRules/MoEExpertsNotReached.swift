import GradienceSyntax
import GradienceInventory
import GradiencePEFT
import GradienceConfig
/// GL020: a config that trains the feed-forward layers of an MoE model but never reaches
/// its routed experts, puts LoRA on the router, or names parameters that do not exist.
public enum MoEExpertsNotReached: Rule {
    public static let metadata = RuleMetadata(
        code: "GL020", name: "moe-experts-not-reached", severity: .warning,
        summary: "The routed MoE experts stay frozen, all-linear puts LoRA on the router, or a target_parameters entry names no parameter.",
        description: "With an inventory, reports three ways an MoE config trains something else than it says. (1) The config adapts feed-forward layers (`gate_proj`, `up_proj`, `down_proj`, `all-linear`, or `target_parameters`) but the routed experts get no adapter: transformers 5 fuses them into 3-D `nn.Parameter`s (`mlp.experts.gate_up_proj`) and GraniteMoE keeps them in `GraniteMoeParallelExperts` (`input_linear.weight`), which no `target_modules` entry can reach, so only a shared expert (Qwen2-MoE, Qwen3.5-MoE, Nemotron-H) or nothing trains; the message names the frozen experts and the `target_parameters` that reach them (PEFT ≥ 0.17). (2) `all-linear` also wraps the MoE router (`block_sparse_moe.gate`, `router.layer`). (3) A `target_parameters` entry that matches no parameter, which PEFT skips silently.",
        why: "`target_modules` only ever matches modules, and PEFT adapts only the layer classes it knows (`dispatch_default`); a 3-D parameter bank is neither, so `all-linear` and the expert projection names pass it by without a word (vllm-project/vllm#47088, huggingface/peft#2545, agentscope-ai/TuFT#154). The trainable-parameter count drops by orders of magnitude and the loss still moves a little, through attention. LoRA on the router changes which experts each token is sent to, and vLLM cannot serve an adapter there (foundation-model-stack/fms-hf-tuning#545). `_inject_parameters` matches `target_parameters` entries by suffix and says nothing about the ones that match no parameter (unslothai/unsloth#6936).",
        fix: .none("Whether the experts should train, and with which rank, is a human decision."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\n↓target_modules: [q_proj, v_proj, gate_proj, up_proj, down_proj]\n", model: "qwen2_moe:2",
                        settings: ["transformers-version": "5.24.0"],
                        note: "Transformers 5 fuses Qwen2-MoE's routed experts; the MLP names reach only the shared expert."),
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\n↓target_modules: all-linear\n", model: "mixtral:2",
                        settings: ["transformers-version": "4.57.6"], note: "all-linear wraps `block_sparse_moe.gate`, the router."),
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj]\ntarget_parameters: [↓mlp.experts.gate_up_proj]\n", model: "llama:2",
                        note: "Llama has no experts: PEFT skips the entry silently."),
            .clean("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj, gate_proj, up_proj, down_proj]\n", model: "qwen2_moe:2",
                   settings: ["transformers-version": "4.57.6"], note: "On transformers 4 every expert is a module of its own: the names reach them all."),
            .clean("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\n", model: "qwen2_moe:2",
                   settings: ["transformers-version": "5.24.0"], note: "Attention only: the experts stay frozen on purpose."),
            .clean("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj, gate_proj, up_proj, down_proj]\ntarget_parameters: [mlp.experts.gate_up_proj, mlp.experts.down_proj]\n",
                   model: "qwen2_moe:2", settings: ["transformers-version": "5.24.0"]),
        ],
        settings: ["peft-version", "transformers-version"])

    /// Feed-forward projection names across the architectures; a config that adapts one of
    /// them meant to train the MLP, experts included.
    static let feedForwardLeaves: Set<String> = [
        "gate_proj", "up_proj", "down_proj", "gate_up_proj", "w1", "w2", "w3", "fc1", "fc2", "c_fc",
        "dense_h_to_4h", "dense_4h_to_h", "wi", "wi_0", "wi_1", "wo", "input_linear", "output_linear",
    ]

    public static func check(_ context: RuleContext) -> [Finding] {
        guard let inventory = context.inventory, let resolution = context.resolution, resolution.raises == nil,
              context.lora.format != .torchtune else { return [] }
        var findings: [Finding] = []
        if let frozen = frozenExperts(context, inventory: inventory, resolution: resolution) { findings.append(frozen) }
        if let router = routerFinding(context, inventory: inventory, resolution: resolution) { findings.append(router) }
        findings += unmatchedParameters(context, inventory: inventory)
        return findings
    }

    /// A 3-D parameter bank of routed experts (fused experts, GraniteMoE's parallel experts).
    static func isExpertBank(_ parameter: ParameterInfo, classes: [String: String]) -> Bool {
        guard parameter.dimensions == 3 else { return false }
        if let className = classes[parameter.module] { return className.containsText("Expert") }
        return parameter.module.split(separator: ".").contains { $0.lowercased().contains("expert") && !$0.contains("shared") }
    }

    private static func frozenExperts(_ context: RuleContext, inventory: Inventory, resolution: Resolution) -> Finding? {
        let adapted = Set(resolution.modules.map(\.name))
        let spec = context.lora.spec
        var classes: [String: String] = [:]
        for module in inventory.modules { if let className = module.className { classes[module.name] = className } }
        let feedForward = resolution.modules.filter { $0.parameter == nil && feedForwardLeaves.contains(ModuleNames.leaf($0.name)) }
        let meant = resolution.effectiveTargets.source == .allLinear || spec.allLinearExpandedByTrainer || !feedForward.isEmpty
            || !(spec.targetParameters ?? []).isEmpty
        guard meant else { return nil }

        // Fused banks, and per-expert modules (`experts.3.gate_proj`) whose leaf name trains elsewhere.
        let expertBanks = inventory.targetableParameters.filter { isExpertBank($0, classes: classes) }
        // Some banks trained through target_parameters: the config reaches experts, and the
        // layers it leaves out are a choice (oumi's gpt-oss recipe adapts layers 7, 15, 23).
        guard !expertBanks.contains(where: { adapted.contains($0.fullName) }) else { return nil }
        let banks = expertBanks.filter { !adapted.contains($0.fullName) }
        let trainedLeaves = Set(feedForward.map { ModuleNames.leaf($0.name) })
        // Only modules no target named: those the user excluded or left out by layer are meant to stay frozen.
        let untargeted = Set(resolution.skipped.filter { $0.reason == .notTargeted }.map(\.name))
        let perExpert = inventory.modules.filter { module in
            untargeted.contains(module.name) && module.name.split(separator: ".").contains("experts")
                && trainedLeaves.contains(ModuleNames.leaf(module.name)) && module.className.map(PeftRaises.isSupported) != false
        }
        guard !banks.isEmpty || !perExpert.isEmpty else { return nil }

        let reached = feedForward.isEmpty ? "" : "; the feed-forward targets reach only "
            + RuleContext.sample(ModuleNames.shapes(feedForward.map { String($0.name.split(separator: ".").dropLast().joined(separator: ".")) }))
        let anchor = targetsAnchor(context)
        if !banks.isEmpty {
            let entries = ModuleNames.shapes(banks.map { ModuleNames.suffix($0.fullName, components: 3) })
            let how: String
            if context.options.peftVersion.hasFeature(since: 0, 17) {
                how = "to train them add \(context.fileKey("target_parameters")): [\(entries.joined(separator: ", "))] (PEFT ≥ 0.17 adapts a parameter through lora.ParamWrapper; lora_dropout must then be 0)"
            } else {
                how = "PEFT \(context.options.peftVersion) cannot adapt a bare parameter: target_parameters arrived in PEFT 0.17"
            }
            let layout = inventory.transformersVersion.fusesExperts && !banks.contains { classes[$0.module]?.hasSuffix("ParallelExperts") == true }
                ? "transformers \(inventory.transformersVersion) fuses them into " : ""
            let banksText = "\(banks.count) expert parameter banks (\(RuleContext.sample(ModuleNames.shapes(banks.map(\.fullName)))); \(layout)3-D nn.Parameters no target_modules entry can reach)"
            return Finding(range: anchor.range, keyPath: anchor.pointer,
                           message: "the routed MoE experts stay frozen: \(banksText) get no adapter\(reached); \(how)")
        }
        let leaves = Set(perExpert.map { ModuleNames.leaf($0.name) }).sorted()
        return Finding(range: anchor.range, keyPath: anchor.pointer,
                       message: "the routed MoE experts stay frozen: \(perExpert.count) expert modules (\(RuleContext.sample(ModuleNames.shapes(perExpert.map(\.name))))) get no adapter\(reached); list the bare names [\(leaves.joined(separator: ", "))] in \(context.fileKey("target_modules")) to reach every expert")
    }

    /// Where the targets are set: `target_modules`, else axolotl's `lora_target_linear`, else `target_parameters`.
    private static func targetsAnchor(_ context: RuleContext) -> (range: SourceRange, pointer: String) {
        if context.lora.field("target_modules") == nil, let linear = context.lora.section.entries?.first(where: { $0.keyText == "lora_target_linear" }) {
            return (linear.key.range, JSONPointer.appending(context.lora.sectionPointer, "lora_target_linear"))
        }
        return context.anchor(["target_modules", "target_parameters"])
    }

    /// The MoE blocks: parents of an `experts` container or of GraniteMoE's parallel experts.
    private static func moeBlocks(_ inventory: Inventory) -> Set<String> {
        var blocks = Set<String>()
        for module in inventory.modules where ModuleNames.leaf(module.name) == "experts" || module.className?.hasSuffix("ParallelExperts") == true {
            blocks.insert(module.name.split(separator: ".").dropLast().joined(separator: "."))
        }
        return blocks
    }

    private static func routerFinding(_ context: RuleContext, inventory: Inventory, resolution: Resolution) -> Finding? {
        // The file's all-linear (PEFT's MoE conversion turns it into a list before matching).
        guard context.lora.spec.targetModules == .allLinear || resolution.effectiveTargets.source == .allLinear else { return nil }
        let blocks = moeBlocks(inventory)
        guard !blocks.isEmpty else { return nil }
        // A LoRA layer on the router module, or (transformers 5) PEFT's MoE conversion wrapping
        // the router's weight as a parameter.
        var routers: [(name: String, rest: String, parameter: Bool)] = []
        for module in resolution.modules {
            let parts = module.module.split(separator: ".")
            for cut in stride(from: parts.count - 1, to: 0, by: -1) where blocks.contains(parts[..<cut].joined(separator: ".")) {
                if ["gate", "router"].contains(String(parts[cut])) {
                    routers.append((module.name, parts[cut...].joined(separator: "."), module.parameter != nil))
                }
                break
            }
        }
        guard !routers.isEmpty else { return nil }
        let anchor = targetsAnchor(context)
        let how: String
        if routers.contains(where: \.parameter) {
            // exclude_modules does not reach the target_parameters the conversion adds
            // (real PEFT 0.21.2 on transformers 5.24 adapts mlp.gate.weight with it set).
            let routerNames = Set(routers.map { ModuleNames.leaf($0.rest) })
            let base = inventory.modelType.flatMap { MoEConfigConversion.baseModelType[$0] }
            let experts = base.flatMap { MoEConfigConversion.targetMapping[$0] }?.map(\.old).filter { !routerNames.contains($0) } ?? []
            var leaves: [String] = []
            for module in resolution.modules where module.parameter == nil {
                let leaf = ModuleNames.leaf(module.name)
                if !leaves.contains(leaf) { leaves.append(leaf) }
            }
            for old in experts where !leaves.contains(old) { leaves.append(old) }
            how = "list the targets instead of all-linear (\(context.fileKey("target_modules")): [\(leaves.joined(separator: ", "))]): "
                + "PEFT's MoE conversion adds the router's weight to target_parameters, which exclude_modules does not reach"
        } else if context.options.peftVersion.hasFeature(since: 0, 14) {
            how = "leave it out with \(context.fileKey("exclude_modules")): [\(Set(routers.map(\.rest)).sorted().joined(separator: ", "))]"
        } else {
            how = "list the linear layers by name instead (exclude_modules arrived in PEFT 0.14)"
        }
        return Finding(range: anchor.range, keyPath: anchor.pointer,
                       message: "all-linear also puts LoRA on the MoE router (\(RuleContext.sample(routers.map(\.name)))): the adapter then changes which experts each token is sent to, and vLLM cannot serve an adapter on the router; \(how)")
    }

    /// `_inject_parameters` matches each entry by full name or dotted suffix; one that matches
    /// nothing is skipped without a word.
    private static func unmatchedParameters(_ context: RuleContext, inventory: Inventory) -> [Finding] {
        guard let field = context.lora.field("target_parameters"), !context.lora.notStaticallyKnown.contains("target_parameters") else { return [] }
        let entries = field.listEntries
        let known = inventory.targetableParameters + inventory.standardWeights(matching: entries.map(\.text))
        let names = known.map(\.fullName)
        return entries.compactMap { entry in
            guard !names.contains(where: { $0 == entry.text || $0.hasSuffix("." + entry.text) }),
                  inventory.knowsParameters(for: [entry.text]) else { return nil }
            var hint = Suggestion.didYouMean(entry.text, among: Array(Set(known.map { ModuleNames.suffix($0.fullName, components: 3) })).sorted())
            if inventory.modules.contains(where: { $0.name.split(separator: ".").contains("experts") && $0.className.map(PeftRaises.isSupported) == true }) {
                hint += "; this model's experts are modules of their own (one Linear per expert): reach them through target_modules"
            }
            return Finding(node: entry.node, keyPath: entry.pointer,
                           message: "'\(entry.text)' in \(field.key) matches no parameter of the base model (\(inventory.detail)): PEFT skips it silently, so nothing trains there\(hint)")
        }
    }
}
