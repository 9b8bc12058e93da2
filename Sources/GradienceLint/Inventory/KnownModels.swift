import Foundation

/// Well-known model ids and their sizes, from each model's own `config.json`.
///
/// Lookup (`KnownModels.find`) accepts, case-insensitively:
/// - the id itself (`meta-llama/Llama-2-7b-hf`) or a listed alias;
/// - any path or id whose last component matches an entry's last component, so local
///   copies (`/models/Llama-2-7b-hf`) and re-uploads (`unsloth/llama-2-7b`) work;
/// - that last component with packaging suffixes stripped, repeatedly: quantisation
///   (`-bnb-4bit`, `-4bit`, `-8bit`, `-gptq`, `-awq`, `-int4`, `-int8`, `-fp8`,
///   `-unsloth`), tuning (`-instruct`, `-chat`, `-it`), `-hf` and `-deduped`, plus the
///   `meta-` of `Meta-Llama-3-8B`. Tuned variants share the base model's modules.
public struct KnownModel: Sendable, Equatable {
    public var id: String
    public var modelType: String
    public var numLayers: Int
    public var numExperts: Int?
    /// LLaVA's vision tower depth.
    public var numVisionLayers: Int?

    public init(id: String, modelType: String, numLayers: Int, numExperts: Int? = nil, numVisionLayers: Int? = nil) {
        self.id = id
        self.modelType = modelType
        self.numLayers = numLayers
        self.numExperts = numExperts
        self.numVisionLayers = numVisionLayers
    }
}

public enum KnownModels {
    public static let all: [KnownModel] = [
        // Llama
        KnownModel(id: "meta-llama/Llama-2-7b-hf", modelType: "llama", numLayers: 32),
        KnownModel(id: "meta-llama/Llama-2-13b-hf", modelType: "llama", numLayers: 40),
        KnownModel(id: "meta-llama/Llama-2-70b-hf", modelType: "llama", numLayers: 80),
        KnownModel(id: "meta-llama/Meta-Llama-3-8B", modelType: "llama", numLayers: 32),
        KnownModel(id: "meta-llama/Meta-Llama-3-70B", modelType: "llama", numLayers: 80),
        KnownModel(id: "meta-llama/Llama-3.1-8B", modelType: "llama", numLayers: 32),
        KnownModel(id: "meta-llama/Llama-3.1-70B", modelType: "llama", numLayers: 80),
        KnownModel(id: "meta-llama/Llama-3.1-405B", modelType: "llama", numLayers: 126),
        KnownModel(id: "meta-llama/Llama-3.2-1B", modelType: "llama", numLayers: 16),
        KnownModel(id: "meta-llama/Llama-3.2-3B", modelType: "llama", numLayers: 28),
        // Mistral
        KnownModel(id: "mistralai/Mistral-7B-v0.1", modelType: "mistral", numLayers: 32),
        KnownModel(id: "mistralai/Mistral-7B-v0.3", modelType: "mistral", numLayers: 32),
        KnownModel(id: "mistralai/Mixtral-8x7B-v0.1", modelType: "mixtral", numLayers: 32, numExperts: 8),
        // Qwen
        KnownModel(id: "Qwen/Qwen2.5-0.5B", modelType: "qwen2", numLayers: 24),
        KnownModel(id: "Qwen/Qwen2.5-1.5B", modelType: "qwen2", numLayers: 28),
        KnownModel(id: "Qwen/Qwen2.5-3B", modelType: "qwen2", numLayers: 36),
        KnownModel(id: "Qwen/Qwen2.5-7B", modelType: "qwen2", numLayers: 28),
        KnownModel(id: "Qwen/Qwen2.5-14B", modelType: "qwen2", numLayers: 48),
        KnownModel(id: "Qwen/Qwen2.5-32B", modelType: "qwen2", numLayers: 64),
        KnownModel(id: "Qwen/Qwen2.5-72B", modelType: "qwen2", numLayers: 80),
        KnownModel(id: "Qwen/Qwen3-0.6B", modelType: "qwen3", numLayers: 28),
        KnownModel(id: "Qwen/Qwen3-1.7B", modelType: "qwen3", numLayers: 28),
        KnownModel(id: "Qwen/Qwen3-4B", modelType: "qwen3", numLayers: 36),
        KnownModel(id: "Qwen/Qwen3-8B", modelType: "qwen3", numLayers: 36),
        KnownModel(id: "Qwen/Qwen3-14B", modelType: "qwen3", numLayers: 40),
        KnownModel(id: "Qwen/Qwen3-32B", modelType: "qwen3", numLayers: 64),
        KnownModel(id: "Qwen/Qwen3-30B-A3B", modelType: "qwen3_moe", numLayers: 48, numExperts: 128),
        // LLaVA (Llama text model, CLIP ViT-L/14-336 vision tower)
        KnownModel(id: "llava-hf/llava-1.5-7b-hf", modelType: "llava", numLayers: 32, numVisionLayers: 24),
        KnownModel(id: "llava-hf/llava-1.5-13b-hf", modelType: "llava", numLayers: 40, numVisionLayers: 24),
        // Gemma
        KnownModel(id: "google/gemma-2b", modelType: "gemma", numLayers: 18),
        KnownModel(id: "google/gemma-7b", modelType: "gemma", numLayers: 28),
        KnownModel(id: "google/gemma-2-2b", modelType: "gemma2", numLayers: 26),
        KnownModel(id: "google/gemma-2-9b", modelType: "gemma2", numLayers: 42),
        KnownModel(id: "google/gemma-2-27b", modelType: "gemma2", numLayers: 46),
        KnownModel(id: "google/gemma-3-1b-pt", modelType: "gemma3_text", numLayers: 26),
        // Phi
        KnownModel(id: "microsoft/phi-2", modelType: "phi", numLayers: 32),
        KnownModel(id: "microsoft/Phi-3-mini-4k-instruct", modelType: "phi3", numLayers: 32),
        KnownModel(id: "microsoft/Phi-3-mini-128k-instruct", modelType: "phi3", numLayers: 32),
        // GPT-2
        KnownModel(id: "openai-community/gpt2", modelType: "gpt2", numLayers: 12),
        KnownModel(id: "openai-community/gpt2-medium", modelType: "gpt2", numLayers: 24),
        KnownModel(id: "openai-community/gpt2-large", modelType: "gpt2", numLayers: 36),
        KnownModel(id: "openai-community/gpt2-xl", modelType: "gpt2", numLayers: 48),
        // Pythia
        KnownModel(id: "EleutherAI/pythia-70m", modelType: "gpt_neox", numLayers: 6),
        KnownModel(id: "EleutherAI/pythia-160m", modelType: "gpt_neox", numLayers: 12),
        KnownModel(id: "EleutherAI/pythia-410m", modelType: "gpt_neox", numLayers: 24),
        KnownModel(id: "EleutherAI/pythia-1b", modelType: "gpt_neox", numLayers: 16),
        KnownModel(id: "EleutherAI/pythia-1.4b", modelType: "gpt_neox", numLayers: 24),
        KnownModel(id: "EleutherAI/pythia-2.8b", modelType: "gpt_neox", numLayers: 32),
        KnownModel(id: "EleutherAI/pythia-6.9b", modelType: "gpt_neox", numLayers: 32),
        KnownModel(id: "EleutherAI/pythia-12b", modelType: "gpt_neox", numLayers: 36),
        // Encoders and T5
        KnownModel(id: "google-bert/bert-base-uncased", modelType: "bert", numLayers: 12),
        KnownModel(id: "google-bert/bert-base-cased", modelType: "bert", numLayers: 12),
        KnownModel(id: "google-bert/bert-large-uncased", modelType: "bert", numLayers: 24),
        KnownModel(id: "google-bert/bert-large-cased", modelType: "bert", numLayers: 24),
        KnownModel(id: "FacebookAI/roberta-base", modelType: "roberta", numLayers: 12),
        KnownModel(id: "FacebookAI/roberta-large", modelType: "roberta", numLayers: 24),
        KnownModel(id: "distilbert/distilbert-base-uncased", modelType: "distilbert", numLayers: 6),
        KnownModel(id: "google-t5/t5-small", modelType: "t5", numLayers: 6),
        KnownModel(id: "google-t5/t5-base", modelType: "t5", numLayers: 12),
        KnownModel(id: "google-t5/t5-large", modelType: "t5", numLayers: 24),
    ]

