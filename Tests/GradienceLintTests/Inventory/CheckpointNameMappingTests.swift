import Foundation
import Testing
@testable import GradienceLint
@testable import GradienceInventory

/// `--model-dir` against real transformers: each folder under `fixtures/modeldir/<release>/<arch>/`
/// holds what that release's `save_pretrained` wrote (config.json and the safetensors header)
/// and the loaded model's real `named_modules()` and `named_parameters()` (written by
/// `fixtures/modeldir/generate.py`). A checkpoint can show the modules owning a parameter and
/// their parents, so that is what the inventory must list, exactly.
@Suite struct CheckpointNameMappingTests {
    struct Truth {
        var modules: [String: String]
        var parameters: [(name: String, shape: [Int])]
    }

    static let archs = ["llama", "mixtral", "qwen2_moe", "qwen3_moe", "llava"]
    static let moe: Set<String> = ["mixtral", "qwen2_moe", "qwen3_moe"]

    static func truth(_ release: String, _ arch: String) throws -> Truth {
        let data = try Data(contentsOf: Fixtures.url("fixtures/modeldir/\(release)/\(arch)/modules.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let modules = try #require(root["modules"] as? [[String]])
        let parameters = try #require(root["parameters"] as? [[Any]])
        return Truth(modules: Dictionary(uniqueKeysWithValues: modules.map { ($0[0], $0[1]) }),
                     parameters: parameters.map { ($0[0] as! String, $0[1] as! [Int]) })
    }

    /// The real modules a checkpoint can show: owners of parameters, and their parents.
    static func visibleModules(_ truth: Truth) -> Set<String> {
        ModelDirectory.withParents(truth.parameters.map { String($0.name[..<$0.name.lastIndex(of: ".")!]) }).reduce(into: []) { $0.insert($1) }
    }

    /// A model folder rebuilt from the committed header: the data area is zeros of the size
    /// the offsets say (the reader checks the layout, never the values).
    static func folder(_ release: String, _ arch: String, header: ((String) -> String)? = nil) throws -> TemporaryFolder {
        let base = "fixtures/modeldir/\(release)/\(arch)/"
        let folder = try TemporaryFolder()
        try folder.write("config.json", try String(contentsOf: Fixtures.url(base + "config.json"), encoding: .utf8))
        var text = try String(contentsOf: Fixtures.url(base + "model.safetensors.header.json"), encoding: .utf8)
        if let header { text = header(text) }
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let end = parsed.values.compactMap { (($0 as? [String: Any])?["data_offsets"] as? [Int])?.last }.max() ?? 0
        try folder.write("model.safetensors", SafetensorsFixture.file(headerBytes: Array(text.utf8), dataSize: end))
        return folder
    }

    func check(folderRelease: String, truthRelease: String, arch: String, transformers: TransformersVersion? = nil,
               header: ((String) -> String)? = nil) throws {
        let truth = try Self.truth(truthRelease, arch)
        let folder = try Self.folder(folderRelease, arch, header: header)
        defer { folder.cleanUp() }
        let inventory = try ModelDirectory.inventory(at: folder.path, transformers: transformers)
        // get_output_embeddings() is lm_head for all five (realpeft's models.json records it);
        // the catalog template says so.
        #expect(inventory.outputEmbedding == "lm_head", "\(arch)")
        let names = inventory.modules.map(\.name)
        #expect(names.count == Set(names).count, "\(arch): a module listed twice")
        let expected = Self.visibleModules(truth)
        #expect(Set(names).subtracting(expected).sorted() == [], "\(folderRelease)/\(arch) read as \(truthRelease): not in the loaded model")
        #expect(expected.subtracting(names).sorted() == [], "\(folderRelease)/\(arch) read as \(truthRelease): missing")
        for module in inventory.modules {
            guard let className = module.className, let real = truth.modules[module.name] else { continue }
            #expect(className == real, "\(arch): \(module.name)")
        }
        let fused = truth.parameters.filter { name, _ in
            let owner = String(name[..<name.lastIndex(of: ".")!])
            return truth.modules[owner].map { $0.hasSuffix("Experts") || $0.hasSuffix("TopKRouter") } ?? false
        }
        #expect(Set(inventory.parameters.map { "\($0.fullName) \($0.dimensions)-D" }) == Set(fused.map { "\($0.name) \($0.shape.count)-D" }),
                "\(folderRelease)/\(arch) read as \(truthRelease): fused parameters")
        if truthRelease.hasPrefix("5."), Self.moe.contains(arch) {
            // the v5 experts carry 3-D parameters, and the inventory knows their classes
            #expect(fused.filter { $0.shape.count == 3 }.count == 2 * 3)
            for (name, real) in truth.modules where real.hasSuffix("Experts") || real.hasSuffix("TopKRouter") {
                #expect(inventory.modules.first { $0.name == name }?.className == real)
            }
        }
    }

    @Test(arguments: archs) func eachReleaseReadsItsOwnFolder(arch: String) throws {
        try check(folderRelease: "4.57.6", truthRelease: "4.57.6", arch: arch)
        try check(folderRelease: "5.24.0", truthRelease: "5.24.0", arch: arch)
    }

    /// transformers 5 loads checkpoints 4.x saved (per-expert tensors, `vision_model.` in the tower).
    @Test(arguments: archs) func transformers5ReadsA4xFolder(arch: String) throws {
        try check(folderRelease: "4.57.6", truthRelease: "5.24.0", arch: arch, transformers: .newest)
    }

    /// 5.24's save_pretrained writes the legacy per-expert names (they are what the committed
    /// headers hold); a folder with the fused names (`experts.gate_up_proj`, 3-D) maps the same.
    @Test(arguments: ["mixtral", "qwen2_moe", "qwen3_moe"]) func fusedSpellingMapsTheSame(arch: String) throws {
        let header = try String(contentsOf: Fixtures.url("fixtures/modeldir/5.24.0/\(arch)/model.safetensors.header.json"), encoding: .utf8)
        #expect(header.contains(".experts.0."))
        #expect(!header.contains("gate_up_proj"))
        try check(folderRelease: "5.24.0", truthRelease: "5.24.0", arch: arch) { text in
            Self.fuseExperts(text)
        }
    }

    /// Rewrites a header's per-expert tensors as transformers 5 holds them in memory: one
    /// `gate_up_proj` [experts, 2 × intermediate, hidden] and one `down_proj` per layer.
    static func fuseExperts(_ text: String) -> String {
        let parsed = try! JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        var out: [String: [String: Any]] = [:]
        var offset = 0
        var fused: [String: (experts: Set<Int>, shape: [Int], gateUp: Bool)] = [:]
        let pattern = try! Regex(#"^(.*)\.(block_sparse_moe|mlp)\.experts\.(\d+)\.(w1|w2|w3|gate_proj|up_proj|down_proj)\.weight$"#)
        for (name, value) in parsed.sorted(by: { $0.key < $1.key }) where name != "__metadata__" {
            let entry = value as! [String: Any]
            let shape = entry["shape"] as! [Int]
            if let match = try! pattern.wholeMatch(in: name) {
                let layer = String(match.output[1].substring!)
                let leaf = String(match.output[4].substring!)
                let isDown = leaf == "w2" || leaf == "down_proj"
                let key = "\(layer).mlp.experts.\(isDown ? "down_proj" : "gate_up_proj")"
                var slot = fused[key] ?? ([], shape, !isDown)
                slot.experts.insert(Int(match.output[3].substring!)!)
                fused[key] = slot
                continue
            }
            let name = name.replacingOccurrences(of: ".block_sparse_moe.", with: ".mlp.")
            let size = shape.reduce(4, *)
            out[name] = ["dtype": "F32", "shape": shape, "data_offsets": [offset, offset + size]]
            offset += size
        }
        for (key, slot) in fused.sorted(by: { $0.key < $1.key }) {
            let shape = [slot.experts.count, slot.shape[0] * (slot.gateUp ? 2 : 1), slot.shape[1]]
            let size = shape.reduce(4, *)
            out[key] = ["dtype": "F32", "shape": shape, "data_offsets": [offset, offset + size]]
            offset += size
        }
        let data = try! JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    @Test func theTableEntryDependsOnTheRelease() {
        #expect(CheckpointNameMapping.mapping(for: "mixtral", transformers: TransformersVersion(4, 57, 6)) == nil)
        #expect(CheckpointNameMapping.mapping(for: "mixtral", transformers: TransformersVersion(5, 0, 0))?.fusion?.classPrefix == "Mixtral")
        #expect(CheckpointNameMapping.mapping(for: "llava", transformers: TransformersVersion(4, 57, 6))?.until == TransformersVersion(5))
        #expect(CheckpointNameMapping.mapping(for: "llama", transformers: .newest) == nil)
        let v5 = CheckpointNameMapping.mapping(for: "llava", transformers: .newest)!
        #expect(v5.map(tensor: "language_model.model.layers.0.self_attn.q_proj.weight") == "model.language_model.layers.0.self_attn.q_proj.weight")
        #expect(v5.map(tensor: "language_model.lm_head.weight") == "lm_head.weight")
        #expect(v5.map(tensor: "vision_tower.vision_model.encoder.layers.0.mlp.fc1.weight") == "model.vision_tower.encoder.layers.0.mlp.fc1.weight")
        #expect(v5.map(tensor: "model.language_model.norm.weight") == "model.language_model.norm.weight")
        let v4 = CheckpointNameMapping.mapping(for: "llava", transformers: TransformersVersion(4, 57, 6))!
        #expect(v4.map(tensor: "vision_tower.vision_model.encoder.layers.0.mlp.fc1.weight") == "model.vision_tower.vision_model.encoder.layers.0.mlp.fc1.weight")
    }

    /// The `transformers-version` setting (through the loader) wins over config.json's.
    @Test func theRequestedReleaseWinsOverConfigJSON() throws {
        let folder = try Self.folder("4.57.6", "mixtral")
        defer { folder.cleanUp() }
        var request = InventoryRequest(modelDirectory: folder.path)
        let asSaved = try #require(try InventoryLoader.load(request).inventory)
        #expect(asSaved.modules.contains { $0.name == "model.layers.0.block_sparse_moe.experts.3.w1" })
        #expect(asSaved.parameters == [])
        request.transformersVersion = .newest
        let asV5 = try #require(try InventoryLoader.load(request).inventory)
        #expect(!asV5.modules.contains { $0.name.contains("block_sparse_moe") })
        #expect(asV5.parameters.first == ParameterInfo(module: "model.layers.0.mlp.experts", name: "gate_up_proj"))
        #expect(asV5.detail.hasSuffix("names as transformers 5.24.0 loads mixtral; classes from the mixtral catalog template"))
    }
}
