import Testing
@testable import GradienceLint

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
}
