import GradiencePEFT
import GradienceConfig
/// Git's glob dialect for ignore files (gitignore(5), "PATTERN FORMAT"), on bytes:
/// `*` and `?` never match `/` when matching a path; `**` between slashes (or at either
/// end) matches any number of folders; `[…]` classes with `!`/`^`, ranges, `\` escapes
/// and the POSIX classes `[:alpha:]` … `[:xdigit:]` (ASCII, as in the C locale); `\x` is a
/// literal `x`. Outcomes follow git's matcher (its `wildmatch` in wildmatch.c), including
/// how a failed `*` stops the search early, so `.gitignore` here means what it means to
/// git; `GitIgnoreDifferentialTests` compares both on thousands of random rule sets.
enum Wildmatch {
    private enum Outcome { case match, noMatch, abortAll, abortToDoubleStar }

    private static let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*"), backslash = UInt8(ascii: "\\")

    /// `pathname`: `*`, `?` and classes stop at `/` (matching a path, not a name).
    static func matches(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>, pathname: Bool) -> Bool {
        let p = Array(pattern), t = Array(text)
        return run(p, 0, t, 0, pathname: pathname) == .match
    }

    private static func isGlobSpecial(_ byte: UInt8) -> Bool {
        byte == star || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "[") || byte == backslash
    }

    private static func run(_ p: [UInt8], _ startP: Int, _ t: [UInt8], _ startT: Int, pathname: Bool) -> Outcome {
        func at(_ index: Int) -> UInt8 { index < p.count ? p[index] : 0 }
        var pi = startP, ti = startT
        while pi < p.count {
            var pc = p[pi]
            let tc: UInt8 = ti < t.count ? t[ti] : 0
            if ti >= t.count && pc != star { return .abortAll }
            switch pc {
            case star:
                pi += 1
                var matchSlash = !pathname
                if at(pi) == star {
                    let before = pi - 2
                    while at(pi) == star { pi += 1 }
                    if !pathname {
                        matchSlash = true
                    } else if (before < startP || p[before] == slash),
                              pi == p.count || p[pi] == slash || (p[pi] == backslash && at(pi + 1) == slash) {
                        // `**/` may match no folder at all: try the rest right here first.
                        if at(pi) == slash, run(p, pi + 1, t, ti, pathname: pathname) == .match { return .match }
                        matchSlash = true
                    } else {
                        matchSlash = false
                    }
                }
                if pi == p.count {
                    // A trailing `**` takes everything; a trailing `*` only the rest of one name.
                    return !matchSlash && t[ti...].contains(slash) ? .noMatch : .match
                }
                if !matchSlash && p[pi] == slash {
                    // One `*` then `/`: the rest of this name, then on past its slash.
                    guard let next = t[ti...].firstIndex(of: slash) else { return .noMatch }
                    ti = next + 1
                    pi += 1
                    continue
                }
                var position = ti
                while position < t.count {
                    // Skip ahead to the literal that must follow the `*`.
                    if !isGlobSpecial(p[pi]) {
                        let literal = p[pi]
                        while position < t.count, matchSlash || t[position] != slash, t[position] != literal { position += 1 }
                        guard position < t.count, t[position] == literal else { return .noMatch }
                    }
                    let outcome = run(p, pi, t, position, pathname: pathname)
                    if outcome != .noMatch {
                        if !matchSlash || outcome != .abortToDoubleStar { return outcome }
                    } else if !matchSlash && t[position] == slash {
                        return .abortToDoubleStar
                    }
                    position += 1
                }
                return .abortAll
            case UInt8(ascii: "?"):
                if pathname && tc == slash { return .noMatch }
            case UInt8(ascii: "["):
                pi += 1
                pc = at(pi)
                if pc == UInt8(ascii: "^") { pc = UInt8(ascii: "!") }
                let negated = pc == UInt8(ascii: "!")
                if negated { pi += 1; pc = at(pi) }
                var previous: UInt8 = 0
                var matched = false
                while true {
                    if pc == 0 { return .abortAll }
                    if pc == backslash {
                        pi += 1
                        pc = at(pi)
                        if pc == 0 { return .abortAll }
                        if tc == pc { matched = true }
                    } else if pc == UInt8(ascii: "-"), previous != 0, at(pi + 1) != 0, at(pi + 1) != UInt8(ascii: "]") {
                        pi += 1
                        pc = at(pi)
                        if pc == backslash {
                            pi += 1
                            pc = at(pi)
                            if pc == 0 { return .abortAll }
                        }
                        if tc >= previous && tc <= pc { matched = true }
                        pc = 0
                    } else if pc == UInt8(ascii: "["), at(pi + 1) == UInt8(ascii: ":") {
                        let nameStart = pi + 2
                        var end = nameStart
                        while at(end) != 0, at(end) != UInt8(ascii: "]") { end += 1 }
                        if at(end) == 0 { return .abortAll }
                        if end - nameStart - 1 < 0 || p[end - 1] != UInt8(ascii: ":") {
                            // No ":]": a plain `[` in the set.
                            pc = UInt8(ascii: "[")
                            if tc == pc { matched = true }
                        } else {
                            guard let inClass = posixClass(p[nameStart..<(end - 1)]) else { return .abortAll }
                            if inClass(tc) { matched = true }
                            pi = end
                            pc = 0
                        }
                    } else if tc == pc {
                        matched = true
                    }
                    previous = pc
                    pi += 1
                    pc = at(pi)
                    if pc == UInt8(ascii: "]") { break }
                }
                if matched == negated || (pathname && tc == slash) { return .noMatch }
            case backslash:
                // A literal next byte (none: nothing matches).
                pi += 1
                if at(pi) != tc { return .noMatch }
            default:
                if pc != tc { return .noMatch }
            }
            pi += 1
            ti += 1
        }
        return ti < t.count ? .noMatch : .match
    }

    private static func posixClass(_ name: ArraySlice<UInt8>) -> ((UInt8) -> Bool)? {
        func isUpper(_ c: UInt8) -> Bool { c >= 65 && c <= 90 }
        func isLower(_ c: UInt8) -> Bool { c >= 97 && c <= 122 }
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        func isAlnum(_ c: UInt8) -> Bool { isUpper(c) || isLower(c) || isDigit(c) }
        func isGraph(_ c: UInt8) -> Bool { c >= 0x21 && c <= 0x7E }
        switch String(decoding: name, as: UTF8.self) {
        case "alnum": return isAlnum
        case "alpha": return { isUpper($0) || isLower($0) }
        case "blank": return { $0 == 32 || $0 == 9 }
        case "cntrl": return { $0 < 0x20 || $0 == 0x7F }
        case "digit": return isDigit
        case "graph": return isGraph
        case "lower": return isLower
        case "print": return { $0 >= 0x20 && $0 <= 0x7E }
        case "punct": return { isGraph($0) && !isAlnum($0) }
        case "space": return { $0 == 32 || ($0 >= 9 && $0 <= 13) }
        case "upper": return isUpper
        case "xdigit": return { isDigit($0) || ($0 >= 65 && $0 <= 70) || ($0 >= 97 && $0 <= 102) }
        default: return nil
        }
    }
}
