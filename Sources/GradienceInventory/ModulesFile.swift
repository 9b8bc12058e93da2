/// A list of the base model's module names, one per line, exactly as
///
///     for n, m in model.named_modules(): print(n)
///
/// prints them, optionally with the class: `print(f"{n}\t{type(m).__name__}")`. That prints
/// the root as `\tMixtralForCausalLM` on the first line: its class (or, without it, the classes
/// of the top-level modules) names the model type, as config.json's `model_type` would, so
/// PEFT's per-type default targets and its MoE conversion apply as with a model folder.
///
/// Accepted: blank lines (the root module prints as an empty line), `\r\n` line ends, a
/// UTF-8 BOM, trailing spaces, and `#` comment lines. Refused, with the line number:
/// leading whitespace or parentheses (the output of `print(model)`, not of
/// `named_modules()`), spaces inside a name, empty name components (`a..b`), more than
/// one tab, an empty or non-identifier class name, and a name listed twice
/// (`named_modules()` never repeats one).
///
/// Lines of `named_parameters()` with their shapes are read too, as
///
///     for n, p in model.named_parameters(): print(n, p.shape)      # lin0.weight torch.Size([8, 8])
///
/// prints them (or `tuple(p.shape)`, `list(p.shape)`): each names a parameter, and its owner
/// and the owner's parents become modules. With them `target_parameters` is resolved exactly.
public enum ModulesFile {
    /// What a listing holds: modules, the parameters it names, and the root's class.
    struct Listing {
        var modules: [ModuleInfo] = []
        var parameters: [ParameterInfo] = []
        var rootClass: String?
    }

    public static func inventory(atPath path: String) throws -> Inventory {
        let listing = try parseListing(bytes: JSONFile.readBytes(atPath: path), path: path)
        let counts = listing.parameters.isEmpty ? "\(listing.modules.count) modules"
            : "\(listing.modules.count) modules, \(listing.parameters.count) parameters"
        return inventory(modules: listing.modules, rootClass: listing.rootClass, detail: "modules file \(path) (\(counts))",
                         listedParameters: listing.parameters)
    }

    /// The inventory of a `named_modules()` listing, its model type inferred from the classes.
    /// - Parameter listedParameters: `named_parameters()` lines: exact, they win over what the
    ///   catalog records for the listed classes.
    static func inventory(modules: [ModuleInfo], rootClass: String?, detail: String, listedParameters: [ParameterInfo] = []) -> Inventory {
        var inventory = Inventory(source: .modulesFile, detail: detail, modules: modules,
                                  numLayers: LayerCountInference.numLayers(in: modules.map(\.name)), parameters: listedParameters)
        guard let (modelType, className) = inferModelType(modules: modules, rootClass: rootClass) else { return inventory }
        inventory.modelType = modelType
        inventory.detail += ", model type \(modelType) from \(className)"
        // The towers the listing has (a fact about the modules, unlike tie_word_embeddings, which config.json may change).
        let names = Set(modules.map(\.name))
        guard let template = Catalog.template(for: modelType) else { return inventory }
        inventory.towers = template.towers.filter { names.contains($0.prefix) }
        guard listedParameters.isEmpty else { return inventory }
        // The parameters its classes hold (fused experts' gate_up_proj, CLIP's class_embedding),
        // as the catalog recorded them for this model type: a listing names modules only.
        let held = template.parametersByClass(.newest)
        inventory.parameters = modules.flatMap { module in
            (module.className.flatMap { held[$0] } ?? []).map { ParameterInfo(module: module.name, name: $0.name, dimensions: $0.dimensions) }
        }
        return inventory
    }

    /// The root's class, else the first top-level module's that transformers registers
    /// (`model\tMixtralModel`), mapped to its `model_type` by the catalog's class table.
    static func inferModelType(modules: [ModuleInfo], rootClass: String?) -> (modelType: String, className: String)? {
        let candidates = [rootClass].compactMap { $0 } + modules.filter { !$0.name.contains(".") }.compactMap(\.className)
        for className in candidates {
            if let modelType = Catalog.modelType(forClass: className) { return (modelType, className) }
        }
        return nil
    }

    public static func parse(bytes: [UInt8], path: String) throws -> [ModuleInfo] {
        try parseListing(bytes: bytes, path: path).modules
    }

