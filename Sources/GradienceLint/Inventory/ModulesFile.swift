/// A list of the base model's module names, one per line, exactly as
///
///     for n, m in model.named_modules(): print(n)
///
/// prints them, optionally with the class: `print(f"{n}\t{type(m).__name__}")`.
///
/// Accepted: blank lines (the root module prints as an empty line), `\r\n` line ends, a
/// UTF-8 BOM, trailing spaces, and `#` comment lines. Refused, with the line number:
/// leading whitespace or parentheses (the output of `print(model)`, not of
/// `named_modules()`), spaces inside a name, empty name components (`a..b`), more than
/// one tab, an empty or non-identifier class name, and a name listed twice
/// (`named_modules()` never repeats one).
public enum ModulesFile {
    public static func inventory(atPath path: String) throws -> Inventory {
        let modules = try parse(bytes: JSONFile.readBytes(atPath: path), path: path)
        return Inventory(source: .modulesFile, detail: "modules file \(path) (\(modules.count) modules)",
                         modules: modules, numLayers: LayerCountInference.numLayers(in: modules.map(\.name)))
    }

    public static func parse(bytes: [UInt8], path: String) throws -> [ModuleInfo] {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw InventoryError.malformedModulesFile(path: path, line: firstInvalidUTF8Line(bytes),
                                                      reason: "the file is not valid UTF-8")
        }
        return try parse(utf8: bytes, path: path)
    }

    public static func parse(_ text: String, path: String) throws -> [ModuleInfo] {
        try parse(utf8: Array(text.utf8), path: path)
    }

    /// Works on the UTF-8 bytes, line by line, without a String per line until a name is
    /// kept: a 300,000-name file went through grapheme breaking and Unicode property
    /// lookups on every character (12 s).
    private static func parse(utf8 bytes: [UInt8], path: String) throws -> [ModuleInfo] {
        var modules: [ModuleInfo] = []
        var firstLine: [String: Int] = [:]
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lineNumber = 0
        while start <= bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let next = end + 1
            // Split on "\n" only; a trailing "\r", spaces and tabs are not part of the line.
            while end > start, bytes[end - 1] == 0x0D || bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            defer { start = next }
            if end == start || bytes[start] == UInt8(ascii: "#") { continue }
            let module = try parseLine(bytes[start..<end], path: path, line: lineNumber)
            if let previous = firstLine[module.name] {
                throw InventoryError.malformedModulesFile(
                    path: path, line: lineNumber,
                    reason: "'\(ShortExcerpt.quote(module.name))' is listed again (first on line \(previous)); named_modules() lists each module once")
            }
            firstLine[module.name] = lineNumber
            modules.append(module)
        }
        return modules
    }

    private static func parseLine(_ line: ArraySlice<UInt8>, path: String, line lineNumber: Int) throws -> ModuleInfo {
        func fail(_ reason: String) -> InventoryError {
            .malformedModulesFile(path: path, line: lineNumber, reason: reason)
        }
        if let first = line.first, first == 0x20 || first == 0x09 {
            throw fail("the line starts with whitespace; this looks like print(model) output, not the names from named_modules()")
        }
        let fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
        guard fields.count <= 2 else {
            throw fail("expected 'name' or 'name<TAB>ClassName', found \(fields.count - 1) tabs")
        }
        let nameBytes = fields[0]
        let name = String(decoding: nameBytes, as: UTF8.self)
        if nameBytes.contains(where: { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")") || $0 == UInt8(ascii: ":") }) {
            throw fail("'\(ShortExcerpt.quote(name))' contains '(', ')' or ':'; this looks like print(model) output, not the names from named_modules()")
        }
        // ASCII whitespace on the bytes; a non-ASCII name also by Unicode's White_Space.
        let asciiSpace = nameBytes.contains { (0x09...0x0D).contains($0) || $0 == 0x20 }
        if asciiSpace || (nameBytes.contains { $0 >= 0x80 } && name.unicodeScalars.contains(where: \.properties.isWhitespace)) {
            throw fail("'\(ShortExcerpt.quote(name))' contains whitespace; separate the class name with a tab")
        }
        if nameBytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw fail("'\(ShortExcerpt.quote(name))' has an empty component (a leading, trailing or doubled '.')")
        }
        var className: String?
        if fields.count == 2 {
            let candidate = String(decoding: fields[1], as: UTF8.self)
            guard isIdentifier(candidate) else {
                throw fail("'\(ShortExcerpt.quote(candidate))' is not a class name")
            }
            className = candidate
        }
        return ModuleInfo(name: name, className: className)
    }

    private static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    private static func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int {
        var line = 1
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            if String(validating: bytes[start...offset], as: UTF8.self) == nil { return line }
            line += 1
            start = offset + 1
        }
        return line
    }
}
