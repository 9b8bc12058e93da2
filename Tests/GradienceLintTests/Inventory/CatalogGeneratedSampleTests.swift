import Foundation
import Testing
@testable import GradienceLint
@testable import GradienceInventory

/// Issue 25 §1: the generated catalog, decoded and expanded in Swift, equals real
/// `named_modules()` for a sample of model types at two sizes on each transformers major.
/// `fixtures/catalog/<release>/<type>-<L>L<E>E.txt` are modules files written by
/// `scripts/catalog/generate.py --samples` (every layer count L, every expert count E); the
/// first line is the root's class, from which the model type must be inferred (issue 25 §2).
@Suite struct CatalogGeneratedSampleTests {
    static let root = FixturePaths.packageRoot.appendingPathComponent("fixtures/catalog")

    static var releases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { TransformersVersion($0) != nil }.sorted()
    }

    struct Sample {
        var modelType: String
        var layers: Int
        var experts: Int
        var url: URL
    }

    static func samples(_ release: String) throws -> [Sample] {
        let folder = root.appendingPathComponent(release)
        // `<type>-<L>L<E>E.txt`; a type may contain `-` (deberta-v2).
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().compactMap { name in
            guard name.hasSuffix("E.txt"), let dash = name.lastIndex(of: "-") else { return nil }
            let sizes = name[name.index(after: dash)...].dropLast("E.txt".count).split(separator: "L")
            guard sizes.count == 2, let layers = Int(sizes[0]), let experts = Int(sizes[1]) else { return nil }
            return Sample(modelType: String(name[..<dash]), layers: layers, experts: experts, url: folder.appendingPathComponent(name))
        }
    }

    /// The catalog's modules for a sample's sizes: every placeholder's config field set as generate.py set it.
    static func catalogModules(_ sample: Sample, _ version: TransformersVersion) throws -> [String] {
        let template = try #require(Catalog.template(for: sample.modelType), "\(sample.modelType) is not in the catalog")
        var counts: [String: Int] = [:]
        for variable in template.entry(version).variables {
            counts[variable.field] = variable.role == "experts" ? sample.experts : sample.layers
        }
        let inventory = try Catalog.inventory(architecture: sample.modelType, numLayers: sample.layers, relativeAttention: false,
                                              transformers: version, configCounts: counts)
        return inventory.modules.map { "\($0.name)\t\($0.className ?? "?")" }
    }

    @Test(arguments: releases)
    func decodedTemplatesEqualRealNamedModules(release: String) throws {
        let version = try #require(TransformersVersion(release))
        let samples = try Self.samples(release)
        #expect(Set(samples.map(\.modelType)).count >= 30, "\(release): sample types")
        for type in Set(samples.map(\.modelType)) {
            #expect(Set(samples.filter { $0.modelType == type }.map(\.layers)).count == 2, "\(release) \(type): two sizes")
        }
        for sample in samples {
            let (real, rootClass) = try ModulesFile.parseWithRoot(String(contentsOf: sample.url, encoding: .utf8), path: sample.url.path)
            let rootName = try #require(rootClass, "\(sample.url.lastPathComponent): no root line")
            #expect(Catalog.modelType(forClass: rootName, transformers: version) == sample.modelType, "\(rootName)")
            let want = real.map { "\($0.name)\t\($0.className ?? "?")" }
            let got = try Self.catalogModules(sample, version)
            if got != want {
                let index = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
                let catalogLine = index < got.count ? got[index] : "(end)", realLine = index < want.count ? want[index] : "(end)"
                Issue.record("\(release) \(sample.url.lastPathComponent): line \(index) is '\(catalogLine)', real named_modules() has '\(realLine)'")
            }
        }
    }

    /// The comparison can fail: another type's template, or a size off by one, differs.
    @Test func aWrongTemplateOrSizeIsCaught() throws {
        let release = try #require(Self.releases.last)
        let version = try #require(TransformersVersion(release))
        let llama = try #require(try Self.samples(release).first { $0.modelType == "llama" && $0.layers == 2 })
        let real = try ModulesFile.parse(String(contentsOf: llama.url, encoding: .utf8), path: "llama").map { "\($0.name)\t\($0.className ?? "?")" }
        #expect(try Self.catalogModules(llama, version) == real)
        var mistral = llama
        mistral.modelType = "mistral"
        #expect(try Self.catalogModules(mistral, version) != real)
        var bigger = llama
        bigger.layers = 3
        #expect(try Self.catalogModules(bigger, version) != real)
    }

    @Test func everyMajorHasAtLeast150ModelTypes() {
        #expect(CatalogData.types(major: 4).count >= 150)
        #expect(CatalogData.types(major: 5).count >= 150)
        for type in ["llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "qwen2_vl", "phi", "phi3", "gemma",
                     "gemma2", "gemma3", "t5", "mt5", "bart", "whisper", "bloom", "gpt2", "gpt_neox", "gptj", "opt", "falcon",
                     "starcoder2", "granite", "granitemoe", "deepseek_v2", "deepseek_v3", "gpt_oss", "olmoe", "exaone4", "paligemma",
                     "smolvlm", "llava", "vit", "blip", "clip", "bert", "roberta", "deberta-v2"] {
            #expect(Catalog.template(for: type) != nil, "\(type)")
        }
    }
}
