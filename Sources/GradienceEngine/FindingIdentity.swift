import GradienceSyntax
import GradienceConfig
import GradienceRules
/// What makes two findings "the same" across a fix: the rule and the key path. Positions
/// move when a fix edits the text; the key path names the setting, and a key the fix
/// renamed keeps its old name here, so a renamed key's own findings are not new ones.
struct FindingIdentity: Hashable {
    let code: String
    let keyPath: String

    init(code: String, keyPath: String) {
        self.code = code
        self.keyPath = keyPath
    }

    init(_ diagnostic: Diagnostic) {
        self.init(code: diagnostic.code, keyPath: Self.keyPath(of: diagnostic, diagnostic.keyPath))
    }

    /// Rules with one finding per config are told apart by rule alone.
    private static func keyPath(of diagnostic: Diagnostic, _ path: String) -> String {
        RuleRegistry.rule(code: diagnostic.code)?.metadata.oneFindingPerConfig == true ? "" : path
    }

    static func all(in result: Linter.FileResult) -> Set<FindingIdentity> {
        Set(result.diagnostics.map(FindingIdentity.init))
    }

    /// The keys `fixes` rename, as (old, new) pointers in `before`.
    static func renames(by fixes: [Diagnostic], in before: ParsedFile) -> [(old: String, new: String)] {
        var renames: [(old: String, new: String)] = []
        for document in before.documents {
            let pointers = ValueTreeDiff.pointers(in: document)
            for case .renameKey(let entry, let name) in fixes.flatMap({ $0.fix?.edits ?? [] }) {
                guard let mapping = pointers[ObjectIdentifier(entry.key)] else { continue }
                renames.append((JSONPointer.appending(mapping, entry.keyText ?? ""), JSONPointer.appending(mapping, name)))
            }
        }
        return renames
    }

    /// `identities` named as after `renames`: what the findings of the input are called
    /// once a round renamed their keys.
    static func forward(_ identities: Set<FindingIdentity>, _ renames: [(old: String, new: String)]) -> Set<FindingIdentity> {
        guard !renames.isEmpty else { return identities }
        // One lookup per ancestor of each key path: a round may rename thousands of keys.
        let map = Dictionary(renames.map { ($0.old, $0.new) }, uniquingKeysWith: { first, _ in first })
        let renamed = Set(map.keys)
        return Set(identities.map { identity in
            guard let from = ValueTreeDiff.ancestor(of: identity.keyPath, in: renamed), let to = map[from] else { return identity }
            return FindingIdentity(code: identity.code, keyPath: to + identity.keyPath.dropFirst(from.count))
        })
    }
}
