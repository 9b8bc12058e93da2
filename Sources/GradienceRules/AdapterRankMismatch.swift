import GradienceSyntax
import GradienceTransformer
import GradiencePEFT
import GradienceConfig
/// GL015: the trained weights beside an `adapter_config.json` disagree with the config.
public enum AdapterRankMismatch: Rule {
    public static let metadata = RuleMetadata(
        code: "GL015", name: "adapter-rank-mismatch", severity: .error,
        summary: "The ranks and modules in adapter_model.safetensors disagree with what adapter_config.json resolves to.",
        description: """
            Runs on an `adapter_config.json` that has `adapter_model.safetensors` beside it (also in the `<adapter_name>/` subfolder `save_pretrained` writes for a named adapter). It reads only the file's header — tensor names and shapes, never tensor data — takes each module's trained rank from `lora_A.shape[0]` (`lora_embedding_A` for embeddings), and sets it against PEFT's resolution of the config. It makes one finding per responsible key, with a count and the first few modules:

            - a trained rank that differs from the resolved one, at the `rank_pattern` key that set it, or at `r` when the default applied;
            - a module trained at the default because PEFT ignored a key with a wrapper prefix or internal suffix (GL001), at that key;
            - `rank_pattern` asks for per-module ranks but the trained ranks are uniform ("collapsed to uniform"), at `rank_pattern`, with the module count and the rank;
            - modules the weights hold but the config does not adapt, at `target_modules` (or `exclude_modules`, `modules_to_save`, `layers_to_transform`, whichever left them out);
            - modules the config adapts but the weights lack (a warning), when the inventory comes from elsewhere than the weights themselves (an inventory built from the weights lists only trained modules, so nothing can be missing from it);
            - trained ranks outside `allowed-ranks` that the config does not state (ranks the config states are GL009's).

            A header the safetensors library would refuse (a truncated file, a header length over 100 MB, overlapping offsets, a header that is not a JSON object, …) is one finding at 1:1 of the config. Without the weights file the rule is silent; `adapter_model.bin` is a pickle and is never opened (`--verbose` says so).

            The examples below have no weights beside them, so they only show where the rule stays quiet. With weights, on `fixtures/adapters/tiny-llama-prefixed-keys/` (rank_pattern keys copied from `named_modules()`, weights uniform at r=4):

            ```
            adapter_config.json:34:3: GL015 rank_pattern asks for r=8 and r=16 besides the default r=4, but the weights are uniform: all 4 trained modules have r=4 (collapsed to uniform)
            adapter_config.json:35:5: GL015 rank_pattern key 'base_model.model.model.layers.0.self_attn.q_proj' asks for r=16, but the weights were trained at r=4 for 1 module: model.layers.0.self_attn.q_proj; PEFT ignored this key during training (its wrapper prefix or internal suffix never matches, GL001)
            ```

            and on `fixtures/adapters/tiny-llama-sorted-reload/` (`save_pretrained` sorted the keys, so another key now wins for layer 0):

            ```
            adapter_config.json:34:5: GL015 rank_pattern key 'model.layers.0.self_attn.q_proj' gives r=8, but the weights were trained at r=16 for 1 module: model.layers.0.self_attn.q_proj; size mismatch at load time, or a pattern PEFT ignored during training
            ```
            """,
        why: "Loading an adapter builds every LoRA layer at the rank the config resolves to and then copies the saved tensors in, so a rank that differs is a \"size mismatch\" RuntimeError in `load_state_dict`, and a module the config does not adapt is silently left out. The worse case loads fine: keys PEFT ignored during training produce weights that are uniform at `r`, exactly as the (equally ignored) config resolves — the \"per-layer\" adapter that is not. Only the weights' shapes show it, and reading them takes milliseconds without torch.",
        fix: .none("The weights are the record of what was trained; whether to retrain or to change the config to describe them is a human decision."),
        examples: [
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 16\n",
                   note: "No `adapter_model.safetensors` beside the file: nothing to compare, so the rule is silent."),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  base_model.model.model.layers.0.self_attn.q_proj: 4\n", model: "llama:2",
                   note: "Weights are needed to say what training did; the key itself is GL001's."),
        ],
        settings: ["allowed-ranks"])

    public static func check(_ context: RuleContext) -> [Finding] {
        if let problem = context.adapterWeightsProblem {
            let start = Mark(offset: 0, line: 1, column: 1)
            return [Finding(range: SourceRange(start: start, end: start), keyPath: "", message: problem)]
        }
        guard let weights = context.adapterWeights, let inventory = context.inventory,
              let resolution = context.resolution else { return [] }
        let rows = TrainedRanks.compare(lora: context.lora, inventory: inventory, resolution: resolution, weights: weights)

        var findings = collapsedToUniform(rows, context)
        // A rank_pattern key PEFT's `re` would take but ICU cannot reproduce was left out of
        // the resolution: its modules' resolved ranks are not known, so ranks are not compared.
        if !resolution.keyProblems.contains(where: { $0.field == .rankPattern }) {
            findings += rankMismatches(rows, context)
            findings += ignoredPatterns(rows, context)
        }
        // A partial resolution (no default targets for the model type, an invalid regex)
        // cannot say which modules are targeted.
        if resolution.problems.isEmpty {
            findings += untargeted(rows, context)
            if inventory.source != .adapterWeights { findings += untrained(rows, context) }
        }
        findings += disallowedRanks(rows, context)
        return findings
    }

    // MARK: the findings

    /// The seed team's regression: per-module ranks asked for, uniform ranks trained.
    private static func collapsedToUniform(_ rows: [ModuleComparison], _ context: RuleContext) -> [Finding] {
        let lora = context.lora
        let values = Set(lora.spec.rankPattern.map(\.value))
        guard let field = lora.field("rank_pattern"), !values.isEmpty,
              values.count >= 2 || values.first != Double(lora.spec.r) else { return [] }
        let trained = rows.compactMap(\.trainedRank)
        guard trained.count >= 2, Set(trained).count == 1, let rank = trained.first else { return [] }
        let asked = values.filter { $0 != Double(lora.spec.r) }.sorted().map { "r=\(LoraSettings.format($0))" }
        return [Finding(node: field.entry.key, keyPath: field.pointer,
                        message: "rank_pattern asks for \(list(asked)) besides the default \(lora.defaultDescription(.rank)), but the weights are uniform: all \(trained.count) trained modules have r=\(rank) (collapsed to uniform)")]
    }

    private static func rankMismatches(_ rows: [ModuleComparison], _ context: RuleContext) -> [Finding] {
        let lora = context.lora
        return grouped(rows.filter { $0.status == .rankMismatch }, by: \.rankKey).map { key, group in
            let resolved = group[0].resolvedRank.map(LoraSettings.format) ?? "?"
            let subject: String
            if let key {
                subject = "rank_pattern key '\(key)' gives r=\(resolved)"
            } else if lora.spec.rankPattern.isEmpty {
                subject = "\(lora.defaultDescription(.rank)) applies"
            } else {
                subject = "the default \(lora.defaultDescription(.rank)) applies (no rank_pattern key matches)"
            }
            let anchor = rankAnchor(key, lora)
            return Finding(range: anchor.range, keyPath: anchor.pointer,
                           message: "\(subject), but the weights were trained at \(trainedRanks(group)) for \(count(group)): \(modules(group)); size mismatch at load time, or a pattern PEFT ignored during training")
        }
    }

    private static func ignoredPatterns(_ rows: [ModuleComparison], _ context: RuleContext) -> [Finding] {
        grouped(rows.filter { $0.status == .patternIgnored }, by: \.intendedKey).compactMap { key, group in
            guard let key else { return nil }
            let anchor = rankAnchor(key, context.lora)
            let meant = group[0].intendedRank.map(LoraSettings.format) ?? "?"
            return Finding(range: anchor.range, keyPath: anchor.pointer,
                           message: "rank_pattern key '\(key)' asks for r=\(meant), but the weights were trained at \(trainedRanks(group)) for \(count(group)): \(modules(group)); PEFT ignored this key during training (its wrapper prefix or internal suffix never matches, GL001)")
        }
    }

    private static func untargeted(_ rows: [ModuleComparison], _ context: RuleContext) -> [Finding] {
        let lora = context.lora
        let rows = rows.filter { $0.status == .trainedNotTargeted }
        return grouped(rows, by: { untargetedCause($0.skipReason, context) }).map { cause, group in
            let anchor = fieldAnchor(cause.field, lora)
            return Finding(range: anchor.range, keyPath: anchor.pointer,
                           message: "the weights hold LoRA tensors for \(count(group)) \(cause.phrase): \(modules(group)); loading with this config leaves those trained weights out")
        }
    }

    private static func untrained(_ rows: [ModuleComparison], _ context: RuleContext) -> [Finding] {
        let group = rows.filter { $0.status == .targetedNotTrained }
        guard !group.isEmpty else { return [] }
        let anchor = fieldAnchor("target_modules", context.lora)
        return [Finding(range: anchor.range, keyPath: anchor.pointer,
                        message: "the config adapts \(count(group)) without LoRA tensors in the weights: \(modules(group)); they load with freshly initialised, untrained adapters (PEFT only warns \"Found missing adapter keys\")",
                        severity: .warning)]
    }

    private static func disallowedRanks(_ rows: [ModuleComparison], _ context: RuleContext) -> [Finding] {
        guard let allowed = context.options.allowedRanks else { return [] }
        // Rows trained at their resolved rank are GL009's: the config states that rank.
        let stray = rows.filter { row in
            guard let rank = row.trainedRank, !allowed.contains(rank) else { return false }
            return row.status == .rankMismatch || row.status == .trainedNotTargeted
        }
        return grouped(stray, by: { responsibleAnchor($0, context).pointer }).map { _, group in
            let anchor = responsibleAnchor(group[0], context)
            return Finding(range: anchor.range, keyPath: anchor.pointer,
                           message: "the weights hold \(trainedRanks(group)) for \(count(group)), not in allowed-ranks [\(allowed.map(String.init).joined(separator: ", "))]: \(modules(group))")
        }
    }

    // MARK: anchors and wording

    /// The `rank_pattern` key that set a rank, or `r` when the default applied.
    private static func rankAnchor(_ key: String?, _ lora: LoraSettings) -> (range: SourceRange, pointer: String) {
        guard let key else { return lora.defaultAnchor(.rank) }
        if let patternKey = lora.patternKeys(.rank).first(where: { $0.key == key }) {
            return (patternKey.entry.key.range, patternKey.pointer)
        }
        if let field = lora.field("rank_pattern") { return (field.entry.key.range, field.pointer) }
        return lora.defaultAnchor(.rank)
    }

    /// The key a row's finding points at: the one that set its rank, or the one that
    /// left it out.
    private static func responsibleAnchor(_ row: ModuleComparison, _ context: RuleContext) -> (range: SourceRange, pointer: String) {
        row.status == .trainedNotTargeted
            ? fieldAnchor(untargetedCause(row.skipReason, context).field, context.lora)
            : rankAnchor(row.rankKey, context.lora)
    }

    /// A field's key, or the section when the file leaves the field to its default.
    private static func fieldAnchor(_ name: String, _ lora: LoraSettings) -> (range: SourceRange, pointer: String) {
        if let field = lora.field(name) { return (field.entry.key.range, field.pointer) }
        return (lora.section.range, lora.sectionPointer)
    }

    private struct Cause: Hashable {
        let field: String
        let phrase: String
    }

    /// Which setting left a trained module out, and how to say it.
    private static func untargetedCause(_ reason: SkippedModule.Reason?, _ context: RuleContext) -> Cause {
        switch reason {
        case .excludedModule?:
            return Cause(field: "exclude_modules", phrase: "that exclude_modules excludes")
        case .modulesToSave?:
            return Cause(field: "modules_to_save", phrase: "that modules_to_save lists (PEFT trains full copies of those, not LoRA)")
        case .layerNotSelected?:
            return Cause(field: "layers_to_transform", phrase: "in layers that layers_to_transform leaves out")
        case .notTargeted?:
            switch context.resolution?.effectiveTargets.source {
            case .modelTypeDefault?: return Cause(field: "target_modules", phrase: "outside PEFT's default target_modules for this model type")
            default: return Cause(field: "target_modules", phrase: "that target_modules does not select")
            }
        case nil:
            return Cause(field: "target_modules", phrase: "absent from the base model's modules (\(context.inventory?.detail ?? "no inventory"))")
        }
    }

    /// Groups in order of first appearance.
    private static func grouped<Key: Hashable>(_ rows: [ModuleComparison], by key: (ModuleComparison) -> Key) -> [(Key, [ModuleComparison])] {
        var order: [Key] = []
        var groups: [Key: [ModuleComparison]] = [:]
        for row in rows {
            let value = key(row)
            if groups[value] == nil { order.append(value) }
            groups[value, default: []].append(row)
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// "r=8", or "r=4 (2 modules) and r=16 (1 module)".
    private static func trainedRanks(_ rows: [ModuleComparison]) -> String {
        let counts = Dictionary(grouping: rows.compactMap(\.trainedRank), by: { $0 }).mapValues(\.count)
        if counts.count == 1, let rank = counts.keys.first { return "r=\(rank)" }
        return list(counts.keys.sorted().map { "r=\($0) (\(counts[$0]!) module\(counts[$0]! == 1 ? "" : "s"))" })
    }

    private static func count(_ rows: [ModuleComparison]) -> String {
        rows.count == 1 ? "1 module" : "\(rows.count) modules"
    }

    private static func modules(_ rows: [ModuleComparison]) -> String {
        RuleContext.sample(rows.map(\.module))
    }

    /// "a", "a and b", "a, b and c".
    private static func list(_ items: [String]) -> String {
        items.count <= 2 ? items.joined(separator: " and ") : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
