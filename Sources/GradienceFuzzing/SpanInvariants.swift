import Foundation
import GradienceLint

/// Diagnostics must point into the buffer they talk about: offsets inside it, on
/// Unicode scalar boundaries, start before end, and lines and columns that agree with
/// the byte offsets (`SourceText.mark(atOffset:)` is the reference) — reports, editors
/// and the Transformer all trust these.
enum SpanInvariants {
    static func check(_ diagnostics: [Diagnostic], in source: SourceText) -> [Violation] {
        var violations: [Violation] = []
        for diagnostic in diagnostics {
            let what = "\(diagnostic.code) '\(diagnostic.message.prefix(80))'"
            violations += check(diagnostic.range, in: source, what: what)
            for related in diagnostic.related {
                violations += check(related.range, in: source, what: "\(what), related '\(related.message.prefix(40))'")
            }
            if diagnostic.path != source.path {
                violations.append(Violation("diagnostic names another file", "\(what) names \(diagnostic.path)"))
            }
        }
        for (earlier, later) in zip(diagnostics, diagnostics.dropFirst()) where Diagnostic.ordered(later, earlier) {
            violations.append(Violation("diagnostics out of order", "\(later.code) at \(later.range.start) before \(earlier.code) at \(earlier.range.start)"))
        }
        return violations
    }

    /// Whether `offset` falls inside a well-formed multi-byte UTF-8 sequence (a stray
    /// continuation byte is a character of its own: an invalid-UTF-8 problem points at it).
    static func splitsCharacter(_ bytes: [UInt8], at offset: Int) -> Bool {
        guard offset < bytes.count, bytes[offset] & 0xC0 == 0x80 else { return false }
        for back in 1...3 where offset - back >= 0 {
            let lead = bytes[offset - back]
            if lead & 0xC0 == 0x80 { continue }
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            let start = offset - back
            guard back < length, start + length <= bytes.count else { return false }
            return String(bytes: bytes[start..<start + length], encoding: .utf8) != nil
        }
        return false
    }

    static func check(_ range: SourceRange, in source: SourceText, what: String) -> [Violation] {
        let count = source.bytes.count
        let start = range.start, end = range.end
        guard start.offset >= 0, end.offset <= count else {
            return [Violation("span outside the buffer", "\(what): \(start.offset)..<\(end.offset) in \(count) bytes")]
        }
        guard start.offset <= end.offset else {
            return [Violation("span ends before it starts", "\(what): \(start.offset)..<\(end.offset)")]
        }
        var violations: [Violation] = []
        for mark in [start, end] {
            if splitsCharacter(source.bytes, at: mark.offset) {
                violations.append(Violation("span splits a character", "\(what): offset \(mark.offset)"))
                continue
            }
            let expected = source.mark(atOffset: mark.offset)
            if expected.line != mark.line || expected.column != mark.column {
                violations.append(Violation("line/column disagree with the offset",
                    "\(what): offset \(mark.offset) reported as \(mark.line):\(mark.column), is \(expected.line):\(expected.column)"))
            }
        }
        return violations
    }
}
