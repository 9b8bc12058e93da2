import Foundation

/// The base models people fine-tune most, with the numbers that decide their module names, each
/// from that model's published `config.json` (or the transformers config class whose docstring
/// names it). The table itself is generated: `scripts/known-models/collect.py` gathers the rows
/// and their sources into `scripts/known-models/known-models.tsv`, and
/// `scripts/known-models/generate.py` writes `KnownModelsTable.swift` from it.
///
/// Lookup (`KnownModels.find`) accepts, case-insensitively:
/// - the id itself (`meta-llama/Llama-2-7b-hf`);
/// - any path or id whose last component matches an entry's last component, so local
///   copies (`/models/Llama-2-7b-hf`) and re-uploads (`unsloth/llama-2-7b`) work;
/// - that last component with packaging suffixes stripped, repeatedly: quantisation
///   (`-bnb-4bit`, `-4bit`, `-8bit`, `-gptq`, `-awq`, `-int4`, `-int8`, `-fp8`,
///   `-unsloth`), tuning (`-instruct` anywhere, `-chat`, `-it`, `-pt`), `-hf` and `-deduped`, plus
///   the `meta-` of `Meta-Llama-3-8B`. Tuned variants share the base model's modules.
/// When several rows share that stripped key, the first in the table answers (the generator
/// refuses rows that share a key but disagree on a number). An id whose `model_type` the catalog
/// has no template for is still found here; it just yields no inventory.
public struct KnownModel: Sendable, Equatable {
    public var id: String
    /// transformers' `model_type` (`qwen2`, `gemma3_text`, `t5`, `whisper`…).
    public var modelType: String
    /// `num_hidden_layers` (for encoder-decoders the encoder's: T5's `num_layers`, Whisper's and
    /// BART's `encoder_layers`; for vision-language models the text model's).
    public var numLayers: Int
    /// T5's `num_decoder_layers`, Whisper's and BART's `decoder_layers`.
    public var numDecoderLayers: Int?
    /// Routed experts per MoE layer (`num_local_experts`, `num_experts`, `n_routed_experts`).
    public var numExperts: Int?
    /// The vision tower's depth (`vision_config.num_hidden_layers`, Qwen2-VL's `depth`).
    public var numVisionLayers: Int?
    /// `tie_word_embeddings`; nil when the source does not say.
    public var tiedEmbeddings: Bool?
    /// T5 v1.1 / Flan-T5 / mT5 (`feed_forward_proj: gated-gelu`): `wi_0`/`wi_1` instead of `wi`.
    public var gatedFeedForward: Bool

    public init(id: String, modelType: String, numLayers: Int, numDecoderLayers: Int? = nil, numExperts: Int? = nil,
                numVisionLayers: Int? = nil, tiedEmbeddings: Bool? = nil, gatedFeedForward: Bool = false) {
        self.id = id
        self.modelType = modelType
        self.numLayers = numLayers
        self.numDecoderLayers = numDecoderLayers
        self.numExperts = numExperts
        self.numVisionLayers = numVisionLayers
        self.tiedEmbeddings = tiedEmbeddings
        self.gatedFeedForward = gatedFeedForward
    }
}

public enum KnownModels {
    /// Every row of the generated table (`KnownModelsTable.swift`).
    public static var all: [KnownModel] { table }

    /// Suffixes that change packaging or tuning but not module names.
    static let strippableSuffixes = ["-bnb-4bit", "-bnb-8bit", "-unsloth", "-4bit", "-8bit", "-gptq", "-awq", "-int4", "-int8",
                                     "-fp8", "-instruct", "-chat", "-it", "-hf", "-deduped", "-pt"]

    public static func find(_ nameOrPath: String) -> KnownModel? {
        let query = nameOrPath.lowercased().trimmingSuffix("/")
        if let exact = byID[query] { return exact }
        let key = normalizedKey(lastComponent(query))
        guard !key.isEmpty else { return nil }
        return byKey[key]
    }

    /// Lower-cased id → row, first row first.
    private static let byID: [String: KnownModel] = Dictionary(table.map { ($0.id.lowercased(), $0) }) { first, _ in first }
    /// Stripped last component → row, first row first.
    private static let byKey: [String: KnownModel] =
        Dictionary(table.map { (normalizedKey(lastComponent($0.id.lowercased())), $0) }) { first, _ in first }

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
