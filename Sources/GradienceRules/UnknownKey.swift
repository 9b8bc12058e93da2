import GradienceSyntax
import GradienceInventory
import GradiencePEFT
import GradienceConfig
/// GL014: a key the format does not define, usually a typo that is silently ignored.
public enum UnknownKey: Rule {
    public static let metadata = RuleMetadata(
        code: "GL014", name: "unknown-key", severity: .warning,
        summary: "A key the detected format does not define; it is ignored or dropped.",
        description: "Where the format's key set is closed (a saved `adapter_config.json`, a bare `LoraConfig` kwargs file, a Hydra `_target_: peft.LoraConfig` node, Ludwig's `adapter:`, FLock's blocks; `gradience-lint formats` lists them) every key should be one the format defines, and the message says what that tool does with another. Where it is open (flat trainer files such as axolotl, TRL, LLaMA-Factory, ms-swift; a project's own `lora:`/`peft:` mapping, whose code may pop its own keys before `LoraConfig(**params)`) only a key a typo away from a key the format reads is reported, also when the correctly spelt key is set too (the misspelt value is the one ignored). Suggests the nearest known key. On a PEFT version that raises for unknown keys (< 0.14) an unknown key in an `adapter_config.json` is an error. PEFT 0.2's `enable_lora` and `merge_weights` are reported (info; an error on PEFT 0.3 to 0.13, which raise for them). In sections PEFT receives as `LoraConfig` arguments, also reports fields newer than the configured `peft-version`: an error on PEFT < 0.14 (TypeError; one finding naming them all), otherwise a warning when the field is set to something other than its default — an error when it changes which modules are adapted (`exclude_modules`, `target_parameters`).",
        why: "PEFT ≥ 0.14 drops unknown `LoraConfig` keys with a warning nobody reads (older versions raise `TypeError`); trainers ignore unknown YAML keys outright. A `lora_alhpa: 32` trains at the default alpha, and a `rank_patern` trains every module at `r`. A field the installed PEFT does not know yet is dropped the same way: `exclude_modules` on 0.13 raises, on older-but-tolerant versions the excluded modules are adapted after all.",
        fix: .unsafe("Rename the key to the suggested one (unsafe: it changes training, which is the point). A field newer than the PEFT version has no fix: upgrade PEFT or drop the field."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\n↓lora_alhpa: 32\ntarget_modules: [q_proj]\n"),
            .triggering("adapter: lora\nlora_r: 8\n↓lora_alpah: 32\nlora_target_modules: [q_proj]\n"),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\n↓exclude_modules: [model.layers.0.self_attn.q_proj]\n", settings: ["peft-version": "0.13.2"],
                        note: "Error: PEFT 0.13 raises TypeError for a field it does not know."),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\n↓target_parameters: [mlp.experts.gate_up_proj]\n↓use_qalora: true\n", settings: ["peft-version": "0.15.2"],
                        note: "PEFT 0.15 drops both: an error for target_parameters (targeting changes), a warning for use_qalora."),
            .triggering("adapter: lora\nlora_r: 16\nlora_alpha: 32\n↓lora_alhpa: 64\nlora_target_modules: [q_proj, v_proj]\n",
                        note: "The misspelt key sits beside the right one: 64 is silently ignored."),
            .triggering("peft_type: LORA\nr: 8\n↓merge_weights: false\ntarget_modules: [q_proj]\n", settings: ["peft-version": "0.13.2"],
                        note: "Error: a PEFT 0.2 field that 0.3 to 0.13 refuse."),
            .clean("adapter: lora\nlora_r: 8\nlora_alpha: 16\nlora_mlp_kernel: true\nlora_target_modules: [q_proj]\n"),
            .clean("peft:\n  method: lora\n  r: 8\n  lora_alpha: 16\n  r_local: 4\n  share_mode: layerwise\n  target_modules: [q_proj]\n",
                   note: "A project's own keys beside LoraConfig's in its `peft:` section: its code pops them before LoraConfig(**params), so only near-typos are reported."),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj]\nlora_ga_config: null\nuse_bdlora: false\n", settings: ["peft-version": "0.18.1"],
                   note: "Newer fields left at their defaults: dropping them changes nothing."),
            .fix("peft_type: LORA\nr: 4\nrank_patern:\n  q_proj: 4\n  v_proj: 8\ntarget_modules: [q_proj, v_proj]\nlora_alpha: 4\nalpha_pattern:\n  v_proj: 8\n",
                 "peft_type: LORA\nr: 4\nrank_pattern:\n  q_proj: 4\n  v_proj: 8\ntarget_modules: [q_proj, v_proj]\nlora_alpha: 4\nalpha_pattern:\n  v_proj: 8\n", unsafe: true),
        ],
        settings: ["peft-version"],
        readsFileAlone: true)

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        let vocabulary = flatVocabulary.value(for: lora.format) { Vocabulary(Set(lora.format.vocabulary.values)) }
        var findings: [Finding] = []
        let present = Set(lora.section.effectiveEntries.compactMap(\.keyText))
        // A few distinct section vocabularies per run (the format's, plus Ludwig's spellings).
        let known = lora.sectionVocabulary.map { words in sectionVocabulary.value(for: words) { Vocabulary(words) } }
        let version = context.options.peftVersion
        let raisesOnUnknown = version < PeftVersion(0, 14, 0)
        for entry in lora.section.effectiveEntries {
            guard let written = entry.keyText else { continue }
            // SimpleTuner's config.json may keep the command line's `--`.
            let key = lora.format.definition.bareKey(written)
            let pointer = JSONPointer.appending(lora.sectionPointer, written)
            let prefix = String(written.dropLast(key.count))
            if PeftFields.legacy.contains(key), lora.format.isLoraConfigKeywords {
                findings.append(legacyField(entry, key: key, pointer: pointer, version: version))
                continue
            }
            let suggestion: String?
            if let sectionVocabulary = lora.sectionVocabulary, let known {
                if sectionVocabulary.contains(key) { continue }
                suggestion = known.candidates.closest(to: key)
                guard suggestion != nil || lora.format.definition.keySet.isClosed else { continue }
            } else {
                // An open key set (flat files that mix LoRA keys with every other training
                // setting, a project's own section): only a key a typo away from a key the
                // format reads is suspicious — also beside the key it misspells
                // (`lora_alhpa: 64` under `lora_alpha: 32` is silently ignored).
                guard !vocabulary.words.contains(key), !lora.format.otherKeys.contains(key), !lora.format.extraSectionKeys.contains(key),
                      let near = vocabulary.candidates.closest(to: key), Suggestion.editDistance(key, near) <= 2 else { continue }
                suggestion = near
            }
            var message = "unknown key '\(written)' for \(lora.format.rawValue)"
            let consequence: String
            var severity: Severity?
            switch lora.format {
            case .peft where raisesOnUnknown:
                consequence = "the configured PEFT \(version) raises TypeError (\"unexpected keyword argument '\(key)'\") when it loads this config"
                severity = .error
            case .peft: consequence = "the configured PEFT \(version) drops unknown keys when it loads the config, so it has no effect"
            default:
                if case .closed(let closed, let raises) = lora.format.definition.keySet, lora.sectionVocabulary != nil {
                    consequence = closed
                    if raises { severity = .error }
                } else {
                    consequence = "the tool ignores it, so it has no effect"
                }
            }
            var fix: Fix?
            if let suggestion {
                let meant = prefix + suggestion
                if let existing = present.contains(meant) ? lora.section.entry(forKey: meant) : nil {
                    message += "; did you mean '\(meant)'? ('\(meant)' is set on line \(existing.key.range.start.line), so this value is not used)"
                } else {
                    message += "; did you mean '\(meant)'?"
                    fix = Fix(applicability: .unsafe, description: "rename '\(written)' to '\(meant)'", edits: [.renameKey(entry: entry, to: meant)])
                }
            }
            message += ": " + consequence
            findings.append(Finding(node: entry.key, keyPath: pointer, message: message, severity: severity, fix: fix))
        }
        return findings + newerThanConfigured(context)
    }

    /// `enable_lora` and `merge_weights` were LoraConfig fields in PEFT 0.2 only
    /// (`git show v0.2.0:src/peft/tuners/lora.py`); 0.3 to 0.13 raise TypeError for them
    /// and 0.14 on drops them (`PeftConfigMixin.from_peft_type`, #2038).
    private static func legacyField(_ entry: MappingEntry, key: String, pointer: String, version: PeftVersion) -> Finding {
        if version < PeftVersion(0, 14, 0) {
            return Finding(node: entry.key, keyPath: pointer,
                           message: "'\(key)' is a PEFT 0.2 field that later versions removed: the configured PEFT \(version) raises TypeError (\"unexpected keyword argument '\(key)'\") when it loads this config; remove the key",
                           severity: .error)
        }
        return Finding(node: entry.key, keyPath: pointer,
                       message: "'\(key)' is a PEFT 0.2 field that later versions removed: PEFT \(version) drops it on load, but PEFT 0.3 to 0.13 raise TypeError; remove the key",
                       severity: .info)
    }

    /// A format's known keys, sorted (the first of equally close suggestions wins) and
    /// prepared for suggestions once per run, not per file.
    private struct Vocabulary {
        let words: Set<String>
        let candidates: Suggestion.Candidates

        init(_ words: Set<String>) {
            self.words = words
            candidates = Suggestion.Candidates(words.sorted())
        }
    }

    private static let flatVocabulary = Memo<ConfigFormat, Vocabulary>(limit: 64)
    private static let sectionVocabulary = Memo<Set<String>, Vocabulary>(limit: 64)

    /// Fields that change which modules or parameters get an adapter: losing one is an error.
    static let targetingFields: Set<String> = ["exclude_modules", "target_parameters", "layers_to_transform", "layers_pattern"]
    /// A field whose PEFT default is not null/false/empty.
    static let nonEmptyDefaults: [String: ScalarValue] = ["qalora_group_size": .int(16)]

    /// PEFT fields newer than the configured `peft-version`, in sections PEFT receives as
    /// `LoraConfig` keyword arguments. `PeftConfigMixin.from_peft_type` drops unknown keys
    /// with a warning from 0.14 on (#2038); 0.13 and older raise TypeError (#2208).
    static func newerThanConfigured(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        // Ludwig hands its eva_config/loftq_config sub-configs to LoraConfig too (`LoraConfig.to_config`).
        guard lora.format.isLoraConfigKeywords || lora.format == .ludwig else { return [] }
        let version = context.options.peftVersion
        let dropsUnknown = version >= PeftVersion(0, 14, 0)
        let newer = lora.section.effectiveEntries.compactMap { entry -> (entry: MappingEntry, key: String, since: PeftVersion)? in
            guard let key = entry.keyText, let since = PeftFields.introducedIn[key].flatMap(PeftVersion.init), version < since else { return nil }
            return (entry, key, since)
        }
        guard let first = newer.first else { return [] }
        if !dropsUnknown {
            // The first unknown keyword already raises: one finding for the file, naming all.
            let names = RuleContext.sample(newer.map { "'\($0.key)' (\($0.since))" }, limit: 4)
            let what = newer.count == 1 ? "a field" : "\(newer.count) fields"
            let when = lora.format == .peft ? "when it loads this config" : "when LoraConfig receives this section"
            return [Finding(node: first.entry.key, keyPath: JSONPointer.appending(lora.sectionPointer, first.key),
                            message: "\(what) newer than the configured PEFT \(version): \(names); PEFT \(version) raises TypeError (\"unexpected keyword argument '\(first.key)'\") \(when)",
                            severity: .error)]
        }
        var findings: [Finding] = []
        for (entry, key, since) in newer {
            let pointer = JSONPointer.appending(lora.sectionPointer, key)
            // Dropping a field left at its default changes nothing.
            guard key != "peft_version", !isDefault(entry.value.resolved, field: key) else { continue }
            let targeting = targetingFields.contains(key)
            let consequence: String
            switch key {
            case "exclude_modules": consequence = "the modules it excludes get adapters after all"
            case "target_parameters": consequence = "the parameters it names get no adapter"
            default: consequence = "its setting is silently lost"
            }
            // A saved adapter_config.json goes through from_peft_type, which drops the field;
            // a recipe's section is usually passed straight to LoraConfig(**section).
            let changes = targeting ? ", which changes which modules are trained" : ""
            let message = lora.format == .peft
                ? "'\(key)' arrived in PEFT \(since); the configured PEFT \(version) drops it on load (\"Unexpected keyword arguments … ignored\"), so \(consequence)\(changes)"
                : "'\(key)' arrived in PEFT \(since); the configured PEFT \(version) has no such LoraConfig field: LoraConfig(**section) raises TypeError, and when the saved adapter_config.json is loaded it is dropped, so \(consequence)\(changes)"
            findings.append(Finding(node: entry.key, keyPath: pointer, message: message, severity: targeting ? .error : .warning))
        }
        return findings
    }

    private static func isDefault(_ node: Node, field: String) -> Bool {
        if let items = node.items { return items.isEmpty }
        if let entries = node.entries { return entries.isEmpty }
        guard let value = node.scalar?.value else { return false }
        if let expected = nonEmptyDefaults[field] { return value == expected }
        return value == .null || value == .bool(false)
    }
}
