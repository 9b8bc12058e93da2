import Foundation
import GradiencePEFT
import GradienceConfig
import GradienceEngine

/// `textDocument/hover`: what PEFT will train, read from the same `Resolution` that
/// `gradience-lint resolve` prints. On a `rank_pattern` / `alpha_pattern` key: the
/// modules it matches, the ones it decides (the first matching key wins, as
/// `get_pattern_key` in peft `utils/other.py` picks it) and the earlier keys that take
/// the rest; on `r` / `lora_alpha`: how many modules train at the default; on
/// `target_modules`: the adapted modules.
public enum HoverContent {
    public struct Hover {
        /// Markdown.
        public let text: String
        /// The byte span hovered (the key, or its value).
        public let range: Range<Int>
    }

    /// How many module names a hover lists before it says "and N more".
    static let listed = 8

    public static func hover(_ result: Linter.FileResult, atOffset offset: Int) -> Hover? {
        for analysis in result.analyses {
            let lora = analysis.lora
            for kind in PatternKind.allCases {
                for key in lora.patternKeys(kind) {
                    let span = key.entry.key.range.start.offset..<max(key.entry.key.range.end.offset, key.entry.value.range.end.offset)
                    guard span.contains(offset) || offset == span.upperBound else { continue }
                    return Hover(text: patternKey(key, analysis, note: result.inventoryNote), range: key.entry.key.range.bytes)
                }
            }
            for name in ["r", "lora_alpha", "target_modules"] {
                guard let field = lora.field(name) else { continue }
                let keyRange = field.entry.key.range.bytes
                let span = keyRange.lowerBound..<max(keyRange.upperBound, field.entry.value.range.end.offset)
                // Inside target_modules' list, an item is the module suffix; the whole field is hovered.
                guard span.contains(offset) || offset == span.upperBound else { continue }
                let text = name == "target_modules" ? targetModules(field, analysis, note: result.inventoryNote)
                    : defaultValue(name == "r" ? .rank : .alpha, field, analysis, note: result.inventoryNote)
                return Hover(text: text, range: keyRange)
            }
        }
        return nil
    }

    static func patternKey(_ key: PatternKey, _ analysis: Linter.Analysis, note: String?) -> String {
        let kind = key.kind
        let value = analysis.lora.patternValue(kind, key.key).map(LoraSettings.format) ?? "?"
        var out = "**\(kind.field)** `\(key.key)` → \(kind.valueName)=\(value)\n\n"
        guard let resolution = analysis.resolution else { return out + unresolved(note) }
        if let problem = resolution.keyProblems.first(where: { $0.key == key.key && ($0.field == .rankPattern) == (kind == .rank) }) {
            return out + "Not evaluated: \(problem.problem.message); gradience-lint leaves it out rather than guess what PEFT would do.\n"
        }
        let matching = resolution.modules.filter { (kind == .rank ? $0.rankKeysMatching : $0.alphaKeysMatching).contains(key.key) }
        guard !matching.isEmpty else {
            return out + "Matches **no adapted module** (of \(resolution.modules.count)): PEFT ignores it silently, and nothing gets \(kind.valueName)=\(value) from it.\n"
        }
        let decided = matching.filter { winner($0, kind) == key.key }
        let taken = matching.filter { winner($0, kind) != key.key }
        out += "Matches \(count(matching.count, "adapted module")); decides \(decided.count == matching.count ? "all of them" : "\(decided.count)") (the first matching key wins).\n\n"
        if !decided.isEmpty { out += "Decides:\n" + list(decided.map(\.name)) }
        if !taken.isEmpty {
            var byKey: [String: [String]] = [:]
            var order: [String] = []
            for module in taken {
                let earlier = winner(module, kind) ?? "?"
                if byKey[earlier] == nil { order.append(earlier) }
                byKey[earlier, default: []].append(module.name)
            }
            out += "\nTaken by an earlier key:\n"
            for earlier in order { out += "- `\(earlier)`: \(count(byKey[earlier]!.count, "module")) (\(byKey[earlier]!.prefix(3).map { "`\($0)`" }.joined(separator: ", "))\(byKey[earlier]!.count > 3 ? ", …" : ""))\n" }
        }
        let afterReload = matching.filter { (kind == .rank ? $0.sortedRankKey : $0.sortedAlphaKey) == key.key }.count
        if afterReload != decided.count {
            out += "\nAfter `save_pretrained` (keys saved sorted) and reloading, it decides \(afterReload).\n"
        }
        return out
    }

