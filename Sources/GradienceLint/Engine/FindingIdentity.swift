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

    /// The findings after `fixes` were applied to `before`, with renamed keys' paths
    /// mapped back to their names in `before`.
    static func all(in result: Linter.FileResult, renamedBy fixes: [Diagnostic], in before: ParsedFile) -> Set<FindingIdentity> {
        var renames: [(old: String, new: String)] = []
        for document in before.documents {
            let pointers = ValueTreeDiff.pointers(in: document)
            for case .renameKey(let entry, let name) in fixes.flatMap({ $0.fix?.edits ?? [] }) {
                guard let mapping = pointers[ObjectIdentifier(entry.key)] else { continue }
                renames.append((JSONPointer.appending(mapping, entry.keyText ?? ""), JSONPointer.appending(mapping, name)))
            }
        }
        return Set(result.diagnostics.map { diagnostic in
            var path = diagnostic.keyPath
            if let rename = renames.first(where: { ValueTreeDiff.isWithin(path, $0.new) }) {
                path = rename.old + path.dropFirst(rename.new.count)
            }
            return FindingIdentity(code: diagnostic.code, keyPath: keyPath(of: diagnostic, path))
        })
    }
}
