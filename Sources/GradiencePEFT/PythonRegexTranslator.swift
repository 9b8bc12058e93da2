import GradienceSyntax
/// Rewrites a Python `re` pattern (str pattern, Python 3.11+ syntax) as an ICU pattern
/// that accepts exactly the same strings, or says why it cannot.
///
/// The parser follows CPython's `re/_parser.py` step by step, so that everything
/// `re.compile` rejects is rejected here with CPython's message, and it emits ICU text
/// that never relies on a construct whose meaning differs between the engines.
/// The differences it bridges (CPython behaviour → what is emitted):
///
/// | Python                              | ICU would differ because             | emitted                            |
/// |-------------------------------------|--------------------------------------|------------------------------------|
/// | `.` = any but `\n`                  | ICU `.` also stops at `\r`, U+2028…  | `[^\n]` (DOTALL: `[\s\S]`)         |
/// | `$` = end, or before a final `\n`   | ICU accepts any final line ending    | `(?=\n?\z)` (MULTILINE `(?=\n|\z)`)|
/// | `^` with MULTILINE: after `\n` only | ICU: after any line terminator       | `(?:\A|(?<=\n))`                   |
/// | `\Z` = very end                     | ICU `\Z` allows a final line ending  | `\z`                               |
/// | `\w` = `str.isalnum()` or `_`       | ICU adds marks, drops `No`           | `[\p{L}\p{N}_]`                    |
/// | `\s` includes `\v`, `\x1c`–`\x1f`, `\x85` | ICU `\s` is `[\t\n\f\r\p{Z}]`  | explicit set                       |
/// | `\b`, `\B` on Python's `\w`         | ICU's word definition differs        | look-arounds on the `\w` set       |
/// | `(?P<n>…)`, `(?P=n)`                | ICU spells them differently          | plain group / numbered reference   |
/// | `[]a]`, `[a&&b]`, `[[]`             | ICU has nested sets and operators    | every set member as `\x{…}`        |
/// | `x{` (not a quantifier) is literal  | ICU rejects a lone `{`               | `\x{7b}`                           |
/// | flags `x`, `s`, `m`, `a`            | handled while parsing                | never passed to ICU                |
///
/// Refused as untranslatable (valid Python, not evaluated rather than guessed):
/// conditional groups `(?(1)…)`, `\N{…}` names, back-references inside a look-behind,
/// and case-insensitive matching of non-ASCII characters (ICU folds `ß` to `ss`, CPython
/// does not). Refused as invalid, as CPython does: variable-width look-behind, bad
/// escapes, unbalanced parentheses, global flags not at the start, and so on.
struct PythonRegexTranslator {
    /// CPython's `_sre.MAXREPEAT`: the "unbounded" repeat count and the width cap.
    static let maxRepeat = 4_294_967_295

    struct Flags: Equatable {
        var ignoreCase = false
        var multiline = false
        var dotAll = false
        var verbose = false
        var ascii = false
    }

    /// One parsed item: its ICU text, its width bounds (CPython's `getwidth`), and what
    /// kind of item it is (the repeat checks depend on that).
    struct Fragment {
        enum Kind { case atom, anchor, repetition, group, assertion, backref }
        var text: String
        var lo: Int
        var hi: Int
        var kind: Kind
    }

    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var flags = Flags()
    /// Group numbers opened so far, plus one (CPython's `state.groups`).
    private var nextGroup = 1
    private var openGroups: Set<Int> = []
    private var groupNames: [String: Int] = [:]
    /// Non-nil while inside a look-behind: the first group number defined inside it.
    private var lookbehindGroupStart: Int?

    private(set) var groupCount = 0

    init(_ pattern: String) {
        scalars = Array(pattern.unicodeScalars)
    }

    /// The ICU text for the whole pattern.
    static func translate(_ pattern: String) -> Result<(icu: String, groups: Int), PythonRegexProblem> {
        var translator = PythonRegexTranslator(pattern)
        do {
            let body = try translator.parseAlternation(nested: 0)
            if translator.position < translator.scalars.count {
                throw translator.invalid("unbalanced parenthesis")
            }
            return .success((body.text, translator.groupCount))
        } catch let problem as PythonRegexProblem {
            return .failure(problem)
        } catch {
            return .failure(PythonRegexProblem(kind: .invalid, message: "\(error)", position: nil))
        }
    }

