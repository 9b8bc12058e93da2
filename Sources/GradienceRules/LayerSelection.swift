import GradienceSyntax
import GradienceInventory
import GradiencePEFT
import GradienceConfig
/// GL012: `layers_to_transform` / `layers_pattern` that do not select what they say.
public enum LayerSelection: Rule {
    public static let metadata = RuleMetadata(
        code: "GL012", name: "layer-selection", severity: .error,
        summary: "layers_to_transform/layers_pattern select other layers than written, or none, or drop non-layer modules.",
        description: "Reports `layers_to_transform`/`layers_pattern` with a string `target_modules` (PEFT raises); indices outside the model's layers (error when all are, warning when some are; needs the layer count); with an inventory, modules whose layer PEFT ≤ 0.19 reads wrongly (the last number in the name: an MoE expert index, or T5's `layer.N` inside a block), and targeted modules without a layer index (`embed_tokens`, `lm_head` as suffixes) that the filter silently drops — an error when that leaves nothing adapted.",
        why: "`check_target_module_exists` reads the layer with `re.match(r\".*\\.[^.]*\\.(\\d+)\\.\", name)` (or `.*\\.{layers_pattern}\\.(\\d+)\\.`) and only for suffix matches. An index past the last layer selects nothing and PEFT says nothing unless no module at all remains. Up to 0.19 the leading `.*\\.` was greedy (#3016, fixed in 0.20 by #3318), so `model.layers.0.mlp.experts.3.w1` counted as layer 3 and `encoder.block.3.layer.0.SelfAttention.q` as layer 0. A module with no index in its name is dropped (#1024), so `embed_tokens` in the list trains nothing. A str `target_modules` with either field is a `ValueError` from `LoraConfig`.",
        fix: .none("Which layers were meant is a human decision; full module names in `target_modules` skip the layer filter."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nlayers_to_transform: ↓[0, 1, 2, 3]\n", model: "llama:2", note: "Warning: layers 2 and 3 do not exist."),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: .*\\.(q_proj|v_proj)\n↓layers_to_transform: [0]\n", note: "Error: PEFT raises for a str target_modules."),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, ↓embed_tokens]\nlayers_to_transform: [0]\n", model: "llama:2", note: "`model.embed_tokens` has no layer index, so the filter drops it."),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [w1, w2]\nlayers_to_transform: ↓[1]\n", model: "mixtral:2",
                        settings: ["peft-version": "0.19.1", "transformers-version": "4.57.6"],
                        note: "PEFT 0.19 reads `experts.1` as the layer: it adapts expert 1 of every layer, not layer 1."),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q, v]\nlayers_to_transform: ↓[1]\n", model: "t5:2",
                        settings: ["peft-version": "0.19.1"],
                        note: "PEFT 0.19 reads `encoder.block.1.layer.0.SelfAttention.q` as layer 0, and the decoder's `layer.1` cross-attention as layer 1."),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj, model.embed_tokens]\nlayers_to_transform: [0, 1]\n", model: "llama:2",
                   note: "An exact full name skips the layer filter."),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [w1, w2]\nlayers_to_transform: [1]\n", model: "mixtral:2",
                   settings: ["peft-version": "0.20.0", "transformers-version": "4.57.6"], note: "PEFT 0.20 reads the first index: layer 1."),
        ],
        settings: ["peft-version"])

    /// 0.20 (#3318) reads the layer index lazily: the first numbered segment.
    static let lazyIndexSince = PeftVersion(0, 20, 0)

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        let transform = layerField(lora, "layers_to_transform")
        let pattern = layerField(lora, "layers_pattern")
        guard transform != nil || pattern != nil else { return [] }

        if let stringTarget = stringTargetDescription(lora) {
            // LoraConfig.__post_init__ raises before anything else happens.
            return [transform, pattern].compactMap { $0 }.map { field in
                Finding(node: field.entry.key, keyPath: field.pointer,
                        message: "\(field.key) cannot be used with \(stringTarget): LoraConfig raises ValueError(\"`\(field.peftName)` cannot be used when `target_modules` is a str.\"); list the target modules instead",
                        severity: .error)
            }
        }
        guard let transform, !lora.notStaticallyKnown.contains("layers_to_transform") else { return [] }
        let indices = indexNodes(transform.value)
        guard !indices.isEmpty else { return [] }

        var findings: [Finding] = []
        if let range = outOfRange(indices, transform: transform, context: context) { findings.append(range) }
        guard let resolution = context.resolution, let inventory = context.inventory else { return findings }
        findings += droppedModules(resolution, transform: transform, pattern: pattern, context: context)
        if context.options.peftVersion < lazyIndexSince,
           let misread = greedyIndexDifference(resolution, inventory: inventory, transform: transform, context: context) {
            findings.append(misread)
        }
        return findings
    }

    /// A field PEFT sees as set (`is not None`).
    private static func layerField(_ lora: LoraSettings, _ name: String) -> SettingField? {
        guard let field = lora.field(name), field.value.scalar?.value != .null else { return nil }
        return field
    }

    /// When PEFT receives `target_modules` as a str, how to say so; nil otherwise.
    /// Axolotl's `lora_target_linear` becomes a list of names before PEFT sees it.
    static func stringTargetDescription(_ lora: LoraSettings) -> String? {
        guard !lora.notStaticallyKnown.contains("target_modules") else { return nil }
        let key = lora.field("target_modules")?.key ?? "target_modules"
        switch lora.spec.targetModules {
        case .regex(let text)?: return "the str \(key) '\(text)'"
        case .allLinear? where lora.format != .axolotl && lora.format != .llamaFactory: return "\(key) \"all-linear\" (a str)"
        default: return nil
        }
    }

    private static func indexNodes(_ value: Node) -> [(node: Node, index: Int)] {
        if let number = value.scalar?.value.intValue { return [(value, number)] }
        return (value.items ?? []).compactMap { item in item.resolved.scalar?.value.intValue.map { (item, $0) } }
    }

    /// Indices no layer has: negative ones always, the rest against the inventory's layer count.
    private static func outOfRange(_ indices: [(node: Node, index: Int)], transform: SettingField, context: RuleContext) -> Finding? {
        let layers = context.inventory?.numLayers
        let outside = indices.map(\.index).filter { index in index < 0 || (layers.map { index >= $0 } ?? false) }
        guard !outside.isEmpty else { return nil }
        let shown = outside.map(String.init).joined(separator: ", ")
        let model = layers.map { "the model's \($0) layers (0–\($0 - 1))" } ?? "any layer (PEFT reads indices as non-negative numbers)"
        let all = outside.count == indices.count
        let consequence = all
            ? "no module is selected, so PEFT raises ValueError (\"Target modules … not found in the base model\")"
            : "those layers get no adapter, without a warning"
        return Finding(node: transform.value, keyPath: transform.pointer,
                       message: "\(transform.key) \(outside.count == 1 ? "index" : "indices") \(shown) \(outside.count == 1 ? "is" : "are") outside \(model): \(consequence)",
                       severity: all ? .error : .warning)
    }

    /// Targeted modules the filter drops because no layer index can be read from their names.
    private static func droppedModules(_ resolution: Resolution, transform: SettingField, pattern: SettingField?,
                                       context: RuleContext) -> [Finding] {
        let dropped = resolution.skipped.filter { $0.reason == .layerNotSelected(nil) }.map(\.name)
        guard !dropped.isEmpty else { return [] }
        let lazy = context.options.peftVersion >= lazyIndexSince
        let lead = lazy ? #".*?\."# : #".*\."#
        let regex = (context.lora.spec.layersPattern ?? []).isEmpty
            ? "re.match(r\"\(lead)[^.]*\\.(\\d+)\\.\", name)"
            : "re.match(rf\"\(lead){layers_pattern}\\.(\\d+)\\.\", name)"
        if resolution.modules.isEmpty {
            let anchor = pattern ?? transform
            let cause = pattern.map { "\($0.key) \(context.lora.spec.layersPattern!.map { "'\($0)'" }.joined(separator: ", ")) matches no layer list in the module names" }
                ?? "no targeted module has a layer index PEFT can read (a layer list at the root, such as 'layers.0…', has no dot in front of it)"
            return [Finding(node: anchor.entry.key, keyPath: anchor.pointer,
                            message: "\(cause): PEFT reads the index with `\(regex)`, finds none in \(RuleContext.moduleList(dropped)), drops every targeted module and raises ValueError (\"Target modules … not found in the base model\")",
                            severity: .error)]
        }
        // Attribute each dropped module to the list entry that targeted it.
        var byEntry: [(item: Node, pointer: String, entry: String, modules: [String])] = []
        var unattributed: [String] = []
        let field = context.lora.field("target_modules")
        for name in dropped {
            if let field, let items = field.value.items,
               let position = items.firstIndex(where: { item in
                   guard let entry = item.resolved.scalar?.value.stringValue else { return false }
                   return name.hasSuffix("." + entry)
               }) {
                let entry = items[position].resolved.scalar!.value.stringValue!
                if let existing = byEntry.firstIndex(where: { $0.item === items[position] }) {
                    byEntry[existing].modules.append(name)
                } else {
                    byEntry.append((items[position], JSONPointer.appending(field.pointer, position), entry, [name]))
                }
            } else {
                unattributed.append(name)
            }
        }
        var findings = byEntry.map { group in
            Finding(node: group.item, keyPath: group.pointer,
                    message: "'\(group.entry)' targets \(RuleContext.moduleList(group.modules)), which \(group.modules.count == 1 ? "has" : "have") no layer index (`\(regex)` finds none), so \(transform.key) drops \(group.modules.count == 1 ? "it" : "them") and \(group.modules.count == 1 ? "it gets" : "they get") no adapter (PEFT #1024); list \(group.modules.count == 1 ? "its full name" : "their full names") ('\(group.modules[0])'), which skips the layer filter",
                    severity: .warning)
        }
        if !unattributed.isEmpty {
            findings.append(Finding(node: transform.entry.key, keyPath: transform.pointer,
                                    message: "\(transform.key) drops \(RuleContext.moduleList(unattributed)): no layer index can be read from \(unattributed.count == 1 ? "its name" : "their names") (`\(regex)`), so \(unattributed.count == 1 ? "it gets" : "they get") no adapter (PEFT #1024)",
                                    severity: .warning))
        }
        return findings
    }

    /// Up to 0.19 the index is the last number in the name; compare with 0.20's reading.
    private static func greedyIndexDifference(_ resolution: Resolution, inventory: Inventory, transform: SettingField,
                                              context: RuleContext) -> Finding? {
        let current = Resolver.resolve(spec: context.lora.spec, inventory: inventory, version: lazyIndexSince)
        func layerDecisions(_ resolution: Resolution) -> [String: Bool] {
            var decisions: [String: Bool] = [:]
            for module in resolution.modules { decisions[module.name] = true }
            for skipped in resolution.skipped {
                if case .layerNotSelected = skipped.reason { decisions[skipped.name] = false }
            }
            return decisions
        }
        let before = layerDecisions(resolution)
        let after = layerDecisions(current)
        let names = inventory.modules.map(\.name)
        let wronglySelected = names.filter { before[$0] == true && after[$0] == false }
        let wronglyDropped = names.filter { before[$0] == false && after[$0] == true }
        guard !wronglySelected.isEmpty || !wronglyDropped.isEmpty else { return nil }
        var parts: [String] = []
        if !wronglySelected.isEmpty { parts.append("adapts \(RuleContext.moduleList(wronglySelected)) that the layers written do not contain") }
        if !wronglyDropped.isEmpty { parts.append("skips \(RuleContext.moduleList(wronglyDropped)) that they do") }
        let version = context.options.peftVersion
        return Finding(node: transform.value, keyPath: transform.pointer,
                       message: "PEFT \(version) reads the layer index as the last number in a module name (an MoE expert or a T5 sub-layer index; fixed in 0.20 by #3318), so \(transform.key) \(parts.joined(separator: " and ")); name the layer list with layers_pattern or use PEFT ≥ 0.20",
                       severity: .warning)
    }
}
