import GradienceSyntax
import GradiencePEFT
/// One key of a pattern map, with where it sits.
public struct PatternKey {
    public let kind: PatternKind
    public let field: SettingField
    public let entry: MappingEntry
    public let key: String
    /// Built when asked (for a finding), not for each of thousands of keys.
    public var pointer: String { JSONPointer.appending(field.pointer, key) }

    public var value: ScalarValue? { entry.value.resolved.scalar?.value }
}

extension LoraSettings {
    /// The keys in Python dict order (what PEFT iterates), one per distinct key.
    public func patternKeys(_ kind: PatternKind) -> [PatternKey] {
        if let known = memo.patternKeys[kind] { return known }
        guard let field = field(kind.field), field.value.entries != nil else { return [] }
        let keys: [PatternKey] = field.value.effectiveEntries.compactMap { entry in
            guard let key = entry.keyText else { return nil }
            return PatternKey(kind: kind, field: field, entry: entry, key: key)
        }
        memo.patternKeys[kind] = keys
        return keys
    }

    /// The spec's value for a pattern key (a hash lookup the spec keeps).
    package func patternValue(_ kind: PatternKind, _ key: String) -> Double? {
        (kind == .rank ? spec.rankValues : spec.alphaValues)[key]
    }

    public var allPatternKeys: [PatternKey] { PatternKind.allCases.flatMap(patternKeys) }

    /// The default a module falls back to, for messages: "r=16".
    public func defaultDescription(_ kind: PatternKind) -> String {
        kind == .rank ? "r=\(spec.r)" : "lora_alpha=\(Self.format(spec.loraAlpha))"
    }

    package static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// Where a finding about "the default" should point: the `r` entry, or the section.
    public func defaultAnchor(_ kind: PatternKind) -> (range: SourceRange, pointer: String) {
        if let field = field(kind.defaultField) { return (field.entry.key.range, field.pointer) }
        return (section.range, sectionPointer)
    }
}