    // MARK: - Errors

    private func invalid(_ message: String, at offset: Int? = nil) -> PythonRegexProblem {
        PythonRegexProblem(kind: .invalid, message: message, position: offset ?? position)
    }

    private func untranslatable(_ message: String) -> PythonRegexProblem {
        PythonRegexProblem(kind: .untranslatable, message: message, position: position)
    }

    // MARK: - Reading

    private var next: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    private mutating func take() -> Unicode.Scalar? {
        guard position < scalars.count else { return nil }
        defer { position += 1 }
        return scalars[position]
    }

    private mutating func takeIf(_ c: Unicode.Scalar) -> Bool {
        if next == c { position += 1; return true }
        return false
    }

    private mutating func takeWhile(max: Int, _ accept: (Unicode.Scalar) -> Bool) -> String {
        var text = ""
        while text.unicodeScalars.count < max, let c = next, accept(c) {
            text.unicodeScalars.append(c)
            position += 1
        }
        return text
    }

    private mutating func takeUntil(_ terminator: Unicode.Scalar, what: String) throws -> String {
        let start = position
        var text = ""
        while true {
            guard let c = take() else { throw invalid("missing \(terminator == ">" ? ">" : ")"), unterminated name", at: start) }
            if c == terminator { break }
            text.unicodeScalars.append(c)
        }
        if text.isEmpty { throw invalid("missing \(what)", at: start) }
        return text
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    private static func isOctal(_ c: Unicode.Scalar) -> Bool { ("0"..."7").contains(c) }
    private static func isHex(_ c: Unicode.Scalar) -> Bool {
        isDigit(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
    }
    private static func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }
    private static let verboseWhitespace: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}"]

    // MARK: - Width arithmetic (CPython caps widths at MAXREPEAT)

    private static func add(_ a: Int, _ b: Int) -> Int { min(a + b, maxRepeat) }
    private static func multiply(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? maxRepeat : min(product, maxRepeat)
    }

    // MARK: - Alternation and sequence

    private mutating func parseAlternation(nested: Int) throws -> Fragment {
        var branches: [Fragment] = []
        while true {
            branches.append(try parseSequence(nested: nested + 1, first: nested == 0 && branches.isEmpty))
            if !takeIf("|") { break }
        }
        if branches.count == 1 { return branches[0] }
        let text = "(?:" + branches.map(\.text).joined(separator: "|") + ")"
        return Fragment(text: text, lo: branches.map(\.lo).min()!, hi: branches.map(\.hi).max()!, kind: .group)
    }

    private mutating func parseSequence(nested: Int, first: Bool) throws -> Fragment {
        var items: [Fragment] = []
        while let this = next, this != "|", this != ")" {
            position += 1
            if flags.verbose {
                if Self.verboseWhitespace.contains(this) { continue }
                if this == "#" {
                    while let c = take(), c != "\n" {}
                    continue
                }
            }
            switch this {
            case "\\":
                items.append(try parseEscape())
            case "[":
                items.append(try parseSet())
            case "?", "*", "+", "{":
                guard let repeated = try parseRepeat(this, previous: items.last) else {
                    items.append(literal("{"))
                    continue
                }
                items[items.count - 1] = repeated
            case ".":
                items.append(Fragment(text: flags.dotAll ? "[\\s\\S]" : "[^\\n]", lo: 1, hi: 1, kind: .atom))
            case "(":
                if let group = try parseGroup(nested: nested, first: first, sequenceIsEmpty: items.isEmpty) {
                    items.append(group)
                }
            case "^":
                items.append(Fragment(text: flags.multiline ? "(?:\\A|(?<=\\n))" : "\\A", lo: 0, hi: 0, kind: .anchor))
            case "$":
                items.append(Fragment(text: flags.multiline ? "(?=\\n|\\z)" : "(?=\\n?\\z)", lo: 0, hi: 0, kind: .anchor))
            default:
                items.append(try literalFragment(this))
            }
        }
        var lo = 0, hi = 0
        for item in items {
            lo = Self.add(lo, item.lo)
            hi = Self.add(hi, item.hi)
        }
        return Fragment(text: items.map(\.text).joined(), lo: lo, hi: hi, kind: items.count == 1 ? items[0].kind : .group)
    }

    // MARK: - Literals

    private func literal(_ c: Unicode.Scalar) -> Fragment {
        // Letters and `_` are literal in both engines; everything else (digits included,
        // so none can extend a preceding back-reference) is spelled as a code point, so no
        // ICU metacharacter can sneak in.
        let plain = Self.isASCIILetter(c) || c == "_"
        let text = plain ? String(c) : Self.codePoint(c)
        return Fragment(text: flags.ignoreCase ? "(?i:\(text))" : text, lo: 1, hi: 1, kind: .atom)
    }

    private func literalFragment(_ c: Unicode.Scalar) throws -> Fragment {
        if flags.ignoreCase && !c.isASCII {
            throw untranslatable("case-insensitive matching of non-ASCII \(Self.describe(c)) differs between Python and ICU")
        }
        return literal(c)
    }

    static func codePoint(_ c: Unicode.Scalar) -> String {
        "\\x{" + String(c.value, radix: 16) + "}"
    }

    private static func describe(_ c: Unicode.Scalar) -> String {
        "U+" + String(c.value, radix: 16, uppercase: true)
    }

    // MARK: - Character categories

    private enum Category: Character {
        case digit = "d", notDigit = "D", space = "s", notSpace = "S", word = "w", notWord = "W"
    }

    /// The members of a category as ICU set content (without brackets), or a nested
    /// negated set for the upper-case forms.
    private func categoryMembers(_ category: Category) -> String {
        let digit = flags.ascii ? "0-9" : "\\p{Nd}"
        let space = flags.ascii ? "\\t\\n\\x{b}\\f\\r\\x{20}" : "\\t\\n\\x{b}\\f\\r\\x{1c}-\\x{1f}\\x{85}\\p{Z}"
        let word = wordMembers
        switch category {
        case .digit: return digit
        case .notDigit: return "[^\(digit)]"
        case .space: return space
        case .notSpace: return "[^\(space)]"
        case .word: return word
        case .notWord: return "[^\(word)]"
        }
    }

    private var wordMembers: String { flags.ascii ? "a-zA-Z0-9_" : "\\p{L}\\p{N}_" }

    // MARK: - Escapes outside a set

    private mutating func parseEscape() throws -> Fragment {
        let escapeStart = position - 1
        guard let c = take() else { throw invalid("bad escape (end of pattern)", at: escapeStart) }
        let word = "[\(wordMembers)]"
        switch c {
        case "A": return Fragment(text: "\\A", lo: 0, hi: 0, kind: .anchor)
        case "Z": return Fragment(text: "\\z", lo: 0, hi: 0, kind: .anchor)
        case "b":
            return Fragment(text: "(?:(?<=\(word))(?!\(word))|(?<!\(word))(?=\(word)))", lo: 0, hi: 0, kind: .anchor)
        case "B":
            // CPython's \B never matches in an empty string.
            return Fragment(text: "(?:(?<=[\\s\\S])|(?=[\\s\\S]))(?:(?<=\(word))(?=\(word))|(?<!\(word))(?!\(word)))",
                            lo: 0, hi: 0, kind: .anchor)
        case "d", "D", "s", "S", "w", "W":
            let members = categoryMembers(Category(rawValue: Character(c))!)
            let text = members.hasPrefix("[") ? members : "[\(members)]"
            return Fragment(text: text, lo: 1, hi: 1, kind: .atom)
        case "0":
            let digits = takeWhile(max: 2, Self.isOctal)
            return try literalFragment(Unicode.Scalar(UInt32(digits, radix: 8) ?? 0)!)
        case "1"..."9":
            var number = String(c)
            if let d = next, Self.isDigit(d) {
                position += 1
                number.unicodeScalars.append(d)
                if Self.isOctal(c), Self.isOctal(d), let e = next, Self.isOctal(e) {
                    position += 1
                    number.unicodeScalars.append(e)
                    let value = UInt32(number, radix: 8)!
                    if value > 0o377 {
                        throw invalid("octal escape value \\\(number) outside of range 0-0o377", at: escapeStart)
                    }
                    return try literalFragment(Unicode.Scalar(value)!)
                }
            }
            let group = Int(number)!
            guard group < nextGroup else { throw invalid("invalid group reference \(group)", at: escapeStart + 1) }
            return try backReference(group, at: escapeStart)
        default:
            if let value = try parseCommonEscape(c, at: escapeStart) { return try literalFragment(value) }
            throw invalid("bad escape \\\(c)", at: escapeStart)
        }
    }

    /// Escapes with the same meaning inside and outside a set: control letters, `\x`,
    /// `\u`, `\U`, `\N`, and escaped punctuation. nil when `c` is not one of them.
    private mutating func parseCommonEscape(_ c: Unicode.Scalar, at start: Int) throws -> Unicode.Scalar? {
        switch c {
        case "a": return "\u{07}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        case "\\": return "\\"
        case "x", "u", "U":
            let count = c == "x" ? 2 : (c == "u" ? 4 : 8)
            let digits = takeWhile(max: count, Self.isHex)
            guard digits.count == count else { throw invalid("incomplete escape \\\(c)\(digits)", at: start) }
            guard let value = Unicode.Scalar(UInt32(digits, radix: 16)!) else {
                throw invalid("bad escape \\\(c)\(digits)", at: start)
            }
            return value
        case "N":
            throw untranslatable("named characters (\\N{…}) are not evaluated")
        default:
            if Self.isASCIILetter(c) || Self.isDigit(c) { return nil }
            return c
        }
    }

    private mutating func backReference(_ group: Int, at start: Int) throws -> Fragment {
        if openGroups.contains(group) { throw invalid("cannot refer to an open group", at: start) }
        if let lookbehindStart = lookbehindGroupStart {
            if group >= lookbehindStart {
                throw invalid("cannot refer to group defined in the same lookbehind subpattern", at: start)
            }
            throw untranslatable("a back-reference inside a look-behind cannot be evaluated with ICU")
        }
        // `(?:)` separates the number from whatever follows.
        let text = "\\\(group)(?:)"
        return Fragment(text: flags.ignoreCase ? "(?i:\(text))" : text, lo: 0, hi: Self.maxRepeat, kind: .backref)
    }

    // MARK: - Sets

    private mutating func parseSet() throws -> Fragment {
        let start = position - 1
        let negate = takeIf("^")
        var members: [String] = []
        var literals: [Unicode.Scalar] = []

        // One set item: a literal scalar, or a category's members.
        enum Item { case scalar(Unicode.Scalar), category(String) }
        func readItem(_ this: Unicode.Scalar) throws -> Item {
            guard this == "\\" else { return .scalar(this) }
            let escapeStart = position - 1
            guard let c = take() else { throw invalid("unterminated character set", at: start) }
            switch c {
            case "d", "D", "s", "S", "w", "W":
                return .category(categoryMembers(Category(rawValue: Character(c))!))
            case "b": return .scalar("\u{08}")
            case "0"..."7":
                let digits = String(c) + takeWhile(max: 2, Self.isOctal)
                let value = UInt32(digits, radix: 8)!
                if value > 0o377 {
                    throw invalid("octal escape value \\\(digits) outside of range 0-0o377", at: escapeStart)
                }
                return .scalar(Unicode.Scalar(value)!)
            default:
                if let value = try parseCommonEscape(c, at: escapeStart) { return .scalar(value) }
                throw invalid("bad escape \\\(c)", at: escapeStart)
            }
        }

        func append(_ item: Item) {
            switch item {
            case .scalar(let c):
                literals.append(c)
                members.append(Self.codePoint(c))
            case .category(let text):
                members.append(text)
            }
        }

        var isEmpty = true
        while true {
            guard let this = take() else { throw invalid("unterminated character set", at: start) }
            if this == "]" && !isEmpty { break }
            isEmpty = false
            let first = try readItem(this)
            if takeIf("-") {
                guard let that = take() else { throw invalid("unterminated character set", at: start) }
                if that == "]" {
                    append(first)
                    append(.scalar("-"))
                    break
                }
                let second = try readItem(that)
                guard case .scalar(let lo) = first, case .scalar(let hi) = second else {
                    throw invalid("bad character range", at: start)
                }
                if hi.value < lo.value { throw invalid("bad character range \(lo)-\(hi)", at: start) }
                literals.append(lo)
                literals.append(hi)
                members.append(Self.codePoint(lo) + "-" + Self.codePoint(hi))
            } else {
                append(first)
            }
        }

        if flags.ignoreCase, let wide = literals.first(where: { !$0.isASCII }) {
            throw untranslatable("case-insensitive matching of non-ASCII \(Self.describe(wide)) differs between Python and ICU")
        }
        var text = "[" + (negate ? "^" : "") + members.joined() + "]"
        if flags.ignoreCase && !literals.isEmpty {
            // Categories are not case-dependent; only the literal members need folding.
            text = "(?i:\(text))"
        }
        return Fragment(text: text, lo: 1, hi: 1, kind: .atom)
    }

    // MARK: - Repeats

    /// nil when `{` does not start a valid quantifier (CPython then takes it literally).
    private mutating func parseRepeat(_ this: Unicode.Scalar, previous: Fragment?) throws -> Fragment? {
        let here = position
        var lo = 0, hi = Self.maxRepeat
        switch this {
        case "?": hi = 1
        case "*": break
        case "+": lo = 1
        default:
            if next == "}" { return nil }
            let low = takeWhile(max: .max, Self.isDigit)
            var high = low
            if takeIf(",") { high = takeWhile(max: .max, Self.isDigit) }
            guard takeIf("}") else {
                position = here
                return nil
            }
            if !low.isEmpty {
                guard let value = Int(low), value < Self.maxRepeat else {
                    throw invalid("the repetition number is too large", at: here)
                }
                lo = value
            }
            if !high.isEmpty {
                guard let value = Int(high), value < Self.maxRepeat else {
                    throw invalid("the repetition number is too large", at: here)
                }
                hi = value
                if hi < lo { throw invalid("min repeat greater than max repeat", at: here) }
            }
        }
        guard let item = previous, item.kind != .anchor else { throw invalid("nothing to repeat", at: here - 1) }
        if item.kind == .repetition { throw invalid("multiple repeat", at: here - 1) }
        var suffix = ""
        if takeIf("?") { suffix = "?" } else if takeIf("+") { suffix = "+" }
        let bound = hi == Self.maxRepeat ? "\(lo)," : "\(lo),\(hi)"
        return Fragment(text: "(?:\(item.text)){\(bound)}\(suffix)",
                        lo: Self.multiply(item.lo, lo), hi: Self.multiply(item.hi, hi), kind: .repetition)
    }

    // MARK: - Groups

    /// nil for items that produce nothing: comments and global flags.
    private mutating func parseGroup(nested: Int, first: Bool, sequenceIsEmpty: Bool) throws -> Fragment? {
        let start = position - 1
        var capture = true
        var atomic = false
        var name: String?
        var scoped: Flags?

        if takeIf("?") {
            guard let char = take() else { throw invalid("unexpected end of pattern") }
            switch char {
            case "P":
                if takeIf("<") {
                    name = try takeUntil(">", what: "group name")
                    try checkGroupName(name!)
                } else if takeIf("=") {
                    let reference = try takeUntil(")", what: "group name")
                    try checkGroupName(reference)
                    guard let group = groupNames[reference] else { throw invalid("unknown group name '\(reference)'") }
                    return try backReference(group, at: start)
                } else {
                    let c = take().map { String($0) } ?? ""
                    throw invalid(c.isEmpty ? "unexpected end of pattern" : "unknown extension ?P\(c)")
                }
            case ":":
                capture = false
            case "#":
                while true {
                    guard let c = take() else { throw invalid("missing ), unterminated comment", at: start) }
                    if c == ")" { break }
                }
                return nil
            case "=", "!", "<":
                var ahead = true
                var negative = char == "!"
                if char == "<" {
                    guard let c = take() else { throw invalid("unexpected end of pattern") }
                    guard c == "=" || c == "!" else { throw invalid("unknown extension ?<\(c)") }
                    ahead = false
                    negative = c == "!"
                }
                let savedLookbehind = lookbehindGroupStart
                if !ahead && lookbehindGroupStart == nil { lookbehindGroupStart = nextGroup }
                let body = try parseAlternation(nested: nested + 1)
                lookbehindGroupStart = savedLookbehind
                guard takeIf(")") else { throw invalid("missing ), unterminated subpattern", at: start) }
                if !ahead {
                    // CPython's compiler: `lo != hi` → "look-behind requires fixed-width pattern".
                    if body.lo != body.hi { throw invalid("look-behind requires fixed-width pattern", at: start) }
                }
                let opener = (ahead ? "(?" : "(?<") + (negative ? "!" : "=")
                return Fragment(text: opener + body.text + ")", lo: 0, hi: 0, kind: .assertion)
            case "(":
                // Not parsed further: an invalid conditional is reported as untranslatable too.
                throw untranslatable("conditional groups (?(…)…|…) cannot be evaluated with ICU")
            case ">":
                capture = false
                atomic = true
            default:
                guard char == "-" || "aiLmsux".unicodeScalars.contains(char) else {
                    throw invalid("unknown extension ?\(char)")
                }
                switch try parseFlags(char) {
                case .global(let on):
                    if !first || !sequenceIsEmpty {
                        throw invalid("global flags not at the start of the expression", at: start)
                    }
                    apply(on, to: &flags, turnOn: true)
                    return nil
                case .scoped(let on, let off):
                    var newFlags = flags
                    apply(on, to: &newFlags, turnOn: true)
                    apply(off, to: &newFlags, turnOn: false)
                    scoped = newFlags
                    capture = false
                }
            }
        }

        var group: Int?
        if capture {
            group = nextGroup
            nextGroup += 1
            groupCount += 1
            openGroups.insert(group!)
            if let name {
                if groupNames[name] != nil { throw invalid("redefinition of group name '\(name)' as group \(group!)") }
                groupNames[name] = group
            }
        }
        let savedFlags = flags
        if let scoped { flags = scoped }
        let body = try parseAlternation(nested: nested + 1)
        flags = savedFlags
        guard takeIf(")") else { throw invalid("missing ), unterminated subpattern", at: start) }
        if let group { openGroups.remove(group) }
        let text: String
        if atomic {
            text = "(?>" + body.text + ")"
        } else if capture {
            text = "(" + body.text + ")"
        } else {
            text = "(?:" + body.text + ")"
        }
        return Fragment(text: text, lo: body.lo, hi: body.hi, kind: .group)
    }

    private func checkGroupName(_ name: String) throws {
        guard let head = name.unicodeScalars.first,
              head == "_" || head.properties.isXIDStart,
              name.unicodeScalars.dropFirst().allSatisfy({ $0.properties.isXIDContinue })
        else { throw invalid("bad character in group name '\(name)'") }
    }

    private enum ParsedFlags { case global(String), scoped(on: String, off: String) }

    /// CPython's `_parse_flags`.
    private mutating func parseFlags(_ firstChar: Unicode.Scalar) throws -> ParsedFlags {
        let known = "aiLmsux".unicodeScalars
        var on = ""
        var char = firstChar
        if char != "-" {
            while true {
                if char == "L" { throw invalid("bad inline flags: cannot use 'L' flag with a str pattern") }
                on.unicodeScalars.append(char)
                if on.contains("a") && on.contains("u") {
                    throw invalid("bad inline flags: flags 'a', 'u' and 'L' are incompatible")
                }
                guard let c = take() else { throw invalid("missing -, : or )") }
                char = c
                if c == ")" || c == "-" || c == ":" { break }
                guard known.contains(c) else {
                    throw invalid(c.properties.isAlphabetic ? "unknown flag" : "missing -, : or )")
                }
            }
        }
        if char == ")" { return .global(on) }
        var off = ""
        if char == "-" {
            guard let c = take() else { throw invalid("missing flag") }
            guard known.contains(c) else { throw invalid(c.properties.isAlphabetic ? "unknown flag" : "missing flag") }
            char = c
            while true {
                if char == "a" || char == "u" || char == "L" {
                    throw invalid("bad inline flags: cannot turn off flags 'a', 'u' and 'L'")
                }
                off.unicodeScalars.append(char)
                guard let c = take() else { throw invalid("missing :") }
                char = c
                if c == ":" { break }
                guard known.contains(c) else { throw invalid(c.properties.isAlphabetic ? "unknown flag" : "missing :") }
            }
        }
        if on.unicodeScalars.contains(where: { off.unicodeScalars.contains($0) }) {
            throw invalid("bad inline flags: flag turned on and off")
        }
        return .scoped(on: on, off: off)
    }

    private func apply(_ letters: String, to flags: inout Flags, turnOn: Bool) {
        for letter in letters {
            switch letter {
            case "i": flags.ignoreCase = turnOn
            case "m": flags.multiline = turnOn
            case "s": flags.dotAll = turnOn
            case "x": flags.verbose = turnOn
            case "a": flags.ascii = turnOn
            case "u": flags.ascii = false
            default: break
            }
        }
    }
}
