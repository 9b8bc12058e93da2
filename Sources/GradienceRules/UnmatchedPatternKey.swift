import GradienceSyntax
import GradiencePEFT
import GradienceConfig
/// GL005: a pattern key that matches no adapted module, silently ignored by PEFT.
public enum UnmatchedPatternKey: Rule {
    public static let metadata = RuleMetadata(
        code: "GL005", name: "unmatched-pattern-key", severity: .error,
        summary: "A rank_pattern/alpha_pattern key matches no adapted module; PEFT ignores it silently.",
        description: "With an inventory, reports each key (other than GL001's) that matches no adapted module, exactly as PEFT's `get_pattern_key` decides, and suggests the nearest real module name. Without one, reports literal keys that cannot end in any `target_modules` name.",
        why: "PEFT tries each key as `re.match(rf\"(.*\\.)?({key})$\", name)` and moves on when nothing matches — no warning up to 0.20. A typo (`q_prj`), a layer index past the last layer or a module that is not targeted all leave the intended modules at the default.",
        fix: .none("What the key was meant to match is a human decision; the message suggests the nearest module."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 4\n  ↓k_proj: 4\n", note: "Without an inventory: `k_proj` is not a target."),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  ↓model.layers.9.self_attn.q_proj: 4\n  v_proj: 4\n", model: "llama:2"),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  model.layers.1.self_attn.q_proj: 4\n  .*v_proj: 4\n", model: "llama:2"),
        ])

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        var findings: [Finding] = []
        for kind in PatternKind.allCases {
            // GL001's and GL008's keys are reported there, as the root cause.
            let leftToOthers = context.prefixedKeys(kind).union(context.keysReportedByGL008(kind))
            let keys = lora.patternKeys(kind).filter { !leftToOthers.contains($0.key) }
            if let resolution = context.resolution {
                let unmatched = Set(kind == .rank ? resolution.unmatchedRankKeys : resolution.unmatchedAlphaKeys)
                let problems = Set(resolution.keyProblems.filter { $0.field.rawValue == kind.field }.map(\.key))
                // Prepared once for all of this file's unmatched keys (half a pattern can
                // leave hundreds), not per key, and only when there is one.
                lazy var adapted = Suggestion.Candidates(resolution.modules.map(\.name))
                lazy var lastComponents = Suggestion.Candidates(Array(Set(adapted.names.map(lastComponent))).sorted())
                lazy var byLastComponent = positionsByLastComponent(adapted.names)
                for key in keys where unmatched.contains(key.key) && !problems.contains(key.key) {
                    var message = "\(kind.field) key '\(key.key)' matches no adapted module, so PEFT ignores it" + (context.patternValue(kind, key.key).map { " and its \(kind.valueName)=\(LoraSettings.format($0)) applies nowhere" } ?? "")
                    if let hit = context.inventory?.indexes.bySuffix.firstModule(matchingLiteral: key.key) {
                        message += " ('\(hit)' exists but is not adapted)"
                    } else if let near = adapted.closest(to: key.key) ?? nearestBySuffix(key.key, adapted, byLastComponent)
                                ?? lastComponentFixed(key.key, adapted.names, lastComponents) {
                        message += "; did you mean '\(near)'?"
                    }
                    findings.append(Finding(node: key.entry.key, keyPath: key.pointer, message: message))
                }
                continue
            }
            guard case .list(let targets)? = lora.spec.targetModules else { continue }
            let targetLasts = Set(targets.map { $0.split(separator: ".").last.map(String.init) ?? $0 })
            for key in keys where !RuleContext.isRegexKey(key.key) {
                let plain = RuleContext.plain(key.key)
                let last = plain.split(separator: ".").last.map(String.init) ?? plain
                guard !targetLasts.contains(last) else { continue }
                let suggestion = Suggestion.didYouMean(last, among: Array(targetLasts).sorted())
                findings.append(Finding(node: key.entry.key, keyPath: key.pointer,
                                        message: "\(kind.field) key '\(key.key)' cannot match any module of target_modules (\(targets.joined(separator: ", "))), so PEFT ignores it\(suggestion)"))
            }
        }
        return findings
    }

    /// A literal key whose last component is a typo of an adapted module's (`q_prj` →
    /// `q_proj`, `layers.0.mlp.up_prj` → `layers.0.mlp.up_proj`), corrected.
    private static func lastComponentFixed(_ key: String, _ names: [String], _ lastComponents: @autoclosure () -> Suggestion.Candidates) -> String? {
        guard !RuleContext.isRegexKey(key) else { return nil }
        var parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let last = parts.last, let fixed = lastComponents().closest(to: last), fixed != last else { return nil }
        parts[parts.count - 1] = fixed
        let candidate = parts.joined(separator: ".")
        return names.contains { RuleContext.literalKey(candidate, matches: $0) } ? candidate : nil
    }

    private static func lastComponent(_ name: String) -> String {
        name.split(separator: ".").last.map(String.init) ?? name
    }

    /// For a long dotted key, the adapted module sharing its last component and closest overall.
    private static func nearestBySuffix(_ key: String, _ names: Suggestion.Candidates, _ byLastComponent: [Substring: [Int]]) -> String? {
        let last = key.split(separator: ".").last ?? Substring(key)
        // A file may hold 100,000 unmatched keys: each distance is bounded by the best so
        // far (`nearest`), and the first of equals wins.
        return names.nearest(to: key, amongPositions: byLastComponent[last] ?? [])
    }

    /// The positions of the dotted names (those ending in `.` + a last component), by that
    /// component, in order: one lookup per unmatched key instead of a scan of every module.
    private static func positionsByLastComponent(_ names: [String]) -> [Substring: [Int]] {
        var index: [Substring: [Int]] = [:]
        for (position, name) in names.enumerated() {
            guard let dot = name.lastIndex(of: ".") else { continue }
            index[name[name.index(after: dot)...], default: []].append(position)
        }
        return index
    }
}
