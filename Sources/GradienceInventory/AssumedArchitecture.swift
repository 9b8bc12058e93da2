import Foundation

/// The architecture a base model's name points to, when nothing more exact is at hand:
/// no modules file, model folder, cached snapshot, adapter weights or table entry.
///
/// The guess is taken from data, not from a list of name rules: the name's tokens are set
/// against the ids of `KnownModels` (`acme/Qwen2.5-32B-merged` holds `qwen2.5` and a size,
/// as `Qwen/Qwen2.5-7B` does, so qwen2), and only when every known model of that family
/// has one `model_type` (see `tableMatch`). The modules are the catalog's at one layer: right for leaf names
/// (a misspelt `v_prj`, Phi-3's fused `qkv_proj`, towers), meaningless for layer indices
/// and counts, so the rules that use it check leaf names only and never raise an error on
/// it alone.
public struct AssumedArchitecture: Sendable, Equatable {
    public var modelType: String
    /// The name it was read from, as the config gives it.
    public var name: String
    /// The known id whose family it shares, when it came from the table.
    public var likeID: String?
    /// The architecture's modules at a nominal size (one layer), for each transformers
    /// release it may be loaded with: the one given, else the last 4.x and the newest (a
    /// name is reported missing only when no release has it: Mixtral's `w1` is 4.x only).
    public var inventories: [Inventory]

    /// Whether some release's layout has a module named `entry` or ending in `.entry`.
    public func hasModule(namedOrEndingWith entry: String) -> Bool {
        inventories.contains { $0.indexes.hasModule(namedOrEndingWith: entry) }
    }

    /// Last name components of every release's modules, for "did you mean".
    public var sortedLastComponents: [String] {
        Array(Set(inventories.flatMap(\.indexes.sortedLastComponents))).sorted()
    }

    /// What the output says about it.
    public var reason: String {
        let from = likeID.map { "from the name '\(name)', like \($0)" } ?? "from the name '\(name)'"
        return "'\(name)' is not a local model folder, not in the Hugging Face cache and not in the table of known models; "
            + "architecture \(modelType) assumed \(from), layer count unknown: only leaf module names were checked"
    }

    /// The last transformers 4 release, whose layouts differ most from 5's (per-expert MoE).
    static let lastTransformers4 = TransformersVersion(4, 57, 6)

    /// - Parameter transformers: the release the user gave; nil: any of 4.x's last and the newest.
    public static func guess(from name: String, transformers: TransformersVersion?) -> AssumedArchitecture? {
        let id = HuggingFaceCache.repoID(name) ?? name
        let tokens = Self.tokens(id)
        guard !tokens.isEmpty else { return nil }
        guard let (modelType, likeID) = tableMatch(tokens) else { return nil }
        let releases = transformers.map { [$0] } ?? [lastTransformers4, .newest]
        let inventories = releases.compactMap { release in
            try? Catalog.inventory(architecture: modelType, numLayers: 1, numExperts: nil, transformers: release,
                                   origin: "assumed from '\(name)'")
        }
        guard !inventories.isEmpty else { return nil }
        return AssumedArchitecture(modelType: modelType, name: name, likeID: likeID, inventories: inventories)
    }

    /// The known models of the name's family and generation in another size. A known id's
    /// family is its tokens before the first size token (`Qwen2.5-7B` → `qwen2.5`,
    /// `Llama-3.1-8B` → `llama 3.1`); the name must hold that run followed by a size
    /// (`Qwen2.5-32B-Coder-merged`, `sft-llama-3.1-70b`), and every known model of that
    /// family must have one `model_type`. A family word alone is never enough: Falcon-H1,
    /// Llama 4, Qwen3-Next and Phi-4 share a word with older families, not their modules,
    /// and Qwen3 holds dense and MoE models.
    static func tableMatch(_ tokens: [String]) -> (String, String?)? {
        var best: [KnownModel] = []
        var bestLength = 0
        for model in KnownModels.all {
            let family = Array(Self.tokens(model.id).prefix { !isSize($0) })
            guard !family.isEmpty, family.count >= bestLength else { continue }
            let followedBySize = tokens.indices.contains { start in
                start + family.count < tokens.count && Array(tokens[start..<start + family.count]) == family
                    && isSize(tokens[start + family.count])
            }
            guard followedBySize else { continue }
            if family.count > bestLength {
                bestLength = family.count
                best = [model]
            } else {
                best.append(model)
            }
        }
        guard let first = best.first, best.allSatisfy({ $0.modelType == first.modelType }) else { return nil }
        return (first.modelType, first.id)
    }

    /// A parameter count: `7b`, `0.5b`, `360m`, `8x7b`, `1.1b`, `7b1` (BLOOM's 7.1B).
    static func isSize(_ token: String) -> Bool {
        token.range(of: #"^(\d+x)?\d+(\.\d+)?[bm]\d*$"#, options: .regularExpression) != nil
    }

    /// `meta-llama/Meta-Llama-3.1-8B-Instruct-bnb-4bit` → `llama`, `3.1`, `8b`: the last
    /// component, packaging suffixes stripped as `KnownModels` strips them, split at `-`/`_`.
    static func tokens(_ id: String) -> [String] {
        let key = KnownModels.normalizedKey(KnownModels.lastComponent(id.lowercased()))
        return key.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " }).map(String.init)
    }
}
