import Testing
@testable import GradienceLint
@testable import GradienceRules

/// Details of the rules that the examples do not pin: severities that depend on the case,
/// and the small parsers the rules share.
@Suite struct RuleDetailTests {
    static func lint(_ yaml: String, path: String = "t.yaml", configure: (inout LintOptions) -> Void = { _ in }) -> [Diagnostic] {
        var options = LintOptions()
        configure(&options)
        return Linter(options: options).lint(SourceText(path: path, bytes: Array(yaml.utf8))).diagnostics
    }

    @Test(arguments: [
        ("q_proj|v_proj", ["q_proj", "v_proj"]),
        ("(q|v)_proj", ["(q|v)_proj"]),
        (#"a\|b"#, [#"a\|b"#]),
        ("[|]x", ["[|]x"]),
        ("[]|]x|y", ["[]|]x", "y"]),
        ("[^]|]x|y", ["[^]|]x", "y"]),
        (#"[\]|]x|y"#, [#"[\]|]x"#, "y"]),
        ("a|(b|c)|", ["a", "(b|c)", ""]),
    ])
    func topLevelAlternatives(key: String, expected: [String]) {
        #expect(PatternKeyReading.topLevelAlternatives(key) == expected)
    }

    @Test func invalidKeysAreErrorsAndUnevaluableKeysAreInfo() {
        let diagnostics = Self.lint("peft_type: LORA\nr: 8\ntarget_modules: [q_proj]\nrank_pattern:\n  q_proj(: 4\n  (q)?(?(1)_proj|v_proj): 4\n")
            .filter { $0.code == "GL008" }
        #expect(diagnostics.map(\.severity) == [.error, .info])
        #expect(diagnostics[0].message.contains("missing ), unterminated subpattern at position 6"))
    }

    /// Before 0.14 the first unknown keyword raises: one error for the file, not one per field.
    @Test func fieldsNewerThanPeft0_13AreOneFinding() {
        let json = #"{"exclude_modules": null, "lora_bias": false, "peft_type": "LORA", "r": 8, "target_modules": ["q_proj"], "use_qalora": false}"#
        let old = Self.lint(json, path: "adapter_config.json") { $0.peftVersion = PeftVersion(0, 13, 2) }.filter { $0.code == "GL014" }
        #expect(old.count == 1 && old[0].severity == .error)
        #expect(old[0].message.hasPrefix("3 fields newer than the configured PEFT 0.13.2: 'exclude_modules' (0.14.0), 'lora_bias' (0.14.0), 'use_qalora' (0.16.0)"))
        // 0.14 drops them, and at their defaults that changes nothing.
        #expect(Self.lint(json, path: "adapter_config.json") { $0.peftVersion = PeftVersion(0, 14, 0) }.filter { $0.code == "GL014" }.isEmpty)
    }

    /// With an inventory, when no entry of the list matches, every finding on it is an
    /// error: PEFT raises instead of adapting a subset.
    @Test func aListThatMatchesNothingIsAnErrorThroughout() {
        let configure: (inout LintOptions) -> Void = { $0.model.architecture = "llama"; $0.model.numLayers = 2 }
        let none = Self.lint("peft_type: LORA\nr: 8\ntarget_modules: [query, \".*value\"]\n", configure: configure).filter { $0.code == "GL011" }
        #expect(none.map(\.severity) == [.error, .error])
        let some = Self.lint("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, query, \".*value\"]\n", configure: configure).filter { $0.code == "GL011" }
        #expect(some.map(\.severity) == [.warning, .warning])
    }

    /// GL017 leaves an entry alone when removing it would let another key win.
    @Test func anOverrideEqualToTheDefaultIsNotRedundant() {
        let yaml = "peft_type: LORA\nr: 8\ntarget_modules: [q_proj]\nrank_pattern:\n  model.layers.0.self_attn.q_proj: 8\n  model.layers.1.self_attn.q_proj: 8\n  q_proj: 16\n  v_proj: 8\n"
        let diagnostics = Self.lint(yaml) { $0.patternStyle = .minimal; $0.model.architecture = "llama"; $0.model.numLayers = 3 }
            .filter { $0.code == "GL017" }
        // Layers 0 and 1 stay at r=8 only because their entries come before q_proj: 16, so
        // they are overrides; r=8 is the most common rank; v_proj matches nothing (GL005's).
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
    }
}
