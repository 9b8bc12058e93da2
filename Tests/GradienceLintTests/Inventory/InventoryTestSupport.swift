import Foundation
@testable import GradienceLint
@testable import GradienceInventory

/// A fresh folder under the system temp directory, removed by `cleanUp()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "gradience-inventory-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        let folder = (file as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Builds `.safetensors` bytes the way the format defines them: u64 LE length, header
/// JSON, then the data area (zero-filled; the reader never looks at it).
enum SafetensorsFixture {
    struct Entry {
        var name: String
        var dtype = "F32"
        var shape: [Int]
    }

    /// A header for `entries` laid out back to back, with the data area it describes.
    static func file(_ entries: [Entry], metadata: Bool = true) -> [UInt8] {
        var parts: [String] = metadata ? [#""__metadata__":{"format":"pt"}"#] : []
        var offset = 0
        for entry in entries {
            let size = entry.shape.reduce(SafetensorsLayoutCheck.dtypeBits[entry.dtype]! / 8, *)
            parts.append(#""\#(entry.name)":{"dtype":"\#(entry.dtype)","shape":\#(entry.shape),"data_offsets":[\#(offset),\#(offset + size)]}"#)
            offset += size
        }
        return file(header: "{" + parts.joined(separator: ",") + "}", dataSize: offset)
    }

    /// Raw header text (padded with spaces to a multiple of 8, as the writer does).
    static func file(header: String, dataSize: Int) -> [UInt8] {
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        return file(headerBytes: headerBytes, dataSize: dataSize)
    }

    static func file(headerBytes: [UInt8], dataSize: Int) -> [UInt8] {
        lengthField(UInt64(headerBytes.count)) + headerBytes + [UInt8](repeating: 0, count: dataSize)
    }

    static func lengthField(_ length: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) }
    }
}