    public static func parse(_ text: String, path: String) throws -> [ModuleInfo] {
        try parse(utf8: Array(text.utf8), path: path).modules
    }

    static func parseWithRoot(bytes: [UInt8], path: String) throws -> (modules: [ModuleInfo], rootClass: String?) {
        let listing = try parseListing(bytes: bytes, path: path)
        return (listing.modules, listing.rootClass)
    }

    /// The modules, and the root's class when the first line is `\tClassName` (the root's name is empty).
    static func parseWithRoot(_ text: String, path: String) throws -> (modules: [ModuleInfo], rootClass: String?) {
        let listing = try parse(utf8: Array(text.utf8), path: path)
        return (listing.modules, listing.rootClass)
    }

    static func parseEntries(_ text: String, path: String) throws -> (modules: [ModuleInfo], parameters: [ParameterInfo]) {
        let listing = try parse(utf8: Array(text.utf8), path: path)
        return (listing.modules, listing.parameters)
    }

    private static func parseListing(bytes: [UInt8], path: String) throws -> Listing {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw InventoryError.malformedModulesFile(path: path, line: firstInvalidUTF8Line(bytes),
                                                      reason: "the file is not valid UTF-8")
        }
        return try parse(utf8: bytes, path: path)
    }

    /// Works on the UTF-8 bytes, line by line, without a String per line until a name is
    /// kept: a 300,000-name file went through grapheme breaking and Unicode property
    /// lookups on every character (12 s).
    /// Module lines and parameter lines; a parameter's owner and the owner's parents are added
    /// as modules (in first-seen order) unless a module line already named them.
    private static func parse(utf8 bytes: [UInt8], path: String) throws -> Listing {
        var listing = Listing()
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
            if listing.modules.isEmpty, listing.rootClass == nil, bytes[start] == 0x09,
               let name = String(validating: bytes[(start + 1)..<end], as: UTF8.self), isIdentifier(name) {
                listing.rootClass = name
                continue
            }
            // Only a line holding a space or a shape is tried as a parameter (module lines never do).
            if bytes[start..<end].contains(where: { $0 == 0x20 || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "(") }),
               let text = String(validating: bytes[start..<end], as: UTF8.self), let parameter = parameterLine(Substring(text)) {
                listing.parameters.append(parameter)
                continue
            }
            let module = try parseLine(bytes[start..<end], path: path, line: lineNumber)
            if let previous = firstLine[module.name] {
                throw InventoryError.malformedModulesFile(
                    path: path, line: lineNumber,
                    reason: "'\(ShortExcerpt.quote(module.name))' is listed again (first on line \(previous)); named_modules() lists each module once")
            }
            firstLine[module.name] = lineNumber
            listing.modules.append(module)
        }
        var known = Set(listing.modules.map(\.name))
        for parameter in listing.parameters {
            var owners: [String] = []
            var parts = parameter.module.split(separator: ".").map(String.init)
            while !parts.isEmpty {
                owners.append(parts.joined(separator: "."))
                parts.removeLast()
            }
            for owner in owners.reversed() where known.insert(owner).inserted { listing.modules.append(ModuleInfo(name: owner)) }
        }
        return listing
    }

    /// `name torch.Size([8, 8])`, `name (8, 8)` or `name [8, 8]` (space or tab between).
    private static func parameterLine(_ line: Substring) -> ParameterInfo? {
        guard let split = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return nil }
        let name = line[..<split]
        var shape = line[split...].trimmingCharacters(in: .whitespaces)
        if shape.hasPrefix("torch.Size(") && shape.hasSuffix(")") { shape = String(shape.dropFirst("torch.Size(".count).dropLast()) }
        guard let open = shape.first, let close = shape.last, (open == "[" && close == "]") || (open == "(" && close == ")") else { return nil }
        let dimensions = shape.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard dimensions.allSatisfy({ Int($0) != nil }), !name.isEmpty, !name.contains(where: { "():".contains($0) }),
              !name.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else { return nil }
        let parts = name.split(separator: ".")
        return ParameterInfo(module: parts.dropLast().joined(separator: "."), name: String(parts.last!), dimensions: dimensions.count)
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
