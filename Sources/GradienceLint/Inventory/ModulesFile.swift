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
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw InventoryError.malformedModulesFile(path: path, line: firstInvalidUTF8Line(bytes),
                                                      reason: "the file is not valid UTF-8")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws -> [ModuleInfo] {
        var modules: [ModuleInfo] = []
        var firstLine: [String: Int] = [:]
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        // Split on "\n" only; "\r\n" is a grapheme in Swift, so split on unicode scalars.
        let lines = body.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, scalars) in lines.enumerated() {
            let lineNumber = index + 1
            var line = Substring(String(scalars))
            while let last = line.unicodeScalars.last, last == "\r" || last == " " || last == "\t" {
                line = Substring(line.unicodeScalars.dropLast())
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let module = try parseLine(line, path: path, line: lineNumber)
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

    private static func parseLine(_ line: Substring, path: String, line lineNumber: Int) throws -> ModuleInfo {
        func fail(_ reason: String) -> InventoryError {
            .malformedModulesFile(path: path, line: lineNumber, reason: reason)
        }
        if let first = line.unicodeScalars.first, first == " " || first == "\t" {
            throw fail("the line starts with whitespace; this looks like print(model) output, not the names from named_modules()")
        }
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count <= 2 else {
            throw fail("expected 'name' or 'name<TAB>ClassName', found \(fields.count - 1) tabs")
        }
        let name = String(fields[0])
        if name.contains(where: { $0 == "(" || $0 == ")" || $0 == ":" }) {
            throw fail("'\(ShortExcerpt.quote(name))' contains '(', ')' or ':'; this looks like print(model) output, not the names from named_modules()")
        }
        if name.contains(where: \.isWhitespace) {
            throw fail("'\(ShortExcerpt.quote(name))' contains whitespace; separate the class name with a tab")
        }
        if name.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw fail("'\(ShortExcerpt.quote(name))' has an empty component (a leading, trailing or doubled '.')")
        }
        var className: String?
        if fields.count == 2 {
            let candidate = String(fields[1])
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
