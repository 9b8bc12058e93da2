/// How a `rank_pattern` / `alpha_pattern` key is tested against a module name.
package enum PatternKeyStyle: Sendable {
    /// PEFT ≥ 0.15, `get_pattern_key` (utils/other.py): `re.match(rf"(.*\.)?({key})$", name)`
    /// — the key covers the whole name or a suffix starting right after a dot.
    case wholeOrDottedSuffix
    /// PEFT < 0.15: `re.match(rf".*\.{key}$", name)` — only a suffix after a dot, and the
    /// key is pasted in without a group, so `^` and top-level `|` behave differently.
    case dottedSuffixOnly

    package init(version: PeftVersion) {
        self = version.hasFeature(since: 0, 15) ? .wholeOrDottedSuffix : .dottedSuffixOnly
    }

    /// The Python pattern PEFT builds for `key`.
    package func pythonPattern(for key: String) -> String {
        switch self {
        case .wholeOrDottedSuffix: return #"(.*\.)?("# + key + ")$"
        case .dottedSuffixOnly: return #".*\."# + key + "$"
        }
    }
}
