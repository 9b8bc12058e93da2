import Foundation

/// File names are bytes, not text: a name that is not UTF-8 must still be linted, and
/// reported in a form a terminal shows safely (issue 28: `bad\xFFname.json` was skipped
/// silently, "All checks passed (0 files)").
///
/// A component that is not UTF-8 is shown with each stray byte as `\xNN` (and `\` as
/// `\\`), and that display form is remembered with the component's bytes, so every
/// system call given the display path (`withSystemPath`) reaches the real file. Valid
/// UTF-8 names pass through unchanged, byte for byte: NFC and NFD spellings of one name
/// stay two files. (A valid name that is itself spelled like a remembered display form
/// would be taken for it; no such pair has been seen.)
public enum FileNameBytes {
    /// Each display form made so far, with the component's real bytes.
    private static let rawComponents = Locked<[String: [UInt8]]>([:])

    /// The display form of a path or name given as bytes.
    public static func display(_ bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        if UTF8Bytes.firstInvalid(bytes[...]) == nil { return String(decoding: bytes, as: UTF8.self) }
        return bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { component -> String in
            guard UTF8Bytes.firstInvalid(component) != nil else { return String(decoding: component, as: UTF8.self) }
            let shown = escaped(component)
            rawComponents.withLock { $0[shown] = Array(component) }
            return shown
        }.joined(separator: "/")
    }

    /// The display form of a C string (`readdir`, `realpath`).
    public static func display(_ cString: UnsafePointer<CChar>) -> String {
        display(UnsafeBufferPointer(start: UnsafeRawPointer(cString).assumingMemoryBound(to: UInt8.self), count: strlen(cString)))
    }

    /// A path from the command line as the walk shows it: Swift decodes `argv` replacing
    /// bytes that are not UTF-8, so such an argument is found again in the raw `argv`.
    public static func commandLinePath(_ decoded: String) -> String {
        guard decoded.unicodeScalars.contains("\u{FFFD}") else { return decoded }
        for index in 1..<Int(CommandLine.argc) {
            guard let raw = CommandLine.unsafeArgv[index] else { continue }
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: strlen(raw))
            if UTF8Bytes.firstInvalid(Array(bytes)[...]) != nil, String(decoding: bytes, as: UTF8.self) == decoded { return display(bytes) }
        }
        return decoded
    }

    /// Calls `body` with the bytes the file system knows `path` by.
    public static func withSystemPath<T>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        let anyRaw = rawComponents.withLock { !$0.isEmpty }
        guard anyRaw, path.utf8.contains(UInt8(ascii: "\\")) else { return try path.withCString(body) }
        var bytes: [UInt8] = []
        for (index, component) in path.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "/")) }
            let raw = rawComponents.withLock { $0[String(component)] }
            bytes.append(contentsOf: raw ?? Array(component.utf8))
        }
        bytes.append(0)
        return try bytes.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    private static func escaped(_ component: ArraySlice<UInt8>) -> String {
        var result = ""
        var rest = component
        while !rest.isEmpty {
            let bad = UTF8Bytes.firstInvalid(rest) ?? rest.endIndex
            result += String(decoding: rest[rest.startIndex..<bad], as: UTF8.self).replacingOccurrences(of: "\\", with: "\\\\")
            guard bad < rest.endIndex else { break }
            let digits = String(rest[bad], radix: 16, uppercase: true)
            result += "\\x" + (digits.count == 1 ? "0" : "") + digits
            rest = rest[(bad + 1)...]
        }
        return result
    }
}

/// Where bytes stop being well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
enum UTF8Bytes {
    static func firstInvalid(_ bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int, low: UInt8, high: UInt8
            switch lead {
            case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)
            case 0xE1...0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            default: return index
            }
            guard index + length <= bytes.endIndex, (low...high).contains(bytes[index + 1]) else { return index }
            for next in index + 2 ..< index + length where bytes[next] & 0xC0 != 0x80 { return index }
            index += length
        }
        return nil
    }
}
