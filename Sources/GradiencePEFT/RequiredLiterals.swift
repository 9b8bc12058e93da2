import GradienceSyntax
/// Literal strings a regex pattern key cannot match without: a cheap test that rules out
/// most (key, module name) pairs before ICU runs. 3,000 regex keys against a 32-layer
/// Llama are a million evaluations, each a backtracking `(.*\.)?(key)$` match; almost all
/// of them fail, and almost all fail for want of a literal the key spells out
/// (`layers\.7\.self_attn` against `model.layers.3.mlp.up_proj`).
///
/// Read conservatively off the Python pattern: in each top-level branch, the runs of
/// literal characters outside any group or set and not under a quantifier. A name that
/// contains none of a branch's runs cannot match that branch; one that fails every branch
/// cannot match the key (`re.match` with PEFT's wrapper matches the key against a part of
/// the name, so every run the key requires is in the name). Anything this reading is unsure
/// of (inline flags, which may make it case-insensitive or verbose; numeric or named
/// escapes) gives no filter: the key is then evaluated against every name.
struct RequiredLiterals {
    /// For each top-level branch, the UTF-8 runs it requires (every one non-empty).
    let branches: [[[UInt8]]]

    init?(_ key: String) {
        let scalars = Array(key.unicodeScalars)
        var branches: [[[UInt8]]] = []
        var current: [[UInt8]] = []
        var run = String.UnicodeScalarView()
        var index = 0
        func finishRun() {
            if !run.isEmpty { current.append(Array(String(run).utf8)) }
            run = String.UnicodeScalarView()
        }
        while index < scalars.count {
            let c = scalars[index]
            switch c {
            case "|":
                finishRun()
                branches.append(current)
                current = []
                index += 1
            case "(":
                // Inline flags (`(?i)`, `(?x)`, `(?i:…)`) change what every literal means.
                if index + 2 < scalars.count, scalars[index + 1] == "?", "aiLmsux-".unicodeScalars.contains(scalars[index + 2]) { return nil }
                finishRun()
                guard let end = Self.endOfGroup(scalars, from: index) else { return nil }
                index = end
            case "[":
                finishRun()
                guard let end = Self.endOfSet(scalars, from: index) else { return nil }
                index = end
            case "*", "+", "?":
                // The character before is optional or repeated: not required as it stands.
                if !run.isEmpty { run.removeLast() }
                finishRun()
                index += 1
            case "{":
                if !run.isEmpty { run.removeLast() }
                finishRun()
                // A repeat `{m,n}` (or a literal brace): nothing in it is counted.
                index += 1
                while index < scalars.count, scalars[index] != "}" { index += 1 }
                index += 1
            case "\\":
                guard index + 1 < scalars.count else { return nil }
                let escaped = scalars[index + 1]
                if escaped.properties.isASCIIHexDigit || ("g"..."z").contains(escaped) || ("G"..."Z").contains(escaped) {
                    // \d, \w, \b, \A, \n, \x41, \1 …: classes, anchors, codes and references.
                    if "xuUN0123456789".unicodeScalars.contains(escaped) { return nil }
                    finishRun()
                } else {
                    run.append(escaped)
                }
                index += 2
            case ".", "^", "$", ")":
                finishRun()
                index += 1
            default:
                run.append(c)
                index += 1
            }
        }
        finishRun()
        branches.append(current)
        // A branch that requires nothing admits every name: no filter.
        guard branches.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.branches = branches
    }

    /// Whether `name` (UTF-8) holds every run of some branch.
    func admits(_ name: [UInt8]) -> Bool {
        branches.contains { runs in runs.allSatisfy { Self.contains(name, $0) } }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return needle.isEmpty }
        var start = 0
        let last = haystack.count - needle.count
        while start <= last {
            if haystack[start] == first {
                var offset = 1
                while offset < needle.count && haystack[start + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    /// The index after the `)` closing the group that opens at `start`.
    private static func endOfGroup(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var depth = 0
        var index = start
        while index < scalars.count {
            switch scalars[index] {
            case "\\": index += 1
            case "[":
                guard let end = endOfSet(scalars, from: index) else { return nil }
                index = end - 1
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return index + 1 }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// The index after the `]` closing the set that opens at `start` (`[]a]` and `[^]a]`
    /// hold a literal `]`, as in CPython's parser).
    private static func endOfSet(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 1
        if index < scalars.count, scalars[index] == "^" { index += 1 }
        if index < scalars.count, scalars[index] == "]" { index += 1 }
        while index < scalars.count {
            switch scalars[index] {
            case "\\": index += 1
            case "]": return index + 1
            default: break
            }
            index += 1
        }
        return nil
    }
}
