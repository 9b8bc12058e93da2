import Foundation
import GradienceSyntax

/// Reads the JSON files an inventory comes from (config.json, the weight index, a
/// safetensors header) through the Syntax layer, so duplicate keys stay visible.
package enum JSONFile {
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

    /// Inventory files are limited only so a link to `/dev/zero` or a FIFO cannot hang or
    /// exhaust the run: through `SourceReader`, which opens nothing but a regular file.
    package static let inventoryFileLimit = 1 << 30

    static func readBytes(atPath path: String) throws -> [UInt8] {
        switch SourceReader.read(path: path, limit: inventoryFileLimit) {
        case .success(let bytes): return bytes
        case .failure(.notRegularFile(kind: "a folder")):
            throw InventoryError.unreadable(path: path, reason: "it is a folder, not a file")
        case .failure(.unreadable(let reason)) where reason == String(cString: strerror(ENOENT)):
            throw InventoryError.unreadable(path: path, reason: "no such file")
        case .failure(let problem):
            throw InventoryError.unreadable(path: path, reason: problem.description)
        }
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
