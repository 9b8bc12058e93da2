import Testing
@testable import GradienceLint
@testable import GradienceTransformer

/// Random valid configs in all three styles (JSON, YAML block with comments, YAML flow),
/// random semantic edits on random entries: the output parses, reads back as a model of
/// the same edits predicts, and every entry no edit touches keeps its bytes exactly.
/// Seeded, so a failure names the seed that reproduces it.
@Suite struct RandomConfigPropertyTests {
    typealias Generator = TransformerPropertyTests.Generator
    enum Style: CaseIterable { case json, yamlBlock, yamlFlow }

    /// A config value: leaves are what the Transformer can write; mappings nest.
    indirect enum Value {
        case leaf(EditValue)
        case map([(key: String, value: Value)])
    }

    /// One edit, by key path in the model (re-found in each parse it is applied to).
    enum Operation {
        case set([String], EditValue)
        case rename([String], to: String)
        case remove([String])
        case append(mapping: [String], key: String, value: EditValue)
        case removeItem([String], index: Int)

        /// The path whose bytes change (with all its ancestors).
        var target: [String] {
            switch self {
            case .set(let path, _), .rename(let path, _), .remove(let path), .removeItem(let path, _): return path
            case .append(let mapping, _, _): return mapping
            }
        }

        /// Entries under the target keep their bytes only when the edit adds beside them.
        var keepsDescendants: Bool {
            if case .append = self { return true }
            return false
        }
    }

    static let keys = ["q_proj", #".*\.q_proj"#, "model.layers.0.self_attn.v_proj", "lora_alpha", "a b", "it's", "x: y", "#k",
                       "é_proj", "yes", "1e3", "0755", "~", "null", "[x]", "a,b", "target_modules", "r"]
    static let strings = ["q_proj", "v_proj", "yes", "on", "null", "1_000", " pad", "a: b", "#x", "é", "it's", "", "-", "0x1F", "[]"]
    static let floats = [0.25, 0.05, 2.5, 128.0, -0.5]

    static func leaf(_ generator: inout Generator) -> EditValue {
        switch generator.next() % 8 {
        case 0: return .int(Int(generator.next() % 200) - 20)
        case 1: return .float(generator.pick(floats))
        case 2: return .bool(generator.next() % 2 == 0)
        case 3: return .null
        case 4, 5: return .string(generator.pick(strings))
        case 6: return .strings((0..<Int(generator.next() % 4)).map { _ in generator.pick(strings) })
        default: return .mapping((0..<Int(generator.next() % 3)).map { index in ("k\(index)", .int(index)) })
        }
    }

    static func value(_ generator: inout Generator, depth: Int) -> Value {
        guard depth < 2, generator.next() % 4 == 0 else { return .leaf(leaf(&generator)) }
        return .map(entries(&generator, depth: depth + 1))
    }

    static func entries(_ generator: inout Generator, depth: Int) -> [(key: String, value: Value)] {
        var result: [(key: String, value: Value)] = []
        for _ in 0..<Int(1 + generator.next() % (depth == 0 ? 7 : 4)) {
            let key = generator.pick(keys)
            if !result.contains(where: { $0.key == key }) { result.append((key, value(&generator, depth: depth))) }
        }
        return result
    }

    // MARK: - Rendering

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Plain when YAML 1.1 reads it back as the same string, else double-quoted.
    static func yamlString(_ text: String, generator: inout Generator) -> String {
        let plainSafe = text.range(of: "^[A-Za-z_][A-Za-z0-9_.]*$", options: .regularExpression) != nil
            && !["y", "n", "yes", "no", "on", "off", "true", "false", "null"].contains(text.lowercased())
        return plainSafe && generator.next() % 3 != 0 ? text : jsonString(text)
    }

