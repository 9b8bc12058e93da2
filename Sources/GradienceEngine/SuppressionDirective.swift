import Foundation
import GradienceSyntax
import GradiencePEFT
import GradienceRules

/// One `# gradience-lint: …` comment, read:
///
///     r: 4  # gradience-lint: disable=GL013 -- the later value is the one we train with
///     # gradience-lint: disable=GL003,GL007
///     # gradience-lint: disable-file=GL014 -- keys of our own trainer
///
/// `disable` covers the diagnostics that start on its own line, or — when the comment
/// stands alone — on the next line that is not itself a comment, so several directives
/// can be stacked above one line. `disable-file` covers the whole file. Codes may also
/// be rule names (`duplicate-key`). There is no blanket form: a suppression names what
/// it silences, so a new rule's findings are never hidden by an old comment.
///
/// ruff's spelling is honoured too: `# noqa: GL013` is `disable=GL013` (same reach), and
/// codes of other tools in it (`E501`) are left to them. A bare `# noqa`, which in ruff
/// silences everything, silences nothing here and is reported (GL018) with the spelling
/// that works.
public struct SuppressionDirective {
    /// How the comment was written: `# gradience-lint: …` or ruff's `# noqa: …`.
    public enum Spelling: Sendable {
        case native, noqa
    }

    public enum Kind: String, CaseIterable {
        case disable
        case disableFile = "disable-file"
    }

    /// A code as written, and the rule it names (nil: no such rule).
    public struct Code {
        public let written: String
        public let code: String?

        package init(written: String, code: String?) {
            self.written = written
            self.code = code
        }
    }

    public let comment: Comment
    /// nil when the directive word is not one of `Kind` (reported, never applied).
    public let kind: Kind?
    public let word: String
    public let codes: [Code]
    public let reason: String?
    public let spelling: Spelling

    public static let prefix = "gradience-lint:"

    /// The directive in a comment, or nil when the comment is not addressed to us.
    public init?(_ comment: Comment) {
        var text = Substring(comment.text)
        text = text.drop { $0 == " " || $0 == "\t" }
        if text.lowercased().hasPrefix("noqa") {
            self.init(noqa: text.dropFirst(4), comment: comment)
        } else if text.hasPrefix(Self.prefix) {
            self.init(native: text.dropFirst(Self.prefix.count), comment: comment)
        } else {
            return nil
        }
    }

    /// `gradience-lint: disable=GL013 -- reason`, after the prefix.
    private init(native text: Substring, comment: Comment) {
        spelling = .native
        self.comment = comment
        var body = text
        if let dashes = text.range(of: " --") ?? (text.hasPrefix("--") ? text.range(of: "--") : nil) {
            body = text[..<dashes.lowerBound]
            let reason = text[dashes.upperBound...].trimmingCharacters(in: .whitespaces)
            self.reason = reason.isEmpty ? nil : reason
        } else {
            reason = nil
        }
        let word: Substring, list: Substring
        if let equals = body.firstIndex(of: "=") {
            word = body[..<equals]
            list = body[body.index(after: equals)...]
        } else {
            word = body
            list = ""
        }
        self.word = word.trimmingCharacters(in: .whitespaces)
        kind = Kind(rawValue: self.word)
        codes = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map {
            Code(written: $0, code: RuleRegistry.rule(code: $0)?.metadata.code)
        }
    }

    /// `# noqa`, `# noqa: GL013, GL002`, `# noqa:GL013 E501`; nil when it names only
    /// other tools' codes, or `noqa` is only the start of a word.
    private init?(noqa rest: Substring, comment: Comment) {
        var rest = rest
        if let next = rest.first, next != ":", !next.isWhitespace { return nil }
        spelling = .noqa
        self.comment = comment
        word = Kind.disable.rawValue
        kind = .disable
        reason = nil
        rest = rest.drop { $0.isWhitespace }
        guard rest.first == ":" else {
            codes = []
            return
        }
        // ruff separates codes by commas and/or spaces; a code is letters then digits.
        let words = rest.dropFirst().split { $0 == "," || $0.isWhitespace }.map(String.init)
        let codeLike = words.prefix { $0.first?.isLetter == true && $0.last?.isNumber == true }
        let ours = codeLike.filter { $0.uppercased().hasPrefix("GL") }
        guard !ours.isEmpty || codeLike.isEmpty else { return nil }
        codes = ours.map { Code(written: $0, code: RuleRegistry.rule(code: $0)?.metadata.code) }
    }

    /// The line whose diagnostics a `disable` covers (nil for `disable-file`, or for a
    /// standalone comment with nothing but comments after it).
    public func targetLine(in source: SourceText, commentLines: Set<Int>) -> Int? {
        guard kind == .disable else { return nil }
        var line = comment.range.start.line
        guard comment.isOwnLine else { return line }
        repeat { line += 1 } while commentLines.contains(line)
        return line <= source.lineStarts.count ? line : nil
    }

    /// The comment with only `kept` codes left, in the author's own spelling and
    /// separator; the reason stays.
    public func rewritten(keeping kept: [Code]) -> String {
        let separator = comment.text.contains(", ") ? ", " : ","
        if spelling == .noqa { return "# noqa: " + kept.map(\.written).joined(separator: separator) }
        var out = "# " + Self.prefix + " " + word + "=" + kept.map(\.written).joined(separator: separator)
        if let reason { out += " -- " + reason }
        return out
    }
}
