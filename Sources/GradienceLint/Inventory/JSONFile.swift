import Foundation

/// Reads the JSON files an inventory comes from (config.json, the weight index, a
/// safetensors header) through the Syntax layer, so duplicate keys stay visible.
enum JSONFile {
    /// The top-level object of a JSON file on disk.
    static func object(atPath path: String) throws -> Node {
        try object(bytes: readBytes(atPath: path), path: path)
    }

    static func object(bytes: [UInt8], path: String) throws -> Node {
        let parsed = Parser.parse(SourceText(path: path, bytes: bytes, isJSON: true))
        if let problem = parsed.problem {
            throw InventoryError.badJSON(path: path, reason: "line \(problem.range.start.line): \(problem.message)")
        }
        guard let root = parsed.documents.first, root.entries != nil else {
            throw InventoryError.badJSON(path: path, reason: "expected a JSON object at the top level")
        }
        return root
    }

    static func readBytes(atPath path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InventoryError.unreadable(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw InventoryError.unreadable(path: path, reason: "it is a folder, not a file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InventoryError.unreadable(path: path, reason: "permission denied or I/O error")
        }
        return [UInt8](data)
    }
}

extension Node {
    /// An integer value as Python's `json.load` would give it (no bools, no floats).
    var jsonInt: Int? {
        guard case .int(let value)? = scalar?.value else { return nil }
        return value
    }

    var jsonString: String? { scalar?.value.stringValue }

    var jsonBool: Bool? {
        guard case .bool(let value)? = scalar?.value else { return nil }
        return value
    }
}
