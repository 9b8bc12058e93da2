import GradienceSyntax
/// Values the file does not fix: something else fills them in before the tool reads them.
/// They are never judged as literals; rules that need them stay quiet and `resolve` shows
/// them unresolved.
enum UnknownValue {
    /// Why `node`'s value is not known statically, or nil when it is a plain literal.
    static func reason(_ node: Node) -> String? {
        guard let scalar = node.scalar else { return nil }
        let text = scalar.text
        // OmegaConf/Hydra interpolations (`${lora.rank}`, `${oc.env:RANK}`) and shell-style `${RANK}`.
        if text.containsText("${") { return "an interpolation (\(text)) filled in when the config is composed" }
        // Jinja-style templates rendered before the file is read.
        if text.containsText("{{") { return "a template (\(text)) rendered before the file is read" }
        // `$RANK`: an environment reference a launcher expands.
        if text.count > 1, text.first == "$", text.dropFirst().allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }),
           text.dropFirst().first.map({ $0 == "_" || $0.isLetter }) == true {
            return "an environment reference (\(text))"
        }
        return nil
    }

    static func isUnknown(_ node: Node) -> Bool { reason(node) != nil }
}
