import Testing
@testable import GradienceLint
@testable import GradienceInventory

@Suite struct ModulesFileTests {
    @Test func readsNamesAndClassesSkippingTheRootAndBlankLines() throws {
        let text = "\nmodel\tLlamaModel\nmodel.embed_tokens\tEmbedding\n\nmodel.layers.0.self_attn.q_proj\tLinear\nlm_head\n"
        let modules = try ModulesFile.parse(text, path: "modules.txt")
        #expect(modules == [
            ModuleInfo(name: "model", className: "LlamaModel"),
            ModuleInfo(name: "model.embed_tokens", className: "Embedding"),
            ModuleInfo(name: "model.layers.0.self_attn.q_proj", className: "Linear"),
            ModuleInfo(name: "lm_head", className: nil),
        ])
    }

    @Test func ignoresCarriageReturnsBOMTrailingSpacesAndComments() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array("# dumped from named_modules()\r\n\r\nmodel\r\nmodel.norm\tLlamaRMSNorm  \r\nlm_head".utf8)
        let modules = try ModulesFile.parse(bytes: bytes, path: "m.txt")
        #expect(modules.map(\.name) == ["model", "model.norm", "lm_head"])
        #expect(modules[1].className == "LlamaRMSNorm")
    }

    @Test(arguments: [
        ("model\n  (layers): ModuleList(\n", 2, "starts with whitespace"),
        ("model\nmodel.layers.0 LlamaDecoderLayer\n", 2, "contains whitespace"),
        ("a\tB\tC\n", 1, "found 2 tabs"),
        ("a\nb\n.c\n", 3, "empty component"),
        ("a..b\n", 1, "empty component"),
        ("a\t9Linear\n", 1, "is not a class name"),
        ("(model): LlamaModel\n", 1, "print(model)"),
        ("a\nb\na\n", 3, "listed again (first on line 1)"),
    ])
    func refusesMalformedLinesWithTheirLineNumber(text: String, line: Int, fragment: String) {
        do {
            _ = try ModulesFile.parse(text, path: "m.txt")
            Issue.record("expected an error for \(text.debugDescription)")
        } catch let InventoryError.malformedModulesFile(path, errorLine, reason) {
            #expect(path == "m.txt")
            #expect(errorLine == line)
            #expect(reason.contains(fragment), "\(reason)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func refusesInvalidUTF8WithTheLine() {
        let bytes = Array("a\nb\n".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        #expect(throws: InventoryError.malformedModulesFile(path: "m.txt", line: 3, reason: "the file is not valid UTF-8")) {
            try ModulesFile.parse(bytes: bytes, path: "m.txt")
        }
    }

    @Test func inventoryFromAFileInfersTheLayerCount() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let names = ["", "model", "model.layers", "model.layers.0", "model.layers.0.mlp.experts.7.w1",
                     "model.layers.1", "model.layers.1.self_attn.q_proj", "lm_head"]
        let path = try folder.write("modules.txt", names.joined(separator: "\n") + "\n")
        let inventory = try ModulesFile.inventory(atPath: path)
        #expect(inventory.source == .modulesFile)
        #expect(inventory.modules.count == 7)
        #expect(inventory.numLayers == 2)
        #expect(inventory.detail == "modules file \(path) (7 modules)")
    }

    /// Issue 25 §2: `named_modules()` printed with classes starts with the root (`\tMixtralForCausalLM`);
    /// its class names the model type, else a top-level module's class does (`model\tQwen3MoeModel`).
    @Test func theRootClassNamesTheModelType() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let rooted = try folder.write("mixtral.txt", "\tMixtralForCausalLM\nmodel\tMixtralModel\nmodel.layers\tModuleList\nlm_head\tLinear\n")
        let mixtral = try ModulesFile.inventory(atPath: rooted)
        #expect(mixtral.modules.map(\.name) == ["model", "model.layers", "lm_head"])
        #expect(mixtral.modelType == "mixtral")
        #expect(mixtral.detail == "modules file \(rooted) (3 modules), model type mixtral from MixtralForCausalLM")
        let headless = try folder.write("qwen.txt", "model\tQwen3MoeModel\nmodel.layers\tModuleList\n")
        #expect(try ModulesFile.inventory(atPath: headless).modelType == "qwen3_moe")
        let vision = try folder.write("llava.txt", "\tLlavaForConditionalGeneration\nmodel\tLlavaModel\nmodel.vision_tower\tCLIPVisionModel\n")
        #expect(try ModulesFile.inventory(atPath: vision).towers == [InventoryTower(kind: "vision", prefix: "model.vision_tower")])
        let unknown = try folder.write("custom.txt", "\tMyCustomForCausalLM\nbody\tMyBody\n")
        #expect(try ModulesFile.inventory(atPath: unknown).modelType == nil)
        // Only the first line can be the root: a tab-led line later is still print(model) output.
        #expect(throws: InventoryError.malformedModulesFile(
            path: "m.txt", line: 2,
            reason: "the line starts with whitespace; this looks like print(model) output, not the names from named_modules()")) {
            try ModulesFile.parse("model\n\tLlamaModel\n", path: "m.txt")
        }
    }

    @Test func missingFileIsAnErrorValue() {
        #expect(throws: InventoryError.unreadable(path: "/nonexistent/modules.txt", reason: "no such file")) {
            try ModulesFile.inventory(atPath: "/nonexistent/modules.txt")
        }
    }

    /// `named_parameters()` with shapes (fixtures/silent/models/layers.parameters, from the same
    /// torch module as PEFT's ground truth): parameters with their dimensions, owners as modules.
    @Test func namedParametersLinesAreAnInventory() throws {
        let path = Fixtures.url("fixtures/silent/models/layers.parameters").path
        let inventory = try ModulesFile.inventory(atPath: path)
        #expect(inventory.parameters.first == ParameterInfo(module: "lin0", name: "weight", dimensions: 2))
        #expect(inventory.parameters.contains(ParameterInfo(module: "lin0", name: "bias", dimensions: 1)))
        #expect(inventory.parameters.contains(ParameterInfo(module: "conv3d", name: "weight", dimensions: 5)))
        #expect(inventory.parameters.contains(ParameterInfo(module: "mha", name: "in_proj_weight", dimensions: 2)))
        #expect(inventory.modules.map(\.name).prefix(4) == ["lin0", "lin1", "emb", "conv1d"])
        #expect(inventory.modules.contains { $0.name == "mha.out_proj" })
        #expect(inventory.detail == "modules file \(path) (\(inventory.modules.count) modules, \(inventory.parameters.count) parameters)")
        // `torch.Size([8, 8])` and `[8, 8]` spell the same shape.
        let spelt = try ModulesFile.parseEntries("a.weight torch.Size([8, 8])\nb.w\t[2, 3, 4]\n", path: "p.txt")
        #expect(spelt.parameters == [ParameterInfo(module: "a", name: "weight", dimensions: 2), ParameterInfo(module: "b", name: "w", dimensions: 3)])
        #expect(spelt.modules.map(\.name) == ["a", "b"])
    }

    /// target_parameters on ordinary layers: PEFT 0.21.2 adapts `lin0.weight` and rejects the
    /// 1-D `lin0.bias` (fixtures/silent: parameter-of-linear, parameter-bias).
    @Test func targetParametersOnOrdinaryLayersResolveFromNamedParameters() throws {
        let inventory = try ModulesFile.inventory(atPath: Fixtures.url("fixtures/silent/models/layers.parameters").path)
        var spec = LoraSpec(targetModules: .list([]))
        spec.targetParameters = ["lin0.weight"]
        let adapted = Resolver.resolve(spec: spec, inventory: inventory)
        #expect(adapted.raises == nil)
        #expect(adapted.modules.map(\.name) == ["lin0.weight"])
        spec.targetParameters = ["lin0.bias"]
        #expect(Resolver.resolve(spec: spec, inventory: inventory).raises
            == "PEFT raises ValueError: lora.ParamWrapper was initialized with 1 dimensional Parameter (lin0.bias), but only 2d and 3d are supported")
        #expect(Resolver.resolve(spec: spec, inventory: inventory, version: PeftVersion(0, 18, 1)).raises?
            .hasPrefix("PEFT raises IndexError: tuple index out of range") == true)
    }
}
