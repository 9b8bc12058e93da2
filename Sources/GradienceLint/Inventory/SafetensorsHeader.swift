import Foundation

/// The header of a `.safetensors` file: tensor names, dtypes, shapes and offsets.
///
/// Layout: an unsigned little-endian u64 `N`, then `N` bytes of UTF-8 JSON (starting
/// with `{`, possibly space-padded), then the data area. Only the 8 length bytes and the
/// header are ever read, so a 140 GB checkpoint costs one small read.
public struct SafetensorsHeader: Sendable, Equatable {
    public struct Tensor: Sendable, Equatable {
        public var name: String
        public var dtype: String
        public var shape: [Int]
        /// Byte range inside the data area (which starts right after the header).
        public var dataOffsets: Range<Int>

        public init(name: String, dtype: String, shape: [Int], dataOffsets: Range<Int>) {
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.dataOffsets = dataOffsets
        }
    }

    /// The safetensors library's own cap (`MAX_HEADER_SIZE`).
    public static let maxHeaderLength: UInt64 = 100_000_000

    public var path: String
    /// In header order (PEFT and `safetensors` write them sorted by name).
    public var tensors: [Tensor]
    /// `__metadata__`, e.g. `["format": "pt"]`.
    public var metadata: [String: String]?
    public var headerLength: Int
    public var dataSize: Int

    public subscript(name: String) -> Tensor? { tensors.first { $0.name == name } }

    /// Reads and validates the header of the file at `path`.
    public static func read(atPath path: String) throws(SafetensorsHeaderError) -> SafetensorsHeader {
        func fail(_ problem: SafetensorsHeaderError.Problem) -> SafetensorsHeaderError {
            SafetensorsHeaderError(path: path, problem: problem)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail(.unreadable("no such file"))
        }
        guard !isDirectory.boolValue else { throw fail(.unreadable("it is a folder, not a file")) }
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw fail(.unreadable("cannot open the file (\(error.localizedDescription))"))
        }
        defer { try? handle.close() }
        do {
            let fileSize = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
            let lengthBytes = try handle.read(upToCount: 8) ?? Data()
            guard lengthBytes.count == 8 else { throw fail(.fileTooShort(size: lengthBytes.count)) }
            if let pointer = try gitLFSPointer(startingWith: lengthBytes, fileSize: fileSize, handle: handle) { throw fail(pointer) }
            let length = lengthBytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            // Compare in UInt64 before converting: a length of 2^63 must not trap.
            guard length <= maxHeaderLength else { throw fail(.headerTooLarge(length: length)) }
            let available = fileSize - 8
            guard length <= available else {
                throw fail(.headerPastEndOfFile(length: length, available: Int(clamping: available)))
            }
            let headerLength = Int(length)
            let bytes = try readExactly(headerLength, from: handle)
            guard bytes.count == headerLength else {
                throw fail(.headerPastEndOfFile(length: length, available: bytes.count))
            }
            return try parse(headerBytes: bytes, dataSize: Int(available - length), path: path)
        } catch let error as SafetensorsHeaderError {
            throw error
        } catch {
            throw fail(.unreadable("I/O error (\(error.localizedDescription))"))
        }
    }

    /// A Git LFS pointer checked out in place of the weights (`git lfs pull` never ran):
    /// a few lines of text starting `version https://git-lfs.github.com/spec/v1`
    /// (git-lfs `docs/spec.md`; a pointer is under 1024 bytes), whose first 8 bytes read
    /// as an absurd header length.
    private static func gitLFSPointer(startingWith first: Data, fileSize: UInt64, handle: FileHandle) throws -> SafetensorsHeaderError.Problem? {
        guard fileSize < 1024, first == Data("version ".utf8) else { return nil }
        let text = String(decoding: first + (try handle.read(upToCount: Int(fileSize) - 8) ?? Data()), as: UTF8.self)
        guard text.hasPrefix("version https://git-lfs.github.com/spec/v1") else { return nil }
        let size = text.split(whereSeparator: \.isNewline).first { $0.hasPrefix("size ") }.flatMap { Int($0.dropFirst(5)) }
        return .gitLFSPointer(size: size)
    }

    /// Reads in bounded chunks so a large header never needs more than its own size.
    private static func readExactly(_ count: Int, from handle: FileHandle) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            let chunk = try handle.read(upToCount: min(1 << 20, count - bytes.count)) ?? Data()
            if chunk.isEmpty { break }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// Validates header bytes that were already read; `dataSize` is the length of the
    /// data area (file size − 8 − header length).
    public static func parse(headerBytes: [UInt8], dataSize: Int, path: String) throws(SafetensorsHeaderError) -> SafetensorsHeader {
        let tensorsAndMetadata = try SafetensorsHeaderParser(path: path, bytes: headerBytes).parse()
        let header = SafetensorsHeader(path: path, tensors: tensorsAndMetadata.tensors,
                                       metadata: tensorsAndMetadata.metadata,
                                       headerLength: headerBytes.count, dataSize: dataSize)
        try SafetensorsLayoutCheck.validate(header)
        return header
    }
}
