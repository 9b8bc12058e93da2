import Testing
@testable import GradienceLint

/// Issue 24's classes, one small fixture each (`fixtures/formats/classes/`): which tool's
/// code reads the file, what PEFT receives, and the exact findings.
@Suite struct FormatClassTests {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    private static func path(_ name: String) -> String { "fixtures/formats/classes/\(name)" }

    /// Every outcome of the file's first document.
    private func outcomes(_ name: String) -> [ConfigExtractor.Outcome] {
        ConfigExtractor.extractAll(from: Parser.parse(Fixtures.source(Self.path(name))).documents[0]).outcomes
    }

    private func settings(_ name: String) throws -> [LoraSettings] {
        let found = outcomes(name).compactMap { outcome -> LoraSettings? in
            if case .lora(let settings) = outcome { return settings }
            return nil
        }
        guard !found.isEmpty else { throw Failure("no LoRA settings in \(name)") }
        return found
    }

    private func skipReason(_ name: String) throws -> String {
        guard case .skipped(let reason)? = outcomes(name).first else { throw Failure("\(name) not skipped") }
        return reason
    }

    /// `line:column code message` for each finding, with default options (no settings file).
    private func findings(_ name: String) -> [String] {
        Linter(options: LintOptions()).lint(Fixtures.source(Self.path(name))).diagnostics.map {
            "\($0.range.start.line):\($0.range.start.column) \($0.code) \($0.message)"
        }
    }

    private func findings(text: String, path: String = "t.yaml") -> [String] {
        Linter(options: LintOptions()).lint(Fixtures.text(text, path: path)).diagnostics.map {
            "\($0.range.start.line):\($0.range.start.column) \($0.code) \($0.message)"
        }
    }

    // Class 1: unknown-key findings on keys the consuming code reads.

    @Test func trainerArgumentsWithLowerCasePeftTypeAreNotASavedAdapterConfig() throws {
        let lora = try #require(try settings("trainer-args-peft-type-lowercase.yaml").first)
        #expect(lora.format == .projectSection)
        #expect(lora.spec.r == 2)
        #expect(lora.field("r")?.key == "lora_r")
        #expect(lora.spec.loraAlpha == 4)
        #expect(lora.spec.targetModules == .list(["q_proj", "v_proj"]))
        #expect(findings("trainer-args-peft-type-lowercase.yaml") == [])
    }

