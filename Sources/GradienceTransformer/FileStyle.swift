import GradienceSyntax
/// The habits of one file that new text has to copy: line breaks, indentation, how
/// lists sit under their key, which quotes it prefers, whether its JSON keys are sorted.
struct FileStyle {
    let isJSON: Bool
    /// `\n`, `\r\n` or `\r`: whatever the first line break is.
    let lineBreak: String
    /// One indentation step: spaces in YAML; spaces or a tab in JSON.
    let indentUnit: String
    /// How far a block list's `- ` sits right of its key: `key:\n  - item` or `key:\n- item`.
    let sequenceIndent: String
    /// The quote YAML strings get when they need one (the file's majority; PyYAML's `'`).
    let preferredQuote: ScalarStyle
    /// A JSON file whose top-level keys are sorted (`json.dumps(sort_keys=True)`, as PEFT saves).
    let sortsJSONKeys: Bool

    init(file: ParsedFile, index: NodeIndex, geometry: LineGeometry) {
        let bytes = file.source.bytes
        isJSON = file.source.isJSON
        lineBreak = Self.firstLineBreak(bytes) ?? "\n"
        // The most common step wins (a stray 3-space block must not set the style).
        var steps: [Int: Int] = [:]
        var sequenceSteps: [Int: Int] = [:]
        var singles = 0, doubles = 0
        for node in index.allNodes {
            if case .scalar(let scalar) = node.kind {
                if scalar.style == .singleQuoted { singles += 1 }
                if scalar.style == .doubleQuoted { doubles += 1 }
            }
            guard node.collectionStyle == .block, let entries = node.entries else { continue }
            for entry in entries {
                let keyColumn = geometry.column(of: entry.key.range.start.offset)
                let value = entry.value
                guard value.collectionStyle == .block, !geometry.sameLine(entry.key.range.start.offset, value.range.start.offset) else { continue }
                let step = geometry.column(of: value.range.start.offset) - keyColumn
                if value.items != nil, step >= 0 { sequenceSteps[step, default: 0] += 1 }
                if step > 0 { steps[step, default: 0] += 1 }
            }
        }
        let unitWidth = Self.mostCommon(steps) ?? 2
        indentUnit = isJSON ? Self.jsonIndentUnit(file: file, geometry: geometry) ?? "  " : String(repeating: " ", count: unitWidth)
        sequenceIndent = String(repeating: " ", count: Self.mostCommon(sequenceSteps) ?? unitWidth)
        preferredQuote = doubles > singles ? .doubleQuoted : .singleQuoted
        if isJSON, let root = file.documents.first, let entries = root.entries, entries.count >= 2 {
            sortsJSONKeys = Self.isSorted(entries.map { $0.keyText ?? "" })
        } else {
            sortsJSONKeys = false
        }
    }

    /// The most frequent key; the smaller one on a tie.
    private static func mostCommon(_ counts: [Int: Int]) -> Int? {
        counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }

    private static func firstLineBreak(_ bytes: [UInt8]) -> String? {
        guard let index = bytes.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { return nil }
        if bytes[index] == 0x0A { return "\n" }
        return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? "\r\n" : "\r"
    }

    /// The indentation of the first top-level entry that starts its own line.
    private static func jsonIndentUnit(file: ParsedFile, geometry: LineGeometry) -> String? {
        guard let root = file.documents.first else { return nil }
        let children = root.entries?.map(\.key) ?? root.items ?? []
        for child in children where !geometry.sameLine(root.range.start.offset, child.range.start.offset) {
            let prefix = geometry.indentation(ofLineAt: child.range.start.offset)
            let rootPrefix = geometry.indentation(ofLineAt: root.range.start.offset)
            guard prefix.count > rootPrefix.count else { return nil }
            return String(decoding: prefix[rootPrefix.count...], as: UTF8.self)
        }
        return nil
    }

    /// Python's `sorted()` order on `str`: by code point.
    static func isSorted(_ keys: [String]) -> Bool {
        zip(keys, keys.dropFirst()).allSatisfy { precedes($0, $1) || $0 == $1 }
    }

    static func precedes(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.map(\.value).lexicographicallyPrecedes(b.unicodeScalars.map(\.value))
    }
}
