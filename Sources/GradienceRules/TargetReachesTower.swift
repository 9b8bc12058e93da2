import GradienceInventory
/// GL024: `target_modules` leaf names that also adapt a vision tower or an audio encoder.
public enum TargetReachesTower: Rule {
    public static let metadata = RuleMetadata(
        code: "GL024", name: "target-reaches-tower", severity: .warning,
        summary: "target_modules leaf names also adapt a vision tower or audio encoder.",
        description: "With an inventory of a multimodal model, reports a `target_modules` list whose names also match modules inside a vision tower or an audio encoder (the towers the inventory records, else the sub-trees named `vision_tower`, `vision_model`, `visual`, `audio_tower`, `audio_encoder`, …), unless an entry names the tower itself. The message says how many modules of which tower train and how to keep them out.",
        why: "A list entry matches any module whose name ends with `.` + entry, wherever it sits: CLIP's and SigLIP's attention uses `q_proj`/`k_proj`/`v_proj`/`out_proj` too, Whisper's encoder the same names as its decoder. The tower then trains with the language model's rank and learning rate, which LLaVA's recipe freezes on purpose (haotian-liu/LLaVA#1380; Whisper: huggingface/peft#2964).",
        fix: .none("Whether the tower should train is a human decision."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\n↓target_modules: [q_proj, v_proj]\n", model: "llava:2",
                        note: "CLIP's vision tower has q_proj and v_proj too."),
            .clean("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: .*language_model.*\\.(q_proj|v_proj)\n", model: "llava:2"),
            .clean("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\n", model: "llama:2"),
        ],
        settings: ["peft-version"])

    static let towerWords: [String: String] = [
        "vision_tower": "vision", "vision_model": "vision", "visual": "vision", "vision_encoder": "vision", "image_encoder": "vision",
        "audio_tower": "audio", "audio_encoder": "audio", "audio_model": "audio", "speech_encoder": "audio",
    ]

    /// The inventory's towers, else the outermost sub-trees whose name is a tower word
    /// (Whisper's `model.encoder` is its audio encoder).
    static func towers(of inventory: Inventory) -> [InventoryTower] {
        if !inventory.towers.isEmpty { return inventory.towers }
        var found: [InventoryTower] = []
        for module in inventory.modules where !module.name.isEmpty {
            guard let kind = towerWords[ModuleNames.leaf(module.name)] ?? (inventory.modelType == "whisper" && module.name == "model.encoder" ? "audio" : nil),
                  !found.contains(where: { module.name.hasPrefix($0.prefix + ".") }) else { continue }
            found.append(InventoryTower(kind: kind, prefix: module.name))
        }
        return found
    }

    public static func check(_ context: RuleContext) -> [Finding] {
        guard let inventory = context.inventory, let resolution = context.resolution, resolution.raises == nil,
              case .list(let entries)? = context.lora.spec.targetModules, resolution.effectiveTargets.source == .config,
              let field = context.lora.field("target_modules") else { return [] }
        let towers = towers(of: inventory)
        guard !towers.isEmpty else { return [] }
        // An entry that names a tower's own sub-tree means to adapt it.
        let towerComponents = Set(towers.flatMap { $0.prefix.split(separator: ".").map(String.init) })
        let languageComponents = Set(["model", "language_model"])
        if entries.contains(where: { entry in entry.split(separator: ".").contains { towerComponents.contains(String($0)) && !languageComponents.contains(String($0)) } }) { return [] }
        // Only a tower adapted: the names are the tower's own, and meant for it.
        guard resolution.modules.contains(where: { module in !towers.contains { module.name.hasPrefix($0.prefix + ".") } }) else { return [] }
        var parts: [String] = []
        for tower in towers {
            let inside = resolution.modules.filter { $0.name.hasPrefix(tower.prefix + ".") }
            guard !inside.isEmpty else { continue }
            let leaves = Set(inside.map { ModuleNames.leaf($0.name) }).sorted().joined(separator: ", ")
            parts.append("\(inside.count) modules of the \(tower.kind) tower \(tower.prefix) (\(leaves))")
        }
        guard !parts.isEmpty else { return [] }
        let exclusion = towers.map { ModuleNames.regexEscaped($0.prefix) + "\\..*" }.joined(separator: "|")
        let how = context.options.peftVersion.hasFeature(since: 0, 14)
            ? "to train the language model alone add \(context.fileKey("exclude_modules")): '\(exclusion)' (a regex string, full-matched), or write \(field.key) as a regex over the language model's names"
            : "to train the language model alone write \(field.key) as a regex string over the language model's names"
        return [Finding(node: field.entry.key, keyPath: field.pointer,
                        message: "\(field.key) also adapts \(parts.joined(separator: " and ")): list entries match a name suffix anywhere in the model, towers included; \(how)")]
    }
}
