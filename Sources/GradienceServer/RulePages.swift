import Foundation
import GradienceRules
import GradienceEngine

/// Where a diagnostic's `codeDescription` points. The project has no public home to link
/// (see `ToolInfo`), so by default the server writes the rule pages — generated from the
/// rules' metadata exactly as `rules/` is — into a cache folder for this version and
/// links them as `file:` URLs: the link always opens, and always matches the binary. A
/// client can name its own base instead (`initializationOptions.ruleDocsBaseURL`, e.g. a
/// hosted copy of `rules/`).
public struct RulePages: Sendable {
    /// nil: no links. Internal so the server can hand it to its analysis workers.
    let base: String?

    public init(base: String?) {
        self.base = base.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }

    /// Pages written under the user's cache folder (`$XDG_CACHE_HOME`, else `~/.cache`).
    public static func writtenToCache(environment: [String: String] = ProcessInfo.processInfo.environment) -> RulePages {
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.cache" } ?? NSTemporaryDirectory()
        let folder = URL(fileURLWithPath: cache).appendingPathComponent("gradience-lint/\(ToolInfo.version)/rules", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for rule in RuleRegistry.all {
                let page = folder.appendingPathComponent(RuleDocs.fileName(for: rule.metadata))
                let text = Data(RuleDocs.page(for: rule.metadata).utf8)
                if FileManager.default.contents(atPath: page.path) != text { try text.write(to: page, options: .atomic) }
            }
        } catch {
            return RulePages(base: nil)
        }
        return RulePages(base: folder.absoluteString)
    }

    public func href(code: String) -> String? {
        guard let base, let rule = RuleRegistry.rule(code: code) else { return nil }
        return base + RuleDocs.fileName(for: rule.metadata)
    }
}
