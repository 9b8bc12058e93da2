import Testing
@testable import GradienceLint

/// Properties over many generated inputs: what is written reads back as intended, in
/// the intended order, whatever the syntax.
@Suite struct TransformerPropertyTests {
    enum Syntax: CaseIterable { case json, yamlBlock, yamlFlow }

    /// SplitMix64: deterministic, so a failure names a seed that reproduces it.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    }

    static let keys = ["q_proj", #".*\.q_proj"#, "model.layers.0.self_attn.v_proj", "yes", "1e3", "a,b", "it's",
                       "[qv]_proj", "a: b", "0755", "~", "x #y", "-", "é_proj", "null", "lora_A.weight"]
    static let values: [EditValue] = [.int(8), .int(-1), .float(1e-05), .float(0.25), .float(2), .float(1e16),
                                       .bool(true), .null, .string("none"), .string("on"), .string("1_000"),
                                       .string(" pad"), .strings(["q_proj", "yes"]), .strings([]),
                                       .mapping([("k_proj", .int(4)), ("v,o", .float(0.5))]), .mapping([])]

    static func start(_ syntax: Syntax) -> (text: String, json: Bool) {
        switch syntax {
        case .json: return ("{\n  \"seed\": 0\n}\n", true)
        case .yamlBlock: return ("# generated\nseed: 0\n", false)
        case .yamlFlow: return ("{seed: 0}\n", false)
        }
    }

    static func expected(_ value: EditValue) -> LoadedValue {
        switch value {
        case .int(let number): return .scalar(.int(number))
        case .float(let number): return .scalar(.float(number))
        case .bool(let flag): return .scalar(.bool(flag))
        case .null: return .scalar(.null)
        case .string(let text): return .scalar(.string(text))
        case .strings(let items): return .list(items.map { .scalar(.string($0)) })
        case .mapping(let entries): return .dict(entries.map { ($0.key, expected($0.value)) })
        }
    }

    /// Applies rounds until `build` has nothing left to ask for (deferred edits are
    /// rebuilt on the re-parsed text, as the fix loop does).
    static func untilDone(_ text: String, json: Bool, build: (Node) throws -> [SemanticEdit]) throws -> String {
        var current = text
        for _ in 0..<20 {
            let root = try parsedRoot(current, json: json)
            let edits = try build(root)
            if edits.isEmpty { return current }
            let output = try transformOutput(Array(current.utf8), json: json, allowDeferred: true) { _ in edits }
            current = String(decoding: output.bytes, as: UTF8.self)
        }
        Issue.record("no fixpoint after 20 rounds")
        return current
    }

    @Test(arguments: Syntax.allCases, 0..<40)
    func appendedEntriesReadBackInOrderWithTheirValues(syntax: Syntax, seed: Int) throws {
        var generator = Generator(state: UInt64(seed) &* 7919 &+ 1)
        var chosen: [(key: String, value: EditValue)] = []
        for _ in 0..<Int(1 + generator.next() % 5) {
            let key = generator.pick(Self.keys)
            if !chosen.contains(where: { $0.key == key }) { chosen.append((key, generator.pick(Self.values))) }
        }
        let (text, json) = Self.start(syntax)
        let result = try transformed(text, json: json) { root in [.appendEntries(mapping: root, entries: chosen)] }
        let root = try parsedRoot(result, json: json)
        let expected = LoadedValue.dict([("seed", .scalar(.int(0)))] + chosen.map { ($0.key, Self.expected($0.value)) })
        #expect(LoadedValue(root) == expected, "seed \(seed): \(result)")
        #expect(result.hasPrefix(String(text.dropLast(syntax == .yamlBlock ? 0 : 3))), "the original text is kept")
    }

    @Test(arguments: 0..<30)
    func removingAnySubsetLeavesTheRestInOrder(seed: Int) throws {
        var generator = Generator(state: UInt64(seed) &+ 99)
        let entries = (0..<6).map { (key: "k\($0)", value: EditValue.int($0)) }
        let doomed = Set(entries.map(\.key).filter { _ in generator.next() % 2 == 0 })
        for syntax in Syntax.allCases {
            let (text, json) = Self.start(syntax)
            let filled = try transformed(text, json: json) { root in [.appendEntries(mapping: root, entries: entries)] }
            let result = try Self.untilDone(filled, json: json) { root in
                root.entries!.filter { doomed.contains($0.keyText ?? "") }.map { entry in
                    SemanticEdit.removeEntry(mapping: root, entry: entry)
                }
            }
            let kept = [("seed", LoadedValue.scalar(.int(0)))] + entries.filter { !doomed.contains($0.key) }.map { ($0.key, Self.expected($0.value)) }
            #expect(LoadedValue(try parsedRoot(result, json: json)) == .dict(kept), "\(syntax) seed \(seed): \(result)")
        }
    }

    static let equivalentDocuments: [(Syntax, String)] = [
        (.json, """
        {
          "lora_alpha": 16,
          "lora_dropout": 0.05,
          "r": 16,
          "rank_pattern": {},
          "target_modules": [
            "q_proj",
            "k_proj",
            "v_proj"
          ],
          "use_rslora": false
        }

        """),
        (.yamlBlock, """
        # LoRA
        lora_alpha: 16  # scaling
        lora_dropout: 0.05
        r: 16
        rank_pattern:
        target_modules:
        - q_proj
        - k_proj   # keys
        - v_proj
        use_rslora: false

        """),
        (.yamlFlow, "{lora_alpha: 16, lora_dropout: 0.05, r: 16, rank_pattern: {}, target_modules: [q_proj, k_proj, v_proj], use_rslora: false}\n"),
    ]

    @Test func oneEditSetGivesEquivalentValuesInEverySyntax() throws {
        var results: [LoadedValue] = []
        for (syntax, text) in Self.equivalentDocuments {
            let json = syntax == .json
            let result = try transformed(text, json: json) { root in
                let targets = try root.requireValue("target_modules")
                return [.setValue(node: try root.requireValue("r"), to: .int(8)),
                        .renameKey(entry: try root.requireEntry("lora_alpha"), to: "alpha"),
                        .setValue(node: try root.requireValue("rank_pattern"), to: .mapping([(#".*\.q_proj"#, .int(16)), ("v_proj", .int(16))])),
                        .removeEntry(mapping: root, entry: try root.requireEntry("lora_dropout")),
                        .removeSequenceItem(sequence: targets, item: targets.items![1]),
                        .appendEntries(mapping: root, entries: [("alpha_pattern", .mapping([("q_proj", .float(32))])), ("bias", .string("none"))])]
            }
            let loaded = LoadedValue(try parsedRoot(result, json: json))
            guard case .dict(let entries) = loaded else { Issue.record("not a mapping"); return }
            // Python dicts compare without order; sorted JSON puts new keys in sorted place.
            results.append(.dict(entries.sorted { $0.0 < $1.0 }))
        }
        let expected = LoadedValue.dict([
            ("alpha", .scalar(.int(16))),
            ("alpha_pattern", .dict([("q_proj", .scalar(.float(32)))])),
            ("bias", .scalar(.string("none"))),
            ("r", .scalar(.int(8))),
            ("rank_pattern", .dict([(#".*\.q_proj"#, .scalar(.int(16))), ("v_proj", .scalar(.int(16)))])),
            ("target_modules", .list([.scalar(.string("q_proj")), .scalar(.string("v_proj"))])),
            ("use_rslora", .scalar(.bool(false))),
        ])
        for result in results { #expect(result == expected) }
    }
}