    static func defaultValue(_ kind: PatternKind, _ field: SettingField, _ analysis: Linter.Analysis, note: String?) -> String {
        let value = kind == .rank ? LoraSettings.format(Double(analysis.lora.spec.r)) : LoraSettings.format(analysis.lora.spec.loraAlpha)
        var out = "**\(field.key)** = \(value) (the default \(kind.valueName))\n\n"
        guard let resolution = analysis.resolution else { return out + unresolved(note) }
        let atDefault = resolution.modules.filter { winner($0, kind) == nil }
        let total = resolution.modules.count
        out += "\(atDefault.count == total ? "All \(count(total, "adapted module"))" : "\(atDefault.count) of \(count(total, "adapted module"))") train at \(kind.valueName)=\(value)"
        out += atDefault.count == total ? ".\n" : "; \(total - atDefault.count) take a value from `\(kind.field)`.\n"
        if !atDefault.isEmpty, atDefault.count < total { out += "\nAt the default:\n" + list(atDefault.map(\.name)) }
        return out
    }

    static func targetModules(_ field: SettingField, _ analysis: Linter.Analysis, note: String?) -> String {
        var out = "**\(field.key)**\n\n"
        guard let resolution = analysis.resolution else { return out + unresolved(note) }
        let targets = resolution.effectiveTargets
        out += "\(count(resolution.modules.count, "module")) adapted"
        switch targets.source {
        case .allLinear: out += " (`all-linear`, expanded as PEFT does)"
        case .modelTypeDefault: out += " (PEFT's defaults for this model type)"
        case .none: out += " (no targets: PEFT raises before adapting anything)"
        case .config: break
        }
        if let regex = targets.regex { out += "; one regex, matched against the whole name: `\(regex)`" }
        if let condensed = targets.condensed { out += "; PEFT condenses the list to \(condensed.map { "`\($0)`" }.joined(separator: ", "))" }
        out += ".\n\n"
        if !resolution.modules.isEmpty { out += list(resolution.modules.map(\.name)) }
        var reasons: [String: Int] = [:]
        for skipped in resolution.skipped {
            switch skipped.reason {
            case .excludedModule: reasons["excluded by exclude_modules", default: 0] += 1
            case .modulesToSave: reasons["in modules_to_save", default: 0] += 1
            case .layerNotSelected: reasons["in a layer not in layers_to_transform", default: 0] += 1
            case .notTargeted: continue
            }
        }
        for (reason, number) in reasons.sorted(by: { $0.key < $1.key }) { out += "\nNot adapted: \(count(number, "module")) \(reason).\n" }
        for problem in resolution.problems { out += "\nNote: \(problem)\n" }
        return out
    }

    private static func winner(_ module: ModuleResolution, _ kind: PatternKind) -> String? {
        kind == .rank ? module.rankKey : module.alphaKey
    }

    private static func unresolved(_ note: String?) -> String {
        "No module inventory\(note.map { " (\($0))" } ?? ""): which modules train needs the base model's module names. Set `model:` in `\(Settings.fileName)` (`architecture` with `num-layers`, `modules-file` or `dir`), or name a base model the catalog knows.\n"
    }

    private static func list(_ names: [String]) -> String {
        var out = names.prefix(listed).map { "- `\($0)`\n" }.joined()
        if names.count > listed { out += "- … and \(names.count - listed) more\n" }
        return out
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
