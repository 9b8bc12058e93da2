import Foundation
@testable import GradienceLint
@testable import GradienceEngine
import Testing

/// `schemas/gradience-lint.schema.json` (for editors' YAML completion) agrees with the
/// settings parser: every README example passes both, the same mistakes fail both, and
/// the schema names exactly the keys, rules and levels the parser knows.
@Suite struct SettingsSchemaTests {
    static let schemaURL = Fixtures.url("schemas/gradience-lint.schema.json")

    static func schema() throws -> JSONValue {
        try JSONValue(parsing: try Data(contentsOf: schemaURL))
    }

    static func keys(_ object: JSONValue?) -> Set<String> {
        guard case .object(let members)? = object else { return [] }
        return Set(members.map(\.0))
    }

    /// The settings file as JSON, for the validator (scalars resolved as the parser resolves them).
    static func json(_ node: Node) -> JSONValue {
        let node = node.resolved
        switch node.kind {
        case .scalar(let scalar):
            switch scalar.value {
            case .null: return .null
            case .bool(let value): return .bool(value)
            case .int(let value): return .int(value)
            case .float(let value): return .double(value)
            default: return .string(scalar.text)
            }
        case .sequence(let items): return .array(items.map(json))
        case .mapping: return .object(node.effectiveEntries.map { ($0.keyText ?? "", json($0.value)) })
        case .alias: return .null
        }
    }

    static func violations(_ yaml: String) throws -> [String] {
        let parsed = Parser.parse(SourceText(path: ".gradience-lint.yml", bytes: Array(yaml.utf8)))
        let root = try #require(parsed.documents.first)
        return try SchemaValidator.violations(of: json(root).rendered(), schema: schemaURL)
    }

    /// README's YAML blocks whose keys are all settings keys.
    static func readmeSettingsExamples() throws -> [String] {
        let readme = try String(contentsOf: Fixtures.url("README.md"), encoding: .utf8)
        var blocks: [String] = []
        for chunk in readme.components(separatedBy: "```yaml\n").dropFirst() {
            guard let end = chunk.range(of: "```") else { continue }
            let block = String(chunk[..<end.lowerBound])
            let parsed = Parser.parse(SourceText(path: "example.yml", bytes: Array(block.utf8)))
            guard let keys = parsed.documents.first?.entries?.compactMap(\.keyText), !keys.isEmpty,
                  keys.allSatisfy(Settings.topLevelKeys.contains) else { continue }
            blocks.append(block)
        }
        return blocks
    }

    @Test func everyReadmeExampleIsValidForParserAndSchema() throws {
        let examples = try Self.readmeSettingsExamples()
        #expect(examples.count >= 2, "the README's settings examples were not found")
        for example in examples {
            #expect(throws: Never.self) { try Settings.parse(SourceText(path: ".gradience-lint.yml", bytes: Array(example.utf8))) }
            #expect(try Self.violations(example) == [], "\(example)")
        }
    }

    @Test(arguments: [
        "selec: [GL001]\n",
        "fail-on: fatal\n",
        "select: [GL999]\n",
        "severity: {GL001: loud}\n",
        "model: {architecture: llama, layers: 2}\n",
        "model: {num-layers: 0}\n",
        "allowed-ranks: [8, -4]\n",
        "pattern-style: maximal\n",
        "max-file-size: lots\n",
        "ignore-keys:\n  - {path: a.json, pointer: /rank_pattern, codes: [GL005]}\n",
        "ignore-keys:\n  - {path: a.json, pointer: rank_pattern, codes: [GL005], reason: ok}\n",
        "per-file-ignores: {legacy/**: [GL99]}\n",
    ])
    func mistakesFailBoth(_ yaml: String) throws {
        #expect(throws: Settings.Problem.self) { try Settings.parse(SourceText(path: ".gradience-lint.yml", bytes: Array(yaml.utf8))) }
        #expect(try !Self.violations(yaml).isEmpty, "the schema accepts \(yaml)")
    }

    @Test func schemaNamesExactlyWhatTheParserKnows() throws {
        let schema = try Self.schema()
        let properties = schema["properties"]
        #expect(Self.keys(properties) == Set(Settings.topLevelKeys))
        #expect(Self.keys(properties?["model"]?["properties"]) == Set(Settings.modelKeys))
        #expect(Self.keys(properties?["ignore-keys"]?["items"]?["properties"]) == Set(Settings.ignoreKeyKeys))
        let rules = Set(schema["$defs"]?["rule"]?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        #expect(rules == Set(RuleRegistry.all.flatMap { [$0.metadata.code, $0.metadata.name] }))
        #expect(Set(properties?["fail-on"]?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []) == Set(Severity.allCases.map(\.rawValue)))
        #expect(Set(properties?["pattern-style"]?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            == Set(LintOptions.PatternStyle.allCases.map(\.rawValue)))
    }

    @Test(arguments: ["max-file-size: 64MiB\n", "max-file-size: 67108864\n", "max-file-size: 64 MB\n", "max-file-size: 512k\n",
                      "peft-version: 0.18.1\n", "ignore-keys:\n  - {path: a.json, pointer: null, codes: [duplicate-key], reason: ok}\n"])
    func validValuesPassBoth(_ yaml: String) throws {
        #expect(throws: Never.self) { try Settings.parse(SourceText(path: ".gradience-lint.yml", bytes: Array(yaml.utf8))) }
        #expect(try Self.violations(yaml) == [])
    }
}
