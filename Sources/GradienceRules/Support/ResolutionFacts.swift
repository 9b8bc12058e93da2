import GradienceSyntax
import GradienceTransformer
import GradienceInventory
import GradiencePEFT
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
            .map { Self.plain($0)[...] })
        let meantByMisread = includingMisread ? [] : modulesMeantByMisreadKeys(kind)
        return resolution.modules.filter { module in
            (kind == .rank ? module.rankKey : module.alphaKey) == nil && !meantByMisread.contains(module.name)
                && !ModuleSuffixIndex.name(module.name, hasDottedSuffixIn: strippedKeys)
        }
    }

    /// Whether a GL001 key PEFT would read has no safe rename: the modules it meant stay
    /// on the default until a person (or an unsafe fix) decides, so a safe fix that counts
    /// on GL001's rename must wait (GL002, GL003).
    func waitsOnUnsafeGL001Rename(_ kind: PatternKind) -> Bool {
        guard let resolution else { return false }
        let renamed = PrefixedPatternKey.safelyRenamedKeys(self, kind)
        let undecided = Set(prefixedKeys(kind).filter { patternValue(kind, $0) != nil && !renamed.contains($0) }
            .compactMap { PrefixedPatternKey.stripped($0)?.key }.map { Self.plain($0)[...] })
        guard !undecided.isEmpty else { return false }
        return resolution.modules.contains { module in
            (kind == .rank ? module.rankKey : module.alphaKey) == nil && ModuleSuffixIndex.name(module.name, hasDottedSuffixIn: undecided)
        }
    }

    /// Entries of `kind`'s pattern that pin `modules` at `value`, as few as say it exactly: a target's
    /// last name (`v_proj`) when every adapted module ending in it is among them and no
    /// key matches any of those (so the new key overlaps none), full names otherwise.
    func pinEntries(_ modules: [ModuleResolution], at value: Double, in kind: PatternKind = .rank) -> [(key: String, value: EditValue)] {
        guard let resolution else { return [] }
        let pinned = Set(modules.map(\.name))
        func lastName(_ name: String) -> String { name.split(separator: ".").last.map(String.init) ?? name }
        var free: [String: Bool] = [:]
        for module in resolution.modules {
            let ok = pinned.contains(module.name) && module.rankKeysMatching.isEmpty && module.alphaKeysMatching.isEmpty
            free[lastName(module.name)] = (free[lastName(module.name)] ?? true) && ok
        }
        let existing = Set(lora.patternKeys(kind).map(\.key))
        var entries: [(key: String, value: EditValue)] = []
        var added: Set<String> = []
        for module in modules {
            let short = lastName(module.name)
            let key = free[short] == true && !existing.contains(short) ? short : module.name
            if added.insert(key).inserted { entries.append((key: key, value: Self.editNumber(value))) }
        }
        return entries
    }

    /// A safe fix that keeps every resolution, but display-only beside trained weights
    /// (`adapter_model.safetensors`) when it edits a pattern: the config there describes
    /// weights already trained, and the training config is the one to change.
    func keepingFix(_ description: String, _ edits: [SemanticEdit], editsPattern: Bool) -> Fix {
        let besideWeights = adapterWeights != nil && editsPattern
        return Fix(applicability: besideWeights ? .displayOnly : .safe,
                   description: description + (besideWeights ? " (not applied beside trained weights: change the training config)" : ""),
                   edits: edits)
    }

    /// Whether a key without regex syntax (dots aside) names `module` or a dotted suffix of it.
    static func literalKey(_ key: String, matches module: String) -> Bool {
        ModuleSuffixIndex.name(module, isOrEndsWithDotted: plain(key))
    }

    /// The key with `\.` read as a dot (Foundation only when there is a backslash: this
    /// runs per key and per module).
    static func plain(_ key: String) -> String { ModuleSuffixIndex.plain(key) }

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
