/// Facts several rules share about a config and its resolution, computed one way.
extension RuleContext {
    /// Keys GL001 reports: PEFT never matches them, so other rules leave them to GL001
    /// (root causes, not cascades).
    public func prefixedKeys(_ kind: PatternKind) -> Set<String> {
        patternMemo.value(\.prefixedKeys, kind) {
            Set(lora.patternKeys(kind).map(\.key).filter { PrefixedPatternKey.stripped($0) != nil })
        }
    }

    /// The spec's value for a pattern key (in Python dict order, last duplicate wins).
    public func patternValue(_ kind: PatternKind, _ key: String) -> Double? {
        // A hash lookup: rules ask this once per key, and a file may hold 100,000 keys.
        (kind == .rank ? lora.spec.rankValues : lora.spec.alphaValues)[key]
    }

    /// Adapted modules that no rank key covers, leaving out those a GL001 key was meant for
    /// (GL001's fix covers them) and, unless `includingMisread`, those a GL008 key was meant
    /// for (GL008's business, but it has no fix: a fix that moves the default must pin them).
    public func modulesOnDefaultRank(includingMisread: Bool = false) -> [ModuleResolution] {
        modulesOnDefault(.rank, includingMisread: includingMisread)
    }

    /// The same for either pattern.
    public func modulesOnDefault(_ kind: PatternKind, includingMisread: Bool = false) -> [ModuleResolution] {
        guard let resolution else { return [] }
        // Only keys PEFT will read (a usable value): GL001's rename makes those apply.
        let strippedKeys = Set(lora.patternKeys(kind).filter { patternValue(kind, $0.key) != nil }
            .compactMap { PrefixedPatternKey.stripped($0.key)?.key }
            .map { $0.replacingOccurrences(of: "\\.", with: ".")[...] })
        let meantByMisread = includingMisread ? [] : modulesMeantByMisreadKeys(kind)
        return resolution.modules.filter { module in
            (kind == .rank ? module.rankKey : module.alphaKey) == nil && !meantByMisread.contains(module.name)
                && !ModuleSuffixIndex.name(module.name, hasDottedSuffixIn: strippedKeys)
        }
    }

    /// Whether a key without regex syntax (dots aside) names `module` or a dotted suffix of it.
    static func literalKey(_ key: String, matches module: String) -> Bool {
        ModuleSuffixIndex.name(module, isOrEndsWithDotted: plain(key))
    }

    /// The key with `\.` read as a dot (Foundation only when there is a backslash: this
    /// runs per key and per module).
    static func plain(_ key: String) -> String {
        key.utf8.contains(UInt8(ascii: "\\")) ? key.replacingOccurrences(of: "\\.", with: ".") : key
    }

    private static let regexBytes = Set("*+?()[]{}|^$\\".utf8)

    /// Whether a key has regex syntax beyond dots.
    static func isRegexKey(_ key: String) -> Bool {
        // Most keys hold none of these characters at all: say so from the bytes.
        guard key.utf8.contains(where: { Self.regexBytes.contains($0) }) else { return false }
        return plain(key).contains { "*+?()[]{}|^$\\".contains($0) }
    }

    /// A number for an edit: ints stay ints.
    static func editNumber(_ value: Double) -> EditValue {
        value == value.rounded() && abs(value) < 1e15 ? .int(Int(value)) : .float(value)
    }

    /// "q_proj, k_proj, v_proj and 25 more".
    static func sample(_ names: [String], limit: Int = 3) -> String {
        let shown = names.prefix(limit).joined(separator: ", ")
        return names.count > limit ? "\(shown) and \(names.count - limit) more" : shown
    }

    /// "'lm_head'" for one module, "28 modules (a, b, c and 25 more)" for several.
    static func moduleList(_ names: [String]) -> String {
        names.count == 1 ? "'\(names[0])'" : "\(names.count) modules (\(sample(names)))"
    }

    /// Semantic edits that add `entries` to a pattern, creating the mapping if needed.
    func addToPattern(_ kind: PatternKind, _ entries: [(key: String, value: EditValue)]) -> [SemanticEdit] {
        if let field = lora.field(kind.field) {
            let node = field.value
            if let existing = node.entries {
                // A key already there (with a value PEFT cannot use, say) is not added twice:
                // Python would keep only the last one. The fix then simply leaves that module.
                let present = Set(existing.compactMap(\.keyText))
                let new = entries.filter { !present.contains($0.key) }
                return new.isEmpty ? [] : [.appendEntries(mapping: node, entries: new)]
            }
            return [.setValue(node: node, to: .mapping(entries))]
        }
        guard let key = lora.fileKey(for: kind.field) else { return [] }
        return [.createMapping(parent: lora.section, key: key, entries: entries)]
    }

    /// The edit that sets the default r (or lora_alpha), adding the key when absent.
    func setDefault(_ kind: PatternKind, to value: EditValue) -> SemanticEdit? {
        if let field = lora.field(kind.defaultField) { return .setValue(node: field.value, to: value) }
        guard let key = lora.fileKey(for: kind.defaultField) else { return nil }
        return .appendEntries(mapping: lora.section, entries: [(key: key, value: value)])
    }

    /// Where a finding about a whole pattern should point.
    func patternAnchor(_ kind: PatternKind) -> (range: SourceRange, pointer: String) {
        if let field = lora.field(kind.field) { return (field.entry.key.range, field.pointer) }
        return lora.defaultAnchor(kind)
    }
}
