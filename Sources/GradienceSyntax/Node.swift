/// One node of a parsed YAML/JSON document, tied to the exact bytes it came from.
///
/// The tree is never re-serialized: the Transformer edits the original bytes using
/// these ranges, so every node keeps its span, style and tag as libyaml reported them.
public final class Node {
    public enum Kind {
        case scalar(Scalar)
        case sequence([Node])
        /// Entries in document order, duplicates included: Python keeps the last one,
        /// and the duplicate-key rule needs to see both.
        case mapping([MappingEntry])
        /// An alias is kept as a reference, never expanded, so alias bombs cost nothing.
        case alias(anchor: String, target: Node?)
    }

    public let kind: Kind
    public let range: SourceRange
    public let tag: String?
    public let anchor: String?
    /// Block or flow; meaningful for collections only.
    public let collectionStyle: CollectionStyle

    init(kind: Kind, range: SourceRange, tag: String?, anchor: String?, collectionStyle: CollectionStyle = .block) {
        self.kind = kind
        self.range = range
        self.tag = tag
        self.anchor = anchor
        self.collectionStyle = collectionStyle
    }

    public var scalar: Scalar? {
        if case .scalar(let scalar) = resolved.kind { return scalar }
        return nil
    }

    public var entries: [MappingEntry]? {
        if case .mapping(let entries) = resolved.kind { return entries }
        return nil
    }

    public var items: [Node]? {
        if case .sequence(let items) = resolved.kind { return items }
        return nil
    }

    /// The node an alias stands for (one hop: anchors always precede their aliases,
    /// and an anchor cannot refer to itself, so a hop never loops).
    public var resolved: Node {
        if case .alias(_, let target?) = kind { return target }
        return self
    }

    public var isAlias: Bool {
        if case .alias = kind { return true }
        return false
    }

    /// The mapping's entries as Python would load them. Modelled on PyYAML's
    /// `SafeConstructor.flatten_mapping`: the entries of `<<` merge sources come first
    /// (later sources first, so earlier sources override them), then the explicit
    /// entries; building the dict, a repeated key keeps its first position and takes
    /// the last value. Dict order matters: PEFT's pattern lookup is first-match.
    public var effectiveEntries: [MappingEntry] {
        // Cached: merge sources are shared through aliases, and recomputing them on
        // every use would make a "billion laughs" of merge keys exponential.
        if isAlias { return resolved.effectiveEntries }
        if let cachedEffectiveEntries { return cachedEffectiveEntries }
        let result = computeEffectiveEntries()
        cachedEffectiveEntries = result
        return result
    }

    private var cachedEffectiveEntries: [MappingEntry]?

    private func computeEffectiveEntries() -> [MappingEntry] {
        guard let entries else { return [] }
        var merged: [MappingEntry] = []
        var explicit: [MappingEntry] = []
        for entry in entries {
            if entry.key.scalar?.isMergeKey == true {
                let sources = entry.value.items ?? [entry.value]
                for source in sources.reversed() { merged.append(contentsOf: source.resolved.effectiveEntries) }
            } else {
                explicit.append(entry)
            }
        }
        if merged.isEmpty && !hasDuplicateKeys(explicit) { return explicit }
        var result: [MappingEntry] = []
        var positions: [String: Int] = [:]
        for entry in merged + explicit {
            let key = entry.key.scalar?.text ?? ""
            if let index = positions[key] { result[index] = entry } else {
                positions[key] = result.count
                result.append(entry)
            }
        }
        return result
    }

    private func hasDuplicateKeys(_ entries: [MappingEntry]) -> Bool {
        var seen = Set<String>()
        for entry in entries where !seen.insert(entry.key.scalar?.text ?? "").inserted { return true }
        return false
    }

    /// The value Python would see for `key` (last duplicate wins, merges honoured).
    public func value(forKey key: String) -> Node? {
        entry(forKey: key)?.value
    }

    public func entry(forKey key: String) -> MappingEntry? {
        if isAlias { return resolved.entry(forKey: key) }
        let entries = effectiveEntries
        // Small mappings are scanned; larger ones get an index on first use (the config
        // layer asks a section for every field a format knows, and patterns are large).
        guard entries.count > 8 else { return entries.first { $0.key.scalar?.text == key } }
        if cachedKeyIndex == nil {
            var index: [String: Int] = [:]
            index.reserveCapacity(entries.count)
            for (position, entry) in entries.enumerated() {
                if let text = entry.key.scalar?.text, index[text] == nil { index[text] = position }
            }
            cachedKeyIndex = index
        }
        return cachedKeyIndex![key].map { entries[$0] }
    }

    /// First position of each scalar key in `effectiveEntries`.
    private var cachedKeyIndex: [String: Int]?
}

public struct MappingEntry {
    public let key: Node
    public let value: Node

    /// The key's text when it is a scalar (what Python would use as the dict key).
    public var keyText: String? { key.scalar?.text }

    /// From the start of the key to the end of the value.
    public var range: SourceRange { SourceRange(start: key.range.start, end: value.range.end) }
}

public enum CollectionStyle: String, Sendable {
    case block, flow
}

public enum ScalarStyle: String, Sendable {
    case plain, singleQuoted = "single-quoted", doubleQuoted = "double-quoted", literal, folded

    public var isQuoted: Bool { self == .singleQuoted || self == .doubleQuoted }
}

public struct Scalar {
    /// The decoded text (escapes processed, quotes removed).
    public let text: String
    public let style: ScalarStyle
    /// What Python sees after PyYAML's SafeLoader or `json.load` resolves the scalar.
    public let value: ScalarValue

    public var isMergeKey: Bool { style == .plain && text == "<<" }
}