    static func scalar(_ value: EditValue, style: Style, generator: inout Generator) -> String {
        switch value {
        case .int(let number): return "\(number)"
        case .float(let number): return PythonFloatFormat.repr(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .string(let text): return style == .json ? jsonString(text) : yamlString(text, generator: &generator)
        case .strings(let items):
            return "[" + items.map { style == .json ? jsonString($0) : yamlString($0, generator: &generator) }.joined(separator: ", ") + "]"
        case .mapping(let entries):
            return "{" + entries.map { key($0.key, style: style, generator: &generator) + ": " + scalar($0.value, style: style, generator: &generator) }
                .joined(separator: ", ") + "}"
        }
    }

    static func key(_ text: String, style: Style, generator: inout Generator) -> String {
        style == .json ? jsonString(text) : yamlString(text, generator: &generator)
    }

    static func render(_ entries: [(key: String, value: Value)], style: Style, indent: Int, generator: inout Generator) -> String {
        let pad = String(repeating: " ", count: indent)
        switch style {
        case .json:
            guard !entries.isEmpty else { return "{}" }
            let inner = entries.map { entry -> String in
                let value: String
                switch entry.value {
                case .leaf(let leaf): value = scalar(leaf, style: .json, generator: &generator)
                case .map(let nested): value = render(nested, style: .json, indent: indent + 2, generator: &generator)
                }
                return pad + "  " + jsonString(entry.key) + ": " + value
            }
            return "{\n" + inner.joined(separator: ",\n") + "\n" + pad + "}"
        case .yamlFlow:
            return "{" + entries.map { entry -> String in
                let value: String
                switch entry.value {
                case .leaf(let leaf): value = scalar(leaf, style: .yamlFlow, generator: &generator)
                case .map(let nested): value = render(nested, style: .yamlFlow, indent: 0, generator: &generator)
                }
                return key(entry.key, style: .yamlFlow, generator: &generator) + ": " + value
            }.joined(separator: ", ") + "}"
        case .yamlBlock:
            var out = ""
            for entry in entries {
                if generator.next() % 4 == 0 { out += pad + "# about \(entry.key.filter(\.isLetter))\n" }
                out += pad + key(entry.key, style: .yamlBlock, generator: &generator) + ":"
                switch entry.value {
                case .map(let nested) where !nested.isEmpty:
                    out += "\n" + render(nested, style: .yamlBlock, indent: indent + 2, generator: &generator)
                case .map:
                    out += " {}\n"
                case .leaf(.strings(let items)) where !items.isEmpty && generator.next() % 2 == 0:
                    out += "\n" + items.map { pad + "  - " + yamlString($0, generator: &generator) + "\n" }.joined()
                case .leaf(let leaf):
                    out += " " + scalar(leaf, style: .yamlBlock, generator: &generator)
                    out += generator.next() % 5 == 0 ? "  # trailing\n" : "\n"
                }
            }
            return out
        }
    }

    static func document(_ entries: [(key: String, value: Value)], style: Style, generator: inout Generator) -> String {
        switch style {
        case .json, .yamlFlow: return render(entries, style: style, indent: 0, generator: &generator) + "\n"
        case .yamlBlock: return "# random config\n" + render(entries, style: .yamlBlock, indent: 0, generator: &generator) + "# end\n"
        }
    }

    // MARK: - The model

    static func loaded(_ value: Value) -> LoadedValue {
        switch value {
        case .leaf(let leaf): return TransformerPropertyTests.expected(leaf)
        case .map(let entries): return .dict(entries.map { ($0.key, loaded($0.value)) })
        }
    }

    /// Dicts compare as Python's do: without order.
    static func unordered(_ value: LoadedValue) -> LoadedValue {
        switch value {
        case .scalar: return value
        case .list(let items): return .list(items.map(unordered))
        case .dict(let entries): return .dict(entries.map { ($0.0, unordered($0.1)) }.sorted { $0.0 < $1.0 })
        }
    }

    static func applying(_ operation: Operation, to entries: [(key: String, value: Value)]) -> [(key: String, value: Value)] {
        func update(_ entries: [(key: String, value: Value)], _ path: ArraySlice<String>, _ change: (inout [(key: String, value: Value)], Int) -> Void)
            -> [(key: String, value: Value)] {
            var entries = entries
            guard let index = entries.firstIndex(where: { $0.key == path.first }) else { return entries }
            if path.count == 1 {
                change(&entries, index)
            } else if case .map(let nested) = entries[index].value {
                entries[index].value = .map(update(nested, path.dropFirst(), change))
            }
            return entries
        }
        switch operation {
        case .set(let path, let value): return update(entries, path[...]) { $0[$1].value = .leaf(value) }
        case .rename(let path, let key): return update(entries, path[...]) { $0[$1].key = key }
        case .remove(let path): return update(entries, path[...]) { $0.remove(at: $1) }
        case .removeItem(let path, let index):
            return update(entries, path[...]) { entries, at in
                if case .leaf(.strings(var items)) = entries[at].value {
                    items.remove(at: index)
                    entries[at].value = .leaf(.strings(items))
                }
            }
        case .append(let mapping, let key, let value):
            if mapping.isEmpty { return entries + [(key, .leaf(value))] }
            return update(entries, mapping[...]) { entries, at in
                if case .map(let nested) = entries[at].value { entries[at].value = .map(nested + [(key, .leaf(value))]) }
            }
        }
    }

    /// Every entry path, and the mapping paths (the root is `[]`).
    static func paths(_ entries: [(key: String, value: Value)], prefix: [String] = []) -> (entries: [[String]], mappings: [[String]]) {
        var all: (entries: [[String]], mappings: [[String]]) = ([], [prefix])
        for entry in entries {
            all.entries.append(prefix + [entry.key])
            if case .map(let nested) = entry.value {
                let inner = paths(nested, prefix: prefix + [entry.key])
                all.entries += inner.entries
                all.mappings += inner.mappings
            }
        }
        return all
    }

    static func value(at path: [String], in entries: [(key: String, value: Value)]) -> Value? {
        guard let first = path.first, let entry = entries.first(where: { $0.key == first }) else { return nil }
        if path.count == 1 { return entry.value }
        guard case .map(let nested) = entry.value else { return nil }
        return value(at: Array(path.dropFirst()), in: nested)
    }

    static func isPrefix(_ a: [String], of b: [String]) -> Bool { a.count <= b.count && Array(b.prefix(a.count)) == a }

    /// Up to four edits on unrelated paths (no edit inside another's target).
    static func operations(for entries: [(key: String, value: Value)], _ generator: inout Generator) -> [Operation] {
        let (entryPaths, mappingPaths) = paths(entries)
        var chosen: [Operation] = []
        // Keys an earlier edit brings into a mapping (renamed to, appended): not twice.
        var introduced: [[String]: Set<String>] = [:]
        for _ in 0..<Int(1 + generator.next() % 4) {
            let operation: Operation
            if generator.next() % 5 == 0 {
                let mapping = generator.pick(mappingPaths)
                let existing = Set((mapping.isEmpty ? entries.map(\.key) : {
                    if case .map(let nested)? = value(at: mapping, in: entries) { return nested.map(\.key) }
                    return []
                }()))
                guard let key = keys.shuffledPick(&generator, excluding: existing.union(introduced[mapping, default: []])) else { continue }
                operation = .append(mapping: mapping, key: key, value: leaf(&generator))
            } else {
                guard !entryPaths.isEmpty else { continue }
                let path = generator.pick(entryPaths)
                let siblings = Set((path.count == 1 ? entries.map(\.key) : {
                    if case .map(let nested)? = value(at: Array(path.dropLast()), in: entries) { return nested.map(\.key) }
                    return []
                }()))
                switch generator.next() % 4 {
                case 0:
                    operation = .set(path, leaf(&generator))
                case 1:
                    guard let key = keys.shuffledPick(&generator, excluding: siblings.union(introduced[Array(path.dropLast()), default: []])) else { continue }
                    operation = .rename(path, to: key)
                case 2:
                    operation = .remove(path)
                default:
                    guard case .leaf(.strings(let items))? = value(at: path, in: entries), !items.isEmpty else { continue }
                    operation = .removeItem(path, index: Int(generator.next() % UInt64(items.count)))
                }
            }
            let clashes = chosen.contains { isPrefix($0.target, of: operation.target) || isPrefix(operation.target, of: $0.target) }
            guard !clashes else { continue }
            chosen.append(operation)
            if case .append(let mapping, let key, _) = operation { introduced[mapping, default: []].insert(key) }
            if case .rename(let path, let key) = operation { introduced[Array(path.dropLast()), default: []].insert(key) }
        }
        return chosen
    }

    // MARK: - Applying

    static func node(at path: [String], in root: Node) -> (mapping: Node, entry: MappingEntry)? {
        var mapping = root
        for (index, key) in path.enumerated() {
            guard let entry = mapping.entries?.last(where: { $0.keyText == key }) else { return nil }
            if index == path.count - 1 { return (mapping, entry) }
            mapping = entry.value
        }
        return nil
    }

    static func semanticEdit(_ operation: Operation, root: Node) throws -> SemanticEdit {
        switch operation {
        case .set(let path, let value):
            return .setValue(node: try #require(node(at: path, in: root)).entry.value, to: value)
        case .rename(let path, let key):
            return .renameKey(entry: try #require(node(at: path, in: root)).entry, to: key)
        case .remove(let path):
            let found = try #require(node(at: path, in: root))
            return .removeEntry(mapping: found.mapping, entry: found.entry)
        case .removeItem(let path, let index):
            let list = try #require(node(at: path, in: root)).entry.value
            return .removeSequenceItem(sequence: list, item: try #require(list.items)[index])
        case .append(let mapping, let key, let value):
            let target = mapping.isEmpty ? root : try #require(node(at: mapping, in: root)).entry.value
            return .appendEntries(mapping: target, entries: [(key, value)])
        }
    }

    static func apply(_ operations: [Operation], to text: String, json: Bool, oneRound: Bool) throws -> (text: String, deferred: Bool) {
        var current = text
        for batch in oneRound ? [operations] : operations.map({ [$0] }) {
            let file = Parser.parse(SourceText(path: json ? "c.json" : "c.yaml", bytes: Array(current.utf8)))
            let root = try #require(file.documents.first)
            switch Transformer.apply(try batch.map { try semanticEdit($0, root: root) }, to: file) {
            case .success(let output):
                if !output.deferred.isEmpty { return (current, true) }
                current = String(decoding: output.bytes, as: UTF8.self)
            case .failure(let failure):
                Issue.record("transform failed: \(failure)\n\(current)")
                throw failure
            }
        }
        return (current, false)
    }

    static func entryBytes(_ path: [String], in text: String, json: Bool) -> String? {
        let source = SourceText(path: json ? "c.json" : "c.yaml", bytes: Array(text.utf8))
        guard let root = Parser.parse(source).documents.first, let found = node(at: path, in: root) else { return nil }
        return source.text(found.entry.range.bytes)
    }

    /// Found by the test below (seed 134): two removals in one round emptied a nested block
    /// mapping and left `key:` holding null, which PEFT cannot use as a pattern dict.
    @Test func removingEveryChildOfABlockCollectionInOneRoundLeavesItEmpty() throws {
        let text = "lora:\n  rank_pattern:\n    q_proj: 4\n    # why\n    v_proj: 4\n  target_modules:\n  - q_proj\n  - v_proj\nr: 8\n"
        let result = try transformed(text) { root in
            let lora = try root.requireValue("lora")
            let pattern = try lora.requireValue("rank_pattern"), targets = try lora.requireValue("target_modules")
            return pattern.entries!.map { .removeEntry(mapping: pattern, entry: $0) }
                + targets.items!.map { .removeSequenceItem(sequence: targets, item: $0) }
        }
        #expect(result == "lora:\n  rank_pattern: {}\n  target_modules: []\nr: 8\n")
    }

    @Test(arguments: Style.allCases, 0..<150)
    func randomEditsOnRandomConfigs(style: Style, seed: Int) throws {
        var generator = Generator(state: UInt64(seed) &* 0x2545_F491_4F6C_DD1D &+ UInt64(Style.allCases.firstIndex(of: style)!))
        let config = Self.entries(&generator, depth: 0)
        let json = style == .json
        let text = Self.document(config, style: style, generator: &generator)
        let original = try parsedRoot(text, json: json)
        #expect(LoadedValue(original) == Self.loaded(.map(config)), "seed \(seed): the generated text reads back as generated\n\(text)")
        let operations = Self.operations(for: config, &generator)
        let expected = operations.reduce(config) { Self.applying($1, to: $0) }

        for oneRound in [false, true] {
            let (result, deferred) = try Self.apply(operations, to: text, json: json, oneRound: oneRound)
            if deferred { continue }  // overlapping edits wait a round; the sequential pass covers them
            let root = try parsedRoot(result, json: json)
            #expect(Self.unordered(LoadedValue(root)) == Self.unordered(Self.loaded(.map(expected))),
                    "seed \(seed) \(oneRound ? "one round" : "sequential"): \(operations)\n--- before\n\(text)--- after\n\(result)")
            // Entries no edit touches keep their bytes.
            for path in Self.paths(config).entries where !operations.contains(where: {
                Self.isPrefix(path, of: $0.target) || (Self.isPrefix($0.target, of: path) && !$0.keepsDescendants)
            }) {
                #expect(Self.entryBytes(path, in: result, json: json) == Self.entryBytes(path, in: text, json: json),
                        "seed \(seed): \(path) changed\n--- before\n\(text)--- after\n\(result)")
            }
            if style == .yamlBlock { #expect(result.hasSuffix("# end\n"), "seed \(seed): the last comment survives") }
        }
    }
}

extension Array where Element == String {
    /// A random element not in `excluded`, or nil when there is none.
    func shuffledPick(_ generator: inout TransformerPropertyTests.Generator, excluding excluded: Set<String>) -> String? {
        let candidates = filter { !excluded.contains($0) }
        return candidates.isEmpty ? nil : generator.pick(candidates)
    }
}
