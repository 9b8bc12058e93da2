import GradiencePEFT
import GradienceConfig
/// GL017: under `pattern-style: minimal`, pattern entries that repeat the default, and a
/// default `r` that is not the most common rank.
public enum RedundantPatternEntry: Rule {
    public static let metadata = RuleMetadata(
        code: "GL017", name: "redundant-pattern-entry", severity: .warning,
        summary: "A rank_pattern/alpha_pattern entry equals the default, or `r`/`lora_alpha` is not the most common value (pattern-style: minimal).",
        description: "Under `pattern-style: minimal` the default is the most common rank and the patterns hold only overrides. Reports entries whose value equals `r` (rank_pattern) or `lora_alpha` (alpha_pattern) and whose removal changes no module — with an inventory this is decided on PEFT's resolution, so an entry that overrides an overlapping key is not redundant and is left alone. With an inventory, also reports `r` (then `lora_alpha`) when most adapted modules resolve to another value. Without one, entries equal to the default are reported, and fixed only when no other key can overlap them.",
        why: "An entry that repeats the default is noise that hides the real overrides, and it can start to matter by accident: change `r` and the 'redundant' entries silently pin modules to the old value. A default that is not the most common rank makes the pattern list nearly every module. The minimal form is the smallest config PEFT resolves identically.",
        fix: .safe("Remove the entry (or empty the pattern when every entry is redundant) when PEFT resolves every module to the same r and alpha without it. For `r` (and likewise `lora_alpha`): set it to the most common value and pin every module that took the old default at the old value with the fewest entries that say it (a target's name where every module ending in it took the default, else full names), so no module's rank or alpha changes; the entries that then equal the new default are removed in the next round. Together with GL002 and GL003 under `complete` this converts between the two styles both ways. Display-only beside trained weights (`adapter_model.safetensors`) when it adds pattern entries."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  ↓q_proj: 8\n  v_proj: 16\n", settings: ["pattern-style": "minimal"]),
            .triggering("peft_type: LORA\nr: ↓4\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 8\n  model.layers.0.self_attn.v_proj: 8\n", model: "llama:2", settings: ["pattern-style": "minimal"],
                        note: "Three of four modules train at r=8."),
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  v_proj: 16\nalpha_pattern:\n  ↓v_proj: 16\n", settings: ["pattern-style": "minimal"]),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  model.layers.0.self_attn.q_proj: 8\n  q_proj: 16\n", model: "llama:2", settings: ["pattern-style": "minimal"],
                   note: "The first entry equals `r` but overrides `q_proj` for layer 0: not redundant."),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 8\n  v_proj: 16\n", note: "pattern-style complete (the default) lists every module on purpose."),
            .fix("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 8\n  v_proj: 16\n",
                 "peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  v_proj: 16\n",
                 settings: ["pattern-style": "minimal"]),
            .fix("peft_type: LORA\nr: 4\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 8\n  model.layers.0.self_attn.v_proj: 8\n",
                 "peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  model.layers.1.self_attn.v_proj: 4\n",
                 model: "llama:2", settings: ["pattern-style": "minimal"],
                 note: "Round 1 sets r=8 and pins layer 1's v_proj at 4; round 2 removes the entries that now equal r."),
        ],
        settings: ["pattern-style"])

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        guard context.options.patternStyle == .minimal, !lora.spec.rankPattern.isEmpty || !lora.spec.alphaPattern.isEmpty else { return [] }
        // A default that is not the most common rank comes first: entries that equal it
        // stop being redundant once it changes.
        if let defaultFinding = uncommonDefault(context) { return [defaultFinding] }
        return context.resolution == nil ? redundantWithoutInventory(context) : redundantOnResolution(context)
    }

    /// Entries equal to the default, leaving out keys other rules own (GL001, GL008,
    /// GL013): their finding is the root cause.
    private static func candidates(_ context: RuleContext, _ kind: PatternKind) -> [PatternKey] {
        let lora = context.lora
        guard !lora.notStaticallyKnown.contains(kind.defaultField), !lora.notStaticallyKnown.contains(kind.field) else { return [] }
        let defaultValue = kind == .rank ? Double(lora.spec.r) : lora.spec.loraAlpha
        let leftToOthers = context.prefixedKeys(kind).union(context.keysReportedByGL008(kind))
        let rawKeys = lora.field(kind.field)?.value.entries?.compactMap(\.keyText) ?? []
        return lora.patternKeys(kind).filter { key in
            !leftToOthers.contains(key.key) && rawKeys.filter { $0 == key.key }.count == 1
                && context.patternValue(kind, key.key) == defaultValue
                && key.value?.number == defaultValue
        }
    }

    /// With an inventory: entries whose removal (together with the others reported)
    /// leaves every module's r and alpha unchanged.
    private static func redundantOnResolution(_ context: RuleContext) -> [Finding] {
        guard let resolution = context.resolution else { return [] }
        var candidatesByKind: [PatternKind: [PatternKey]] = [:]
        for kind in PatternKind.allCases {
            let unmatched = Set(kind == .rank ? resolution.unmatchedRankKeys : resolution.unmatchedAlphaKeys)
            candidatesByKind[kind] = candidates(context, kind).filter { !unmatched.contains($0.key) }
        }
        // Usually every candidate can go at once: one resolution decides it.
        let all = context.lora.spec.removing(rankKeys: Set(candidatesByKind[.rank]!.map(\.key)),
                                             alphaKeys: Set(candidatesByKind[.alpha]!.map(\.key)))
        if context.resolvesLikeCurrent(all) {
            return PatternKind.allCases.flatMap { findings(context, $0, candidatesByKind[$0]!, fixable: Set(candidatesByKind[$0]!.map(\.key))) }
        }
        // Otherwise one at a time, keeping each removal that still leaves every module alone.
        var removable: [PatternKind: [PatternKey]] = [.rank: [], .alpha: []]
        var removed: [PatternKind: Set<String>] = [.rank: [], .alpha: []]
        for kind in PatternKind.allCases {
            for key in candidatesByKind[kind]! {
                var trial = removed
                trial[kind]!.insert(key.key)
                guard context.resolvesLikeCurrent(context.lora.spec.removing(rankKeys: trial[.rank]!, alphaKeys: trial[.alpha]!)) else { continue }
                removed = trial
                removable[kind]!.append(key)
            }
        }
        return PatternKind.allCases.flatMap { findings(context, $0, removable[$0]!, fixable: Set(removable[$0]!.map(\.key))) }
    }

    /// Without an inventory: every entry equal to the default; fixed only when no other
    /// key (of either pattern, before 0.14's pooled lookup) could match its modules.
    private static func redundantWithoutInventory(_ context: RuleContext) -> [Finding] {
        let pooled = context.options.peftVersion < PeftVersion(0, 14, 0)
        return PatternKind.allCases.flatMap { kind -> [Finding] in
            let entries = candidates(context, kind)
            let others = pooled ? context.lora.allPatternKeys : context.lora.patternKeys(kind)
            let fixable = entries.filter { entry in
                !RuleContext.isRegexKey(entry.key) && others.allSatisfy { other in
                    (other.kind == entry.kind && other.key == entry.key) || (!RuleContext.isRegexKey(other.key) && !literalKeysOverlap(other.key, entry.key))
                }
            }
            return findings(context, kind, entries, fixable: Set(fixable.map(\.key)))
        }
    }

    static func literalKeysOverlap(_ a: String, _ b: String) -> Bool {
        let a = a.replacingOccurrences(of: "\\.", with: "."), b = b.replacingOccurrences(of: "\\.", with: ".")
        return a == b || a.hasSuffix("." + b) || b.hasSuffix("." + a)
    }

    private static func findings(_ context: RuleContext, _ kind: PatternKind, _ entries: [PatternKey], fixable: Set<String>) -> [Finding] {
        guard !entries.isEmpty, let field = context.lora.field(kind.field) else { return [] }
        let lora = context.lora
        let defaultText = lora.defaultDescription(kind)
        let all = lora.patternKeys(kind)
        // Every entry goes: one finding on the pattern, emptied in one edit (removing the
        // entries one by one in one round could leave a null where PEFT expects a dict).
        if entries.count >= 2, entries.count == all.count, fixable.count == entries.count {
            let keys = entries.map { "'\($0.key)'" }.joined(separator: ", ")
            return [Finding(node: field.entry.key, keyPath: field.pointer,
                            message: "every \(kind.field) entry (\(keys)) equals the default \(defaultText), so the pattern changes no module; pattern-style minimal keeps only overrides",
                            fix: Fix(applicability: .safe, description: "empty \(field.key)", edits: [.setValue(node: field.value, to: .mapping([]))]))]
        }
        // The removable entries go together, in one fix every finding of the group carries:
        // `--fix` applies one fix per mapping and round, so one fix per entry would take a
        // round per entry. In a flow mapping (JSON) the last entry is removed with the comma
        // before it, which its neighbour's removal also takes: it waits a round when both go.
        let removable = entries.filter { fixable.contains($0.key) }
        var together = removable
        if field.value.collectionStyle == .flow, let last = all.last, all.count >= 2,
           together.contains(where: { $0.key == last.key }), together.contains(where: { $0.key == all[all.count - 2].key }) {
            together.removeAll { $0.key == last.key }
        }
        let names = together.map { "'\($0.key)'" }
        let groupFix = together.isEmpty ? nil : Fix(
            applicability: .safe,
            description: together.count == 1 ? "remove \(names[0]) from \(field.key)"
                : "remove \(together.count) entries that repeat the default from \(field.key): \(RuleContext.sample(names, limit: 4))",
            edits: together.map { .removeEntry(mapping: field.value, entry: $0.entry) })
        return entries.map { entry in
            var message = "\(kind.field) entry '\(entry.key)' equals the default \(defaultText): the modules it matches get \(defaultText) without it, so pattern-style minimal drops it"
            let fix: Fix?
            if together.contains(where: { $0.key == entry.key }) {
                fix = groupFix
            } else if fixable.contains(entry.key) {
                fix = Fix(applicability: .safe, description: "remove '\(entry.key)' from \(field.key)", edits: [.removeEntry(mapping: field.value, entry: entry.entry)])
            } else {
                fix = nil
                message += " (not removed automatically: another key may match the same modules and would then win; check with `gradience-lint resolve`)"
            }
            return Finding(node: entry.entry.key, keyPath: entry.pointer, message: message, fix: fix)
        }
    }

    /// `r` (or `lora_alpha`) is not the most common resolved value. Ties keep the current
    /// default, else the smallest wins. One default per round: rank first.
    private static func uncommonDefault(_ context: RuleContext) -> Finding? {
        uncommonDefault(context, .rank) ?? uncommonDefault(context, .alpha)
    }

    private static func uncommonDefault(_ context: RuleContext, _ kind: PatternKind) -> Finding? {
        let lora = context.lora
        let pattern = kind == .rank ? lora.spec.rankPattern : lora.spec.alphaPattern
        guard let resolution = context.resolution, !lora.notStaticallyKnown.contains(kind.defaultField), !pattern.isEmpty else { return nil }
        var counts: [Double: Int] = [:]
        for module in resolution.modules { counts[kind == .rank ? module.r : module.alpha, default: 0] += 1 }
        let current = kind == .rank ? Double(lora.spec.r) : lora.spec.loraAlpha
        guard let top = counts.values.max(), counts[current, default: 0] < top,
              let common = counts.filter({ $0.value == top }).keys.min() else { return nil }
        if kind == .rank, common.rounded() != common { return nil }
        // Modules a GL001 key was meant for are left to GL001's rename (a pin would collide with it).
        let onDefault = context.modulesOnDefault(kind, includingMisread: true)
        let leftToGL001 = Set(resolution.modules.filter { (kind == .rank ? $0.rankKey : $0.alphaKey) == nil }.map(\.name))
            .subtracting(onDefault.map(\.name))
        let name = lora.field(kind.defaultField)?.key ?? lora.fileKey(for: kind.defaultField) ?? kind.defaultField
        let (commonText, currentText) = (LoraSettings.format(common), LoraSettings.format(current))
        let what = kind == .rank ? "rank" : "alpha"
        var message = "\(name)=\(currentText) is not the most common \(what): \(top) of \(resolution.modules.count) adapted modules train at \(kind.valueName)=\(commonText) and \(counts[current, default: 0]) at \(kind.valueName)=\(currentText); with pattern-style minimal the default should be the most common \(what) so that \(kind.field) holds only the overrides"
        var edited = lora.spec
        let pinEntries = context.pinEntries(onDefault, at: current, in: kind)
        let pins = pinEntries.map { PatternEntry(key: $0.key, value: current) }
        if kind == .rank {
            edited.r = Int(common)
            edited.rankPattern += pins
        } else {
            edited.loraAlpha = common
            edited.alphaPattern += pins
        }
        var fix: Fix?
        if !context.waitsOnUnsafeGL001Rename(kind), context.resolvesLikeCurrent(edited, ignoring: leftToGL001),
           let setDefault = context.setDefault(kind, to: RuleContext.editNumber(common)) {
            let pinEdits = context.addToPattern(kind, pinEntries)
            let pinned = onDefault.isEmpty ? "no module takes the old default"
                : "pin the \(onDefault.count) module\(onDefault.count == 1 ? "" : "s") on the old default at \(kind.valueName)=\(currentText) with \(pins.count) entr\(pins.count == 1 ? "y" : "ies") (\(RuleContext.sample(pins.map(\.key))))"
            fix = context.keepingFix("set \(name) to \(commonText); \(pinned)", [setDefault] + pinEdits, editsPattern: !pins.isEmpty)
        } else {
            message += " (no automatic fix: the pinned config would not resolve identically)"
        }
        let anchor = lora.defaultAnchor(kind)
        return Finding(range: lora.field(kind.defaultField)?.value.range ?? anchor.range, keyPath: anchor.pointer, message: message, fix: fix)
    }
}
