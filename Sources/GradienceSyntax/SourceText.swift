/// A file's bytes plus what every layer needs to talk about positions in them.
///
/// Positions are kept three ways because three audiences need them: byte offsets for
/// the Transformer's edits, 1-based lines for humans, and 1-based columns that count
/// Unicode scalars (what editors and SARIF consumers display).
public struct SourceText: Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// JSON files resolve scalars the way `json.load` does; YAML files the way PyYAML's
    /// SafeLoader does. The caller decides from the file name (or `--stdin-filename`).
    public let isJSON: Bool
    /// Byte offsets where each line starts (after `\n`, `\r\n` or a lone `\r`).
    public let lineStarts: [Int]

    public init(path: String, bytes: [UInt8], isJSON: Bool? = nil) {
        self.path = path
        self.bytes = bytes
        self.isJSON = isJSON ?? path.lowercased().hasSuffix(".json")
        var starts = [0]
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0x0A {
                starts.append(index + 1)
            } else if byte == 0x0D {
                if index + 1 < count, bytes[index + 1] == 0x0A { index += 1 }
                starts.append(index + 1)
            }
            index += 1
        }
        self.lineStarts = starts
    }

    public var hasBOM: Bool { bytes.starts(with: [0xEF, 0xBB, 0xBF]) }

    /// The 1-based line holding `offset`.
    public func line(containing offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// Byte range of a 1-based line without its line break.
    public func lineRange(_ line: Int) -> Range<Int> {
        guard line >= 1, line <= lineStarts.count else { return bytes.count..<bytes.count }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }

    public func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The position of a byte offset, with the column counted in Unicode scalars.
    public func mark(atOffset offset: Int) -> Mark {
        let clamped = max(0, min(offset, bytes.count))
        let line = self.line(containing: clamped)
        var start = lineStarts[line - 1]
        if line == 1, hasBOM, clamped >= 3 { start = 3 }
        var column = 1
        var index = start
        while index < clamped {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        // A continuation byte at `clamped` means it points inside a scalar: do not count it.
        return Mark(offset: clamped, line: line, column: column)
    }
}

/// A position in a file: byte offset, 1-based line, 1-based column in Unicode scalars.
public struct Mark: Sendable, Hashable, Comparable, Codable {
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    public static func < (lhs: Mark, rhs: Mark) -> Bool { lhs.offset < rhs.offset }
}

/// A half-open byte span with its two positions.
public struct SourceRange: Sendable, Hashable, Codable {
    public var start: Mark
    public var end: Mark

    public init(start: Mark, end: Mark) {
        self.start = start
        self.end = end
    }

    public var bytes: Range<Int> { start.offset..<max(start.offset, end.offset) }
}
