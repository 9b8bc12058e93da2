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

    /// The identities of `diagnostics` found after `renames`, named as before them.
    static func all(in diagnostics: [Diagnostic], renames: [(old: String, new: String)]) -> Set<FindingIdentity> {
        Set(diagnostics.map { diagnostic in
            let identity = FindingIdentity(diagnostic)
            guard let rename = renames.first(where: { ValueTreeDiff.isWithin(identity.keyPath, $0.new) }) else { return identity }
            return FindingIdentity(code: identity.code, keyPath: rename.old + identity.keyPath.dropFirst(rename.new.count))
        })
    }

    /// `identities` named as after `renames`: what the findings of the input are called
    /// once a round renamed their keys.
    static func forward(_ identities: Set<FindingIdentity>, _ renames: [(old: String, new: String)]) -> Set<FindingIdentity> {
        Set(identities.map { identity in
            guard let rename = renames.first(where: { ValueTreeDiff.isWithin(identity.keyPath, $0.old) }) else { return identity }
            return FindingIdentity(code: identity.code, keyPath: rename.new + identity.keyPath.dropFirst(rename.old.count))
        })
    }
}
