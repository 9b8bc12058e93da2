import Testing
@testable import GradienceLint

/// Parses `text`, builds semantic edits against its first document, applies them, and
/// returns the new text; records an issue (and returns nil) when anything fails.
func transformed(_ text: String, json: Bool = false, sourceLocation: SourceLocation = #_sourceLocation,
                 _ makeEdits: (Node) throws -> [SemanticEdit]) throws -> String {
    let output = try transformOutput(Array(text.utf8), json: json, sourceLocation: sourceLocation, makeEdits)
    return String(decoding: output.bytes, as: UTF8.self)
}

func transformOutput(_ bytes: [UInt8], json: Bool = false, allowDeferred: Bool = false, sourceLocation: SourceLocation = #_sourceLocation,
                     _ makeEdits: (Node) throws -> [SemanticEdit]) throws -> Transformer.Output {
    let file = Parser.parse(SourceText(path: json ? "config.json" : "config.yaml", bytes: bytes))
    #expect(file.problem == nil, "input does not parse", sourceLocation: sourceLocation)
    let root = try #require(file.documents.first, sourceLocation: sourceLocation)
    let edits = try makeEdits(root)
    switch Transformer.apply(edits, to: file) {
    case .success(let output):
        #expect(allowDeferred || output.deferred.isEmpty, "unexpected deferred edits", sourceLocation: sourceLocation)
        return output
    case .failure(let failure):
        Issue.record("transform failed: \(failure)", sourceLocation: sourceLocation)
        throw failure
    }
}

/// The root of a parse of `text`, for checking values after an edit.
func parsedRoot(_ text: String, json: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) throws -> Node {
    let file = Parser.parse(SourceText(path: json ? "config.json" : "config.yaml", bytes: Array(text.utf8)))
    #expect(file.problem == nil, "output does not parse: \(String(describing: file.problem))", sourceLocation: sourceLocation)
    return try #require(file.documents.first, sourceLocation: sourceLocation)
}

/// A plain picture of a node's value (what Python would load), to compare documents
/// across JSON, YAML block and YAML flow.
indirect enum LoadedValue: Equatable, CustomStringConvertible {
    case scalar(ScalarValue)
    case list([LoadedValue])
    case dict([(String, LoadedValue)])

    init(_ node: Node) {
        let node = node.resolved
        if node.entries != nil {
            self = .dict(node.effectiveEntries.map { ($0.keyText ?? "?", LoadedValue($0.value)) })
        } else if let items = node.items {
            self = .list(items.map(LoadedValue.init))
        } else {
            self = .scalar(node.scalar?.value ?? .null)
        }
    }

    static func == (lhs: LoadedValue, rhs: LoadedValue) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let a), .scalar(let b)): return a == b
        case (.list(let a), .list(let b)): return a == b
        case (.dict(let a), .dict(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    var description: String {
        switch self {
        case .scalar(let value): return value.pythonRepr
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .dict(let entries): return "{" + entries.map { "'\($0.0)': \($0.1)" }.joined(separator: ", ") + "}"
        }
    }
}

extension Node {
    func requireEntry(_ key: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> MappingEntry {
        try #require(entries?.last { $0.keyText == key }, "no key \(key)", sourceLocation: sourceLocation)
    }

    func requireValue(_ key: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Node {
        try requireEntry(key, sourceLocation: sourceLocation).value
    }
}
