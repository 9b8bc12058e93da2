import GradiencePEFT
import GradienceConfig
/// GL006: two keys match one module with different values, so key order decides.
public enum OrderDependentPattern: Rule {
    public static let metadata = RuleMetadata(
        code: "GL006", name: "order-dependent-pattern", severity: .error,
        summary: "Two pattern keys match the same module with different values; the first in dict order wins.",
        description: "Reports pairs of keys that both match a module with different values. Error when the winner under sorted key order differs from the winner in the file's order: `save_pretrained` writes `adapter_config.json` with `sort_keys=True`, so the reloaded adapter resolves differently from the one that was trained. Warning otherwise. Without an inventory, literal keys where one is a dotted suffix of the other are compared.",
        why: "PEFT's `get_pattern_key` returns the first matching key in dict order, not the most specific. `{\"q_proj\": 4, \"model.layers.0.self_attn.q_proj\": 32}` trains layer 0's q_proj at r=4, saves the keys sorted, and reloads it at r=32: `RuntimeError: size mismatch` — or, for alpha, silently different scaling.",
        fix: .none("Make the keys disjoint (for example with full names) or order them so the specific key comes first, then check the result with `gradience-lint resolve`."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj]\nrank_pattern:\n  q_proj: 4\n  ↓model.layers.0.self_attn.q_proj: 32\n", note: "Error: after saving with sorted keys, the full name comes first and wins."),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj]\nrank_pattern:\n  model.layers.0.self_attn.q_proj: 32\n  ↓q_proj: 4\n", model: "llama:2", note: "Warning: the same winner in both orders, but the order carries meaning."),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj]\nrank_pattern:\n  model.layers.0.self_attn.q_proj: 32\n  model.layers.1.self_attn.q_proj: 4\n", model: "llama:2"),
        ])

    public static func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for kind in PatternKind.allCases {
            let keys = context.lora.patternKeys(kind)
            let byKey = Dictionary(keys.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            var pairs: [String: (winner: String, loser: String, modules: Int, changesOnSave: Bool)] = [:]
            var order: [String] = []
            func note(_ winner: String, _ loser: String, _ changesOnSave: Bool) {
                let id = winner + "\u{0}" + loser
                if pairs[id] == nil { order.append(id); pairs[id] = (winner, loser, 0, false) }
                pairs[id]!.modules += 1
                pairs[id]!.changesOnSave = pairs[id]!.changesOnSave || changesOnSave
            }
            if let resolution = context.resolution {
                for module in resolution.modules {
                    let matching = kind == .rank ? module.rankKeysMatching : module.alphaKeysMatching
                    guard matching.count >= 2, let winner = matching.first, let winValue = context.patternValue(kind, winner) else { continue }
                    let sorted = kind == .rank ? module.sortedRankKey : module.sortedAlphaKey
                    for other in matching.dropFirst() where context.patternValue(kind, other) != winValue {
                        note(winner, other, sorted.flatMap { context.patternValue(kind, $0) } != winValue)
                    }
                }
            } else {
                // Literal keys only: `a` is a dotted suffix of `b`, so both match whatever `b` names.
                let literal = keys.filter { !RuleContext.isRegexKey($0.key) && PrefixedPatternKey.stripped($0.key) == nil }
                for (i, j) in LiteralKeyOverlaps.candidatePairs(literal.map { RuleContext.plain($0.key) }) {
                    let first = literal[i], second = literal[j]
                    let a = RuleContext.plain(first.key), b = RuleContext.plain(second.key)
                    guard a == b || a.hasSuffix("." + b) || b.hasSuffix("." + a),
                          context.patternValue(kind, first.key) != context.patternValue(kind, second.key) else { continue }
                    note(first.key, second.key, PythonOrder.less(second.key, first.key))
                }
            }
            for id in order {
                let pair = pairs[id]!
                guard let loser = byKey[pair.loser] else { continue }
                let winValue = context.patternValue(kind, pair.winner).map(LoraSettings.format) ?? "?"
                let loseValue = context.patternValue(kind, pair.loser).map(LoraSettings.format) ?? "?"
                let scope = context.resolution == nil ? "the modules '\(pair.loser.count > pair.winner.count ? pair.loser : pair.winner)' names" : "\(pair.modules) module\(pair.modules == 1 ? "" : "s")"
                var message = "\(kind.field) keys '\(pair.winner)' (\(kind.valueName)=\(winValue)) and '\(pair.loser)' (\(kind.valueName)=\(loseValue)) both match \(scope); PEFT uses the first in dict order, '\(pair.winner)'"
                if pair.changesOnSave {
                    message += ", but save_pretrained sorts the keys, so the reloaded adapter uses '\(pair.loser)': a size mismatch at load time or silently different values"
                }
                findings.append(Finding(node: loser.entry.key, keyPath: loser.pointer, message: message,
                                        severity: pair.changesOnSave ? .error : .warning))
            }
        }
        return findings
    }
}

/// Python's `sorted()` on str compares code points; Swift's `<` on String does not.
enum PythonOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        Array(a.unicodeScalars.map(\.value)).lexicographicallyPrecedes(b.unicodeScalars.map(\.value))
    }
}