    /// Suffixes that change packaging or tuning but not module names.
    static let strippableSuffixes = ["-bnb-4bit", "-bnb-8bit", "-unsloth", "-4bit", "-8bit", "-gptq", "-awq", "-int4", "-int8",
                                     "-fp8", "-instruct", "-chat", "-it", "-hf", "-deduped", "-pt"]

    public static func find(_ nameOrPath: String) -> KnownModel? {
        let query = nameOrPath.lowercased().trimmingSuffix("/")
        if let exact = all.first(where: { $0.id.lowercased() == query }) { return exact }
        let key = normalizedKey(lastComponent(query))
        guard !key.isEmpty else { return nil }
        return all.first { normalizedKey(lastComponent($0.id.lowercased())) == key }
    }

    static func lastComponent(_ text: String) -> String {
        text.split(separator: "/").last.map(String.init) ?? text
    }

    /// `Meta-Llama-3.1-8B-Instruct-bnb-4bit` → `llama-3.1-8b`.
    static func normalizedKey(_ component: String) -> String {
        // Mistral and Mixtral put the tuning tag before the version: `Mistral-7B-Instruct-v0.3`.
        var key = component.lowercased().replacingOccurrences(of: "-instruct", with: "")
        var changed = true
        while changed {
            changed = false
            for suffix in strippableSuffixes where key.hasSuffix(suffix) && key.count > suffix.count {
                key.removeLast(suffix.count)
                changed = true
            }
        }
        if key.hasPrefix("meta-llama") { key.removeFirst("meta-".count) }
        return key
    }
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while text.hasSuffix(suffix) && text.count > suffix.count { text.removeLast(suffix.count) }
        return text
    }
}
