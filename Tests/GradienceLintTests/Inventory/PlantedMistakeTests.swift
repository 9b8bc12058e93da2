import Foundation
import Testing
@testable import GradienceLint

/// Issue 25: the classic mistakes planted into a config whose base model is one people
/// fine-tune every day are caught without any flag — the id alone gives the inventory
/// (table of known models + generated catalog), and a Hub cache path names its model.
@Suite struct PlantedMistakeTests {
    struct Family: CustomTestStringConvertible, Sendable {
        var id: String
        /// A target that exists in the family (the planted `v_prj` sits beside it).
        var realTarget: String
        /// What the inventory must say it is.
        var catalog: String
        var testDescription: String { id }
    }

    static let families: [Family] = [
        Family(id: "Qwen/Qwen2-0.5B-Instruct", realTarget: "q_proj", catalog: "catalog: qwen2, 24 layers"),
        Family(id: "TinyLlama/TinyLlama-1.1B-Chat-v1.0", realTarget: "q_proj", catalog: "catalog: llama, 22 layers"),
        Family(id: "HuggingFaceTB/SmolLM2-360M", realTarget: "q_proj", catalog: "catalog: llama, 32 layers"),
        Family(id: "microsoft/Phi-3.5-mini-instruct", realTarget: "qkv_proj", catalog: "catalog: phi3, 32 layers"),
        Family(id: "google/flan-t5-small", realTarget: "q", catalog: "catalog: t5, 8 layers"),
        Family(id: "google/mt5-small", realTarget: "q", catalog: "catalog: mt5, 8 layers"),
        Family(id: "openai/whisper-small", realTarget: "fc1", catalog: "catalog: whisper, 12 layers"),
        Family(id: "bigscience/bloom-7b1", realTarget: "query_key_value", catalog: "catalog: bloom, 30 layers"),
        Family(id: "Qwen/Qwen2-VL-7B-Instruct", realTarget: "q_proj", catalog: "catalog: qwen2_vl, 28 layers"),
        Family(id: "openai/gpt-oss-20b", realTarget: "q_proj", catalog: "catalog: gpt_oss, 24 layers"),
        Family(id: "HuggingFaceTB/SmolVLM-500M-Instruct", realTarget: "down_proj", catalog: "catalog: idefics3, 32 layers"),
        Family(id: "LGAI-EXAONE/EXAONE-4.0-1.2B", realTarget: "q_proj", catalog: "catalog: exaone4, 30 layers"),
        Family(id: "/data/hub/models--meta-llama--Meta-Llama-3-8B/snapshots/0123abcd", realTarget: "q_proj", catalog: "catalog: llama, 32 layers"),
    ]

    static func lint(_ json: String) -> [Diagnostic] {
        Linter(options: LintOptions()).lint(SourceText(path: "adapter_config.json", bytes: Array(json.utf8))).diagnostics
    }

    @Test(arguments: families)
    func aMisspeltTargetIsCaughtFromTheIdAlone(family: Family) {
        let json = "{\n  \"peft_type\": \"LORA\",\n  \"base_model_name_or_path\": \"\(family.id)\",\n  \"r\": 8,\n  \"target_modules\": [\"\(family.realTarget)\", \"v_prj\"]\n}\n"
        let planted = Self.lint(json).filter { $0.code == "GL011" }
        #expect(planted.count == 1, "\(planted.map(\.message))")
        #expect(planted.first?.range.start.line == 5)
        #expect(planted.first?.message.hasPrefix("'v_prj' in target_modules matches no module of the base model (\(family.catalog)") == true,
                "\(planted.first?.message ?? "none")")
    }

    /// Phi-3 fuses q/k/v into `qkv_proj`: the usual llama targets reach `o_proj` only.
    @Test func phi3sFusedProjectionsAreCaught() {
        let json = "{\"peft_type\": \"LORA\", \"base_model_name_or_path\": \"microsoft/Phi-3.5-mini-instruct\", \"r\": 8, \"target_modules\": [\"q_proj\", \"k_proj\", \"v_proj\", \"o_proj\"]}\n"
        let missing = Self.lint(json).filter { $0.code == "GL011" }.compactMap { $0.message.split(separator: "'").first.map(String.init) }
        #expect(missing == ["q_proj", "k_proj", "v_proj"])
    }

    /// A pattern key for layer 30 of a 24-layer model applies to nothing.
    @Test func aLayerBeyondTheModelIsCaught() {
        let json = "{\"peft_type\": \"LORA\", \"base_model_name_or_path\": \"Qwen/Qwen2-0.5B-Instruct\", \"r\": 8, \"target_modules\": [\"q_proj\", \"v_proj\"], \"rank_pattern\": {\"model.layers.30.self_attn.q_proj\": 4}}\n"
        let unmatched = Self.lint(json).filter { $0.code == "GL005" }
        #expect(unmatched.count == 1)
        #expect(unmatched.first?.message.hasPrefix("rank_pattern key 'model.layers.30.self_attn.q_proj' matches no adapted module") == true)
    }
}
