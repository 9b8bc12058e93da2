import Foundation
import Testing
@testable import GradienceLint

/// The table of base models people fine-tune (`KnownModels`, generated from
/// `scripts/known-models/known-models.tsv`): the exact numbers of a representative id per family,
/// the lookup's tolerance of re-uploads and local copies, and that the Swift table is the TSV.
@Suite struct KnownModelsTests {
    /// (query, id, model_type, layers, decoder layers, experts, vision layers, tied embeddings, gated FFN)
    typealias Row = (String, String, String, Int, Int?, Int?, Int?, Bool?, Bool)

    /// One representative per family, including every id issue 25 lists that a public source covers,
    /// with the numbers of that model's published config.json.
    static let representatives: [Row] = [
        ("Qwen/Qwen2-0.5B-Instruct", "Qwen/Qwen2-0.5B-Instruct", "qwen2", 24, nil, nil, nil, true, false),
        ("TinyLlama/TinyLlama-1.1B-Chat-v1.0", "TinyLlama/TinyLlama-1.1B-Chat-v1.0", "llama", 22, nil, nil, nil, false, false),
        ("HuggingFaceTB/SmolLM2-360M", "HuggingFaceTB/SmolLM2-360M", "llama", 32, nil, nil, nil, true, false),
        ("microsoft/Phi-3.5-mini-instruct", "microsoft/Phi-3.5-mini-instruct", "phi3", 32, nil, nil, nil, false, false),
        ("google/flan-t5-small", "google/flan-t5-small", "t5", 8, 8, nil, nil, nil, true),
        ("google/mt5-small", "google/mt5-small", "mt5", 8, 8, nil, nil, false, true),
        ("openai/whisper-small", "openai/whisper-small", "whisper", 12, 12, nil, nil, nil, false),
        ("bigscience/bloom-7b1", "bigscience/bloom-7b1", "bloom", 30, nil, nil, nil, nil, false),
        ("Qwen/Qwen2-VL-7B-Instruct", "Qwen/Qwen2-VL-7B-Instruct", "qwen2_vl", 28, nil, nil, 32, false, false),
        ("openai/gpt-oss-20b", "openai/gpt-oss-20b", "gpt_oss", 24, nil, 32, nil, false, false),
        ("google/paligemma-3b-pt-224", "google/paligemma-3b-pt-224", "paligemma", 18, nil, nil, 27, nil, false),
        ("HuggingFaceTB/SmolVLM-500M-Instruct", "HuggingFaceTB/SmolVLM-500M-Instruct", "idefics3", 32, nil, nil, 12, false, false),
        ("LGAI-EXAONE/EXAONE-4.0-1.2B", "LGAI-EXAONE/EXAONE-4.0-1.2B", "exaone4", 30, nil, nil, nil, true, false),
        ("meta-llama/Llama-2-7b-chat-hf", "meta-llama/Llama-2-7b-chat-hf", "llama", 32, nil, nil, nil, false, false),
        ("meta-llama/Meta-Llama-3-8B-Instruct", "meta-llama/Meta-Llama-3-8B-Instruct", "llama", 32, nil, nil, nil, false, false),
        ("deepseek-ai/DeepSeek-V3", "deepseek-ai/DeepSeek-V3", "deepseek_v3", 61, nil, 256, nil, false, false),
        ("meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B-Instruct", "llama", 32, nil, nil, nil, false, false),
        ("meta-llama/Llama-3.2-1B-Instruct", "meta-llama/Llama-3.2-1B-Instruct", "llama", 16, nil, nil, nil, true, false),
        ("meta-llama/Llama-3.3-70B-Instruct", "meta-llama/Llama-3.3-70B-Instruct", "llama", 80, nil, nil, nil, nil, false),
        ("mistralai/Mistral-7B-Instruct-v0.3", "mistralai/Mistral-7B-Instruct-v0.3", "mistral", 32, nil, nil, nil, false, false),
        ("mistralai/Mixtral-8x7B-Instruct-v0.1", "mistralai/Mixtral-8x7B-Instruct-v0.1", "mixtral", 32, nil, 8, nil, false, false),
        ("Qwen/Qwen1.5-7B-Chat", "Qwen/Qwen1.5-7B-Chat", "qwen2", 32, nil, nil, nil, nil, false),
        ("Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-7B-Instruct", "qwen2", 28, nil, nil, nil, nil, false),
        ("Qwen/Qwen3-8B", "Qwen/Qwen3-8B", "qwen3", 36, nil, nil, nil, nil, false),
        ("Qwen/Qwen3-30B-A3B", "Qwen/Qwen3-30B-A3B", "qwen3_moe", 48, nil, 128, nil, nil, false),
        ("Qwen/Qwen1.5-MoE-A2.7B", "Qwen/Qwen1.5-MoE-A2.7B", "qwen2_moe", 24, nil, 60, nil, false, false),
        ("google/gemma-7b", "google/gemma-7b", "gemma", 28, nil, nil, nil, nil, false),
        ("google/gemma-2-9b-it", "google/gemma-2-9b-it", "gemma2", 42, nil, nil, nil, nil, false),
        ("google/gemma-3-1b-it", "google/gemma-3-1b-it", "gemma3_text", 26, nil, nil, nil, nil, false),
        ("google/gemma-3-4b-it", "google/gemma-3-4b-it", "gemma3", 34, nil, nil, nil, nil, false),
        ("microsoft/phi-2", "microsoft/phi-2", "phi", 32, nil, nil, nil, false, false),
        ("microsoft/phi-4", "microsoft/phi-4", "phi3", 40, nil, nil, nil, nil, false),
        ("microsoft/Phi-3.5-MoE-instruct", "microsoft/Phi-3.5-MoE-instruct", "phimoe", 32, nil, 16, nil, false, false),
        ("HuggingFaceTB/SmolLM-135M", "HuggingFaceTB/SmolLM-135M", "llama", 30, nil, nil, nil, true, false),
        ("tiiuae/falcon-7b", "tiiuae/falcon-7b", "falcon", 32, nil, nil, nil, true, false),
        ("tiiuae/Falcon3-7B-Instruct", "tiiuae/Falcon3-7B-Instruct", "llama", 28, nil, nil, nil, nil, false),
        ("bigcode/starcoder2-7b", "bigcode/starcoder2-7b", "starcoder2", 32, nil, nil, nil, nil, false),
        ("ibm-granite/granite-3.1-1b-a400m-instruct", "ibm-granite/granite-3.1-1b-a400m-instruct", "granitemoe", 24, nil, 32, nil, true, false),
        ("facebook/opt-1.3b", "facebook/opt-1.3b", "opt", 24, nil, nil, nil, nil, false),
        ("openai-community/gpt2-xl", "openai-community/gpt2-xl", "gpt2", 48, nil, nil, nil, nil, false),
        ("EleutherAI/gpt-neox-20b", "EleutherAI/gpt-neox-20b", "gpt_neox", 44, nil, nil, nil, false, false),
        ("EleutherAI/pythia-1b-deduped", "EleutherAI/pythia-1b-deduped", "gpt_neox", 16, nil, nil, nil, nil, false),
        ("EleutherAI/gpt-j-6b", "EleutherAI/gpt-j-6b", "gptj", 28, nil, nil, nil, false, false),
        ("deepseek-ai/DeepSeek-V2-Lite-Chat", "deepseek-ai/DeepSeek-V2-Lite-Chat", "deepseek_v2", 27, nil, 64, nil, nil, false),
        ("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "llama", 32, nil, nil, nil, nil, false),
        ("allenai/OLMo-2-1124-7B", "allenai/OLMo-2-1124-7B", "olmo2", 32, nil, nil, nil, false, false),
        ("allenai/OLMoE-1B-7B-0924", "allenai/OLMoE-1B-7B-0924", "olmoe", 16, nil, 64, nil, false, false),
        ("google-bert/bert-base-uncased", "google-bert/bert-base-uncased", "bert", 12, nil, nil, nil, true, false),
        ("FacebookAI/roberta-large", "FacebookAI/roberta-large", "roberta", 24, nil, nil, nil, nil, false),
        ("microsoft/deberta-v2-xlarge", "microsoft/deberta-v2-xlarge", "deberta-v2", 24, nil, nil, nil, true, false),
        ("google-t5/t5-small", "google-t5/t5-small", "t5", 6, 6, nil, nil, true, false),
        ("facebook/bart-large", "facebook/bart-large", "bart", 12, 12, nil, nil, true, false),
        ("openai/clip-vit-base-patch32", "openai/clip-vit-base-patch32", "clip", 12, nil, nil, 12, true, false),
        ("google/vit-base-patch16-224", "google/vit-base-patch16-224", "vit", 12, nil, nil, nil, true, false),
        ("Salesforce/blip-vqa-base", "Salesforce/blip-vqa-base", "blip", 12, nil, nil, 12, true, false),
        ("llava-hf/llava-1.5-7b-hf", "llava-hf/llava-1.5-7b-hf", "llava", 32, nil, nil, 24, nil, false),
    ]

    @Test(arguments: representatives)
    func representativeOfEachFamily(row: Row) throws {
        let (query, id, type, layers, decoder, experts, vision, tied, gated) = row
        let known = try #require(KnownModels.find(query))
        #expect(known == KnownModel(id: id, modelType: type, numLayers: layers, numDecoderLayers: decoder, numExperts: experts,
                                    numVisionLayers: vision, tiedEmbeddings: tied, gatedFeedForward: gated))
    }

    /// Re-uploads, quantised copies and local folders find the checkpoint they were made from.
    @Test(arguments: [
        ("unsloth/Qwen2-0.5B-Instruct-bnb-4bit", "Qwen/Qwen2-0.5B"),
        ("/models/TinyLlama-1.1B-Chat-v1.0/", "TinyLlama/TinyLlama-1.1B-Chat-v1.0"),
        ("unsloth/Llama-3.2-3B-Instruct-unsloth-bnb-4bit", "meta-llama/Llama-3.2-3B"),
        ("TheBloke/Mistral-7B-Instruct-v0.1-GPTQ", "mistralai/Mistral-7B-v0.1"),
        ("mlx-community/SmolLM2-360M-Instruct-4bit", "HuggingFaceTB/SmolLM2-360M"),
        ("./checkpoints/whisper-small", "openai/whisper-small"),
        ("GOOGLE/FLAN-T5-SMALL", "google/flan-t5-small"),
    ])
    func looseIDsFindTheirCheckpoint(query: String, id: String) throws {
        #expect(try #require(KnownModels.find(query)).id == id)
    }

    @Test func unknownIDsAreNotGuessed() {
        #expect(KnownModels.find("my-org/my-private-model") == nil)
        #expect(KnownModels.find("") == nil)
        #expect(KnownModels.find("/") == nil)
    }

    /// Rows that share a lookup key agree on every number both state, so the first row's
    /// answer is right for all of them.
    @Test func everyIDFindsItsOwnNumbers() {
        for row in KnownModels.all {
            guard let found = KnownModels.find(row.id) else {
                Issue.record("\(row.id) not found")
                continue
            }
            #expect(found == row, "\(row.id)")
        }
    }

    /// An id whose model_type the catalog has a template for yields that template at the table's
    /// size; one whose model_type it lacks yields no inventory and breaks nothing.
    @Test func catalogInventoryPerModelType() throws {
        var seen = Set<String>()
        for row in KnownModels.all where seen.insert(row.modelType).inserted {
            let inventory = Catalog.inventory(modelID: row.id)
            if Catalog.template(for: row.modelType) == nil {
                #expect(inventory == nil, "\(row.id): \(row.modelType) has no template")
            } else {
                let found = try #require(inventory, "\(row.id)")
                #expect(found.numLayers == row.numLayers, "\(row.id)")
                #expect(found.modelType == Catalog.template(for: row.modelType)?.modelType, "\(row.id)")
            }
        }
    }

    /// Flan-T5's gated feed-forward (`wi_0`/`wi_1`) and its decoder depth reach the catalog.
    @Test func flanT5UsesGatedFeedForwardAndItsDecoderDepth() throws {
        let names = Set(try #require(Catalog.inventory(modelID: "google/flan-t5-small")).modules.map(\.name))
        #expect(names.contains("encoder.block.7.layer.1.DenseReluDense.wi_0"))
        #expect(names.contains("decoder.block.7.layer.2.DenseReluDense.wi_1"))
        #expect(!names.contains("encoder.block.0.layer.1.DenseReluDense.wi"))
        #expect(!names.contains("encoder.block.8"))
    }

    /// The Swift table is what `scripts/known-models/generate.py` writes from the TSV.
    @Test func tableIsTheTSV() throws {
        let text = try String(contentsOf: Fixtures.url("scripts/known-models/known-models.tsv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = lines.removeFirst()
        #expect(header.prefix(8) == ["id", "model_type", "num_layers", "num_decoder_layers", "num_experts", "num_vision_layers",
                                     "tied_embeddings", "gated_feed_forward"])
        let fromTSV = lines.map { f in
            KnownModel(id: f[0], modelType: f[1], numLayers: Int(f[2]) ?? -1, numDecoderLayers: Int(f[3]), numExperts: Int(f[4]),
                       numVisionLayers: Int(f[5]), tiedEmbeddings: f[6].isEmpty ? nil : f[6] == "true", gatedFeedForward: f[7] == "true")
        }
        #expect(fromTSV.count == KnownModels.all.count, "stale: run scripts/known-models/generate.py")
        if let index = fromTSV.indices.first(where: { $0 < KnownModels.all.count && fromTSV[$0] != KnownModels.all[$0] }) {
            Issue.record("row \(index + 2) of the TSV differs from the Swift table (run scripts/known-models/generate.py): \(fromTSV[index]) vs \(KnownModels.all[index])")
        }
        #expect(KnownModels.all.count >= 300)
    }
}
