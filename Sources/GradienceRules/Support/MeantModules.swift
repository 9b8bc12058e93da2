import GradienceInventory
import GradiencePEFT
import GradienceConfig
/// What the modules a key was meant for train at now. Rules whose key PEFT does not apply
/// as written (GL001, GL008) say so, and the number they state comes from the resolution,
/// never from the default alone: another key may decide those modules.
extension RuleContext {
    /// "the module it meant silently trains at r=8 through 'q_proj'", "the 32 modules it
    /// meant silently train at the default r=16", or one part per deciding key for a mix. `meant`: the key as it was evidently meant (GL001's stripped key). Without an
    /// inventory, reads the module the key names (a literal full or dotted-suffix name) as
    /// PEFT's `get_pattern_key` would: the first key of the pattern whose regex matches it.
    func howMeantModulesTrain(_ kind: PatternKind, meant: String) -> String {
        describe(kind, decidingNow: howMeantModulesAreDecided(kind, meant: meant))
    }

    /// For each module `meant` would match, the key that decides it now (nil: the default)
    /// and its value. Empty when that cannot be told (no inventory and a regex key).
    func howMeantModulesAreDecided(_ kind: PatternKind, meant: String) -> [(key: String?, value: Double)] {
        let pattern = kind == .rank ? lora.spec.rankPattern : lora.spec.alphaPattern
        var deciding: [(key: String?, value: Double)] = []
        if let resolution {
            for module in meantModules(meant, in: resolution) {
                deciding.append(kind == .rank ? (module.rankKey, module.r) : (module.alphaKey, module.alpha))
            }
        } else if !Self.isRegexKey(meant) {
            let name = Self.plain(meant)
            let matcher = PatternResolver(keys: pattern.map(\.key), style: PatternKeyStyle(version: options.peftVersion),
                                          names: [name], budget: regexBudget)
            if let index = matcher.firstMatch(name), let value = patternValue(kind, pattern[index].key) {
                deciding.append((pattern[index].key, value))
            } else {
                deciding.append((nil, kind == .rank ? Double(lora.spec.r) : lora.spec.loraAlpha))
            }
        }
        return deciding
    }

    /// How `modules` train now, from the resolution: "the 3 modules it misses train at the
    /// default r=16", "the module it meant silently trains at r=8 through 'q_proj'".
    func howModulesTrain(_ kind: PatternKind, _ modules: [ModuleResolution], subject: String, adverb: String = "") -> String {
        describe(kind, decidingNow: modules.map { kind == .rank ? ($0.rankKey, $0.r) : ($0.alphaKey, $0.alpha) },
                 subject: subject, adverb: adverb)
    }

    /// The adapted modules `key` matches as PEFT would: a plain key by one lookup (this
    /// runs per GL001 key, and a pattern copied from `named_modules()` has hundreds).
    private func meantModules(_ key: String, in resolution: Resolution) -> [ModuleResolution] {
        if !Self.isRegexKey(key) {
            let index = patternMemo.adaptedModulesBySuffix ?? ModuleSuffixIndex.positionsBySuffix(resolution.modules.map(\.name))
            patternMemo.adaptedModulesBySuffix = index
            return (index[Self.plain(key)[...]] ?? []).map { resolution.modules[$0] }
        }
        let matcher = PatternResolver(keys: [key], style: PatternKeyStyle(version: options.peftVersion),
                                      names: resolution.modules.map(\.name), budget: regexBudget)
        return resolution.modules.filter { matcher.firstMatch($0.name) != nil }
    }

    private func describe(_ kind: PatternKind, decidingNow deciding: [(key: String?, value: Double)],
                          subject: String = "it meant", adverb: String = "silently ") -> String {
        guard !deciding.isEmpty else {
            // With an inventory: no adapted module matches even the meant key. Without one,
            // a regex key's modules cannot be told, nor whether another key decides them.
            return resolution != nil ? "even as meant it matches no adapted module"
                : "the modules \(subject) \(adverb)train at the default \(lora.defaultDescription(kind)) unless another key matches them"
        }
        // One clause per deciding key, in the order first met.
        var order: [String?] = []
        var counts: [String?: (count: Int, value: Double)] = [:]
        for (key, value) in deciding {
            if counts[key] == nil { order.append(key) }
            counts[key, default: (0, value)].count += 1
        }
        let clauses = order.map { key -> String in
            let (count, value) = counts[key]!
            let how = key.map { "\(kind.valueName)=\(LoraSettings.format(value)) through '\($0)'" } ?? "the default \(lora.defaultDescription(kind))"
            return order.count == 1 ? how : "\(how) (\(count))"
        }
        let joined = clauses.count <= 2 ? clauses.joined(separator: " and ") : clauses.dropLast().joined(separator: ", ") + " and " + clauses.last!
        return deciding.count == 1 ? "the module \(subject) \(adverb)trains at " + joined
            : "the \(deciding.count) modules \(subject) \(adverb)train at " + joined
    }
}
