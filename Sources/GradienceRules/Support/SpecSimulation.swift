import GradiencePEFT
/// Checks a fix before it is offered as safe: the edited config must give every module
/// the same r and alpha, both as trained (file order) and after `save_pretrained` sorts
/// the keys and PEFT reloads them (DESIGN.md §5).
extension RuleContext {
    /// Whether `spec` resolves exactly like the file's own spec on this inventory. False
    /// without an inventory, or when a key could not be evaluated (the answer would be partial).
    /// `ignoring`: modules another rule's fix is about to change on purpose (GL001's).
    func resolvesLikeCurrent(_ spec: LoraSpec, ignoring: Set<String> = []) -> Bool {
        guard let inventory, let resolution, resolution.keyProblems.isEmpty else { return false }
        // The same keys as the resolution's (an edited r or value) reuse its pattern lookups.
        let other = Resolver.resolve(spec: spec, inventory: inventory, version: options.peftVersion, memo: patternMemo)
        guard other.keyProblems.isEmpty, other.modules.count == resolution.modules.count else { return false }
        return zip(resolution.modules, other.modules).allSatisfy { before, after in
            before.name == after.name && (ignoring.contains(before.name) || (before.r == after.r && before.alpha == after.alpha
                && before.sortedR == after.sortedR && before.sortedAlpha == after.sortedAlpha))
        }
    }
}

extension LoraSpec {
    /// The spec with some pattern keys removed.
    func removing(rankKeys: Set<String>, alphaKeys: Set<String>) -> LoraSpec {
        var spec = self
        spec.rankPattern.removeAll { rankKeys.contains($0.key) }
        spec.alphaPattern.removeAll { alphaKeys.contains($0.key) }
        return spec
    }
}
