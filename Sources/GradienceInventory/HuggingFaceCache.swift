import Foundation

/// A base model in the local Hugging Face cache, found offline as
/// `from_pretrained(id, local_files_only=True)` finds it.
///
/// Modelled on transformers 4.57.6 `utils/hub.py` (`TRANSFORMERS_CACHE`, which falls back
/// through `PYTORCH_TRANSFORMERS_CACHE` and `PYTORCH_PRETRAINED_BERT_CACHE` to huggingface_hub's
/// `HF_HUB_CACHE`) and huggingface_hub 0.36 `constants.py` (`HF_HUB_CACHE`, else the legacy
/// `HUGGINGFACE_HUB_CACHE`, else `$HF_HOME/hub`, `HF_HOME` defaulting to
/// `$XDG_CACHE_HOME/huggingface`, else `~/.cache/huggingface`) and
/// `file_download.try_to_load_from_cache`: the repo folder is `models--org--name`, the
/// revision `main` is read from `refs/main`, and only that snapshot counts (no random
/// other revision is taken).
public struct HuggingFaceCache: Sendable, Hashable {
    /// The hub cache folder (`…/huggingface/hub`).
    public var hubFolder: String

    public init(hubFolder: String) {
        self.hubFolder = hubFolder
    }

    /// The cache transformers would read, from the process environment.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> HuggingFaceCache {
        func value(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        func expandUser(_ path: String) -> String {
            path == "~" ? home : path.hasPrefix("~/") ? home + path.dropFirst() : path
        }
        let hfHome = expandUser(value("HF_HOME") ?? ((value("XDG_CACHE_HOME") ?? home + "/.cache") + "/huggingface"))
        let hubCache = expandUser(value("HF_HUB_CACHE") ?? value("HUGGINGFACE_HUB_CACHE") ?? hfHome + "/hub")
        // transformers' own variables win, unexpanded, as utils/hub.py reads them.
        let folder = value("TRANSFORMERS_CACHE") ?? value("PYTORCH_TRANSFORMERS_CACHE")
            ?? value("PYTORCH_PRETRAINED_BERT_CACHE") ?? hubCache
        return HuggingFaceCache(hubFolder: folder)
    }

    /// The snapshot folder of `id`'s `main` revision when it holds a `config.json`, else nil.
    public func snapshot(of id: String) -> String? {
        guard let repo = HuggingFaceCache.repoID(id) else { return nil }
        let repoFolder = hubFolder + "/models--" + repo.replacingOccurrences(of: "/", with: "--")
        let fileManager = FileManager.default
        var revision = "main"
        if let data = fileManager.contents(atPath: repoFolder + "/refs/main"), let text = String(data: data, encoding: .utf8) {
            revision = text
        }
        let snapshot = repoFolder + "/snapshots/" + revision
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: snapshot + "/config.json", isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return snapshot
    }

    /// The Hub id a string names: `org/name` itself, or the `models--org--name` folder inside
    /// a cache path (`…/hub/models--meta-llama--Meta-Llama-3-8B/snapshots/<hash>`). Nil for
    /// anything else (a plain local path, an absolute path without a cache folder in it).
    public static func repoID(_ text: String) -> String? {
        let components = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if let folder = components.last(where: { $0.hasPrefix("models--") }) {
            let parts = folder.dropFirst("models--".count).components(separatedBy: "--")
            guard parts.count >= 1, parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
            return parts.joined(separator: "/")
        }
        // A Hub id: "name" or "org/name", no path syntax.
        guard !text.hasPrefix("/"), !text.hasPrefix("."), !text.hasPrefix("~"), (1...2).contains(components.count),
              components.allSatisfy({ !$0.isEmpty && $0 != ".." && $0 != "." }) else { return nil }
        return components.joined(separator: "/")
    }
}