    @Test func peftTypeLoraAmongTrainingKeysIsNotPeft() throws {
        let text = "peft_type: LORA\nlearning_rate: 0.0002\nseed: 42\nnum_train_epochs: 3\nr: 8\n"
        let outcome = ConfigExtractor.extract(from: Parser.parse(Fixtures.text(text)).documents[0])
        if case .lora(let lora) = outcome { #expect(lora.format != .peft) }
        #expect(findings(text: text) == [])
        // Lower case and no tool's keys: skipped, saying why.
        let other = "peft_type: lora\nlearning_rate: 0.0002\nlora_rank: 4\n"
        guard case .skipped(let reason) = ConfigExtractor.extract(from: Parser.parse(Fixtures.text(other)).documents[0]) else {
            throw Failure("not skipped")
        }
        #expect(reason == "no tool's signature fits (LoRA-looking keys lora_rank, peft_type); peft_type lora is not PEFT's enum value LORA, so this is not a saved adapter_config.json; not read as a LoraConfig because learning_rate, lora_rank are not LoraConfig fields")
    }

    @Test func projectKeysInAPeftSectionAreNotReportedButNearTyposAre() throws {
        let lora = try #require(try settings("peft-section-project-keys.yaml").first)
        #expect(lora.format == .peftSection)
        #expect(lora.sectionVocabulary == nil)
        #expect(findings("peft-section-project-keys.yaml") == [
            "11:3 GL014 unknown key 'lora_dropuot' for peft-section; did you mean 'lora_dropout'?: the tool ignores it, so it has no effect",
        ])
    }

    @Test func hydraLoraConfigNodesAreClosed() {
        let text = "trainer:\n  peft_config:\n    _target_: peft.LoraConfig\n    r: 8\n    lora_alpha: 16\n    enabled: true\n"
        #expect(findings(text: text) == [
            "6:5 GL014 unknown key 'enabled' for hydra-loraconfig: hydra.utils.instantiate calls peft.LoraConfig(**node), which raises TypeError for it",
        ])
    }

    @Test func oliveLoraPassesUnderAnyNameAreRead() throws {
        let passes = try settings("olive-lora-pass.json")
        #expect(passes.map(\.sectionPointer) == ["/passes/finetune", "/passes/q"])
        #expect(passes.map(\.format) == [.olive, .olive])
        #expect(passes[0].spec.r == 16)
        #expect(passes[0].spec.loraAlpha == 32)
        #expect(passes[0].spec.targetModules == .allLinear)
        #expect(passes[1].spec.r == 32)
        #expect(passes[1].field("r")?.key == "r")
        #expect(passes[1].spec.loraAlpha == 16)
        #expect(passes[1].spec.targetModules == .list(["qkv_proj"]))
        #expect(findings("olive-lora-pass.json") == [])
    }

    // Class 2: misread formats that change the answer.

    @Test func flatUseLoraWithLoraRIsNotOpenInstruct() throws {
        let lora = try #require(try settings("use-lora-not-open-instruct.yaml").first)
        #expect(lora.format == .projectSection)
        #expect(lora.spec.r == 16)
        #expect(lora.spec.loraAlpha == 32)
        #expect(lora.spec.targetModules == .list(["q_proj", "k_proj", "v_proj", "o_proj"]))
        #expect(findings("use-lora-not-open-instruct.yaml") == [])
    }

    @Test func halosModelConfigIsHalosNotOumi() throws {
        let lora = try #require(try settings("halos-model.yaml").first)
        #expect(lora.format == .halos)
        #expect(lora.sectionPointer == "/peft")
        #expect(lora.spec.r == 64)
        #expect(lora.spec.loraAlpha == 256)
        #expect(lora.modelName == "meta-llama/Meta-Llama-3-8B")
        // Its use_peft: false switches the section off, in HALOs' name.
        let off = "name_or_path: m\nuse_peft: false\npeft:\n  lora_r: 8\n  target_modules: [q_proj]\n"
        guard case .skipped(let reason) = ConfigExtractor.extract(from: Parser.parse(Fixtures.text(off)).documents[0]) else {
            throw Failure("not skipped")
        }
        #expect(reason == "HALOs: /use_peft is not true, so /peft is ignored")
    }

    // Class 3 and 4: interpolations, and verl nested in a recipe.

    @Test func verlInterpolatedRankIsUnknownNotZero() throws {
        let lora = try #require(try settings("verl-interpolated-rank.yaml").first)
        #expect(lora.format == .verl)
        #expect(lora.notStaticallyKnown.isSuperset(of: ["r", "lora_alpha"]))
        let result = Linter(options: LintOptions()).lint(Fixtures.source(Self.path("verl-interpolated-rank.yaml")))
        #expect(result.diagnostics.isEmpty)
        #expect(result.skipped.isEmpty)
        #expect(result.analyses.first?.resolution == nil)
        let text = ResolveReport.unresolved(path: "v.yaml", analysis: try #require(result.analyses.first), json: false)
        #expect(text == """
            v.yaml: verl config: not resolved, the file does not fix these values
              lora_alpha: lora_alpha = ${lora.alpha} (unresolved)
              r: lora_rank = ${lora.rank} (unresolved)
            note: lora_alpha is an interpolation (${lora.alpha}) filled in when the config is composed: unresolved
            note: lora_rank is an interpolation (${lora.rank}) filled in when the config is composed: unresolved

            """)
    }

    @Test func nullAndEnvironmentValuesAreNeverLiterals() throws {
        let text = "use_peft: true\nlora_r: null\nlora_alpha: $LORA_ALPHA\nlora_target_modules: [q_proj, v_proj]\n"
        guard case .lora(let lora) = ConfigExtractor.extract(from: Parser.parse(Fixtures.text(text)).documents[0]) else {
            throw Failure("not read")
        }
        #expect(lora.format == .trl)
        #expect(lora.notStaticallyKnown == ["r", "lora_alpha"])
        #expect(findings(text: text) == [])
    }

    @Test func verlNestedUnderTrainingConfig() throws {
        let lora = try #require(try settings("verl-hyperpod-recipe.yaml").first)
        #expect(lora.format == .verl)
        #expect(lora.sectionPointer == "/training_config/actor_rollout_ref/model")
        #expect(lora.field("r")?.pointer == "/training_config/actor_rollout_ref/model/lora_rank")
        #expect(lora.spec.r == 32)
        #expect(lora.modelName == "Qwen/Qwen2.5-7B-Instruct")
    }

    // Class 5: PEFT-based trainers not read before.

    @Test func fireflyTrainArguments() throws {
        let lora = try #require(try settings("firefly-train-args.json").first)
        #expect(lora.format == .firefly)
        #expect(lora.spec.r == 64)
        #expect(lora.spec.loraAlpha == 16)
        #expect(lora.spec.targetModules == .allLinear)
        #expect(lora.spec.allLinearExpandedByTrainer)
        #expect(findings("firefly-train-args.json") == [])
    }

    @Test func simpleTunerStandardIsReadAndLycorisIsNot() throws {
        let lora = try #require(try settings("simpletuner-config.json").first)
        #expect(lora.format == .simpleTuner)
        #expect(lora.spec.r == 16)
        #expect(lora.field("r")?.key == "--lora_rank")
        #expect(lora.spec.loraAlpha == 16)
        #expect(lora.notStaticallyKnown == ["target_modules"])
        #expect(findings("simpletuner-config.json") == [])
        #expect(try skipReason("simpletuner-lycoris.json") == "SimpleTuner: lora_type is lycoris: LyCORIS adapters are not PEFT's LoRA")
    }

    @Test func miniGPTv2ReadsOnlyRankAndAlpha() throws {
        let lora = try #require(try settings("minigpt-v2.yaml").first)
        #expect(lora.format == .miniGPT)
        #expect(lora.sectionPointer == "/model")
        #expect(lora.spec.r == 64)
        #expect(lora.spec.targetModules == .list(["q_proj", "v_proj"]))
        #expect(lora.modelName == "meta-llama/Llama-2-7b-chat-hf")
    }

    @Test func easyEditHyperparameters() throws {
        let lora = try #require(try settings("easyedit-lora.yaml").first)
        #expect(lora.format == .easyEdit)
        #expect(lora.spec.r == 8)
        #expect(lora.spec.loraAlpha == 32)
        #expect(lora.spec.layersToTransform == nil)
        #expect(lora.spec.targetModules == .list(["q_proj", "v_proj"]))
        let adalora = "alg_name: LoRA\nrank: 8\nlora_alpha: 32\ntarget_modules: [q_proj]\n"
        guard case .skipped(let reason) = ConfigExtractor.extract(from: Parser.parse(Fixtures.text(adalora)).documents[0]) else {
            throw Failure("not skipped")
        }
        #expect(reason.hasPrefix("EasyEdit: no lora_type"))
    }

    @Test func belleLoraConfig() throws {
        let lora = try #require(try settings("belle-lora-config.json").first)
        #expect(lora.format == .belle)
        #expect(lora.spec.r == 16)
        #expect(lora.spec.targetModules == .list(["q_proj", "k_proj", "v_proj", "down_proj", "gate_proj", "up_proj"]))
    }

    @Test func flockHasOneBlockPerBaseModelAndAClosedKeySet() throws {
        let blocks = try settings("flock-training-args.yaml")
        #expect(blocks.map(\.modelName) == ["Qwen/Qwen1.5-0.5B", "google/gemma-2b"])
        #expect(blocks.map(\.spec.r) == [8, 4])
        #expect(blocks[1].notStaticallyKnown == ["lora_alpha"])
        #expect(blocks[0].spec.targetModules == .list(["q_proj", "v_proj"]))
        #expect(findings("flock-training-args.yaml") == [
            "13:3 GL014 unknown key 'lora_alpah' for flock; did you mean 'lora_alpha'?: LoraTrainingArguments(**block) raises TypeError for it",
        ])
    }

    @Test func bareLoraConfigKwargs() throws {
        let lora = try #require(try settings("lora-kwargs.json").first)
        #expect(lora.format == .peftKwargs)
        #expect(lora.spec.r == 16)
        #expect(findings(text: "{\"r\": 8, \"lora_alhpa\": 16, \"target_modules\": [\"q_proj\"]}\n", path: "k.json") == [
            "1:10 GL014 unknown key 'lora_alhpa' for peft-kwargs; did you mean 'lora_alpha'?: LoraConfig(**kwargs) raises TypeError for it",
        ])
    }

    @Test func projectSectionMapsLoraKeysOntoLoraConfig() throws {
        let lora = try #require(try settings("project-section-mapping.yaml").first)
        #expect(lora.format == .projectSection)
        #expect(lora.sectionPointer == "/lora")
        #expect(lora.spec.r == 8)
        #expect(lora.spec.loraAlpha == 16)
        #expect(lora.spec.targetModules == .list(["q_proj", "v_proj"]))
        #expect(lora.spec.rankPattern == [PatternEntry(key: "q_proj", value: 16)])
        #expect(!findings("project-section-mapping.yaml").contains { $0.contains("GL014") })
    }

    // Class 6 and 7: surrogate pairs, LFS pointers.

    @Test func surrogatePairEscapesParseWithOriginalPositions() throws {
        let parsed = Parser.parse(Fixtures.source(Self.path("surrogate-pair.adapter_config.json")))
        #expect(parsed.problem == nil)
        let root = try #require(parsed.documents.first)
        let name = try #require(root.value(forKey: "base_model_name_or_path"))
        #expect(name.scalar?.text == "m\u{1F7EB}")
        #expect(name.range.start.column == 50)
        #expect(name.range.end.column == 65)
        #expect(name.range.end.offset - name.range.start.offset == 15)
        #expect(findings("surrogate-pair.adapter_config.json") == [
            "1:75 GL014 unknown key 'lora_alhpa' for peft; did you mean 'lora_alpha'?: the configured PEFT 0.21.2 drops unknown keys when it loads the config, so it has no effect",
        ])
        // A lone surrogate is still refused, at its escape.
        let lone = Parser.parse(Fixtures.text("{\"a\": \"x\\ud83d\", \"b\": 1}\n", path: "l.json"))
        #expect(lone.problem?.message.hasPrefix("found invalid Unicode character escape code") == true)
        // In YAML, the same escape in a double-quoted scalar; positions after it on the next line are untouched.
        let yaml = Parser.parse(Fixtures.text("a: \"\\ud83d\\udfeb\\ud83d\\udfeb\"\nb: 1\n"))
        #expect(yaml.documents.first?.value(forKey: "a")?.scalar?.text == "\u{1F7EB}\u{1F7EB}")
        #expect(yaml.documents.first?.value(forKey: "a")?.range.end.column == 30)
        #expect(yaml.documents.first?.value(forKey: "b")?.range.start.column == 4)
        #expect(yaml.documents.first?.value(forKey: "b")?.range.start.offset == 33)
    }

    @Test func gitLFSPointerConfigSaysSo() {
        #expect(findings("lfs-pointer.adapter_config.json") == [
            "1:1 GL000 a Git LFS pointer, not YAML or JSON: the 812-byte file it stands for was never fetched (run `git lfs pull`), and no tool can read its settings from the pointer",
        ])
    }

    // Recognition: ties are said, not decided silently.

    @Test func aTieIsReportedWithTheFormatChosen() {
        // TRL's switch and an axolotl `adapter`: axolotl's signature is tried first.
        let text = "adapter: lora\nuse_peft: true\nlora_r: 8\nlora_alpha: 16\n"
        let extraction = ConfigExtractor.extractAll(from: Parser.parse(Fixtures.text(text)).documents[0])
        #expect(extraction.notes == [
            "also fits TRL (trl): `use_peft` beside `lora_r`, `lora_target_modules` or `lora_alpha`; read as axolotl, whose signature is more specific",
        ])
    }

    @Test func everyFormatHasADefinitionThatCitesItsSource() {
        for format in ConfigFormat.allCases {
            let definition = format.definition
            #expect(definition.format == format)
            #expect(!definition.reads.isEmpty, "\(format.rawValue) cites no source")
        }
    }
}
