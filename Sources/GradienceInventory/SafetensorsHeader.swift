import Foundation
import GradienceSyntax

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
    ///
    /// Only a regular file is ever opened: a symlink to `/dev/zero` beside a config has no
    /// size to subtract from, and a FIFO would block the run forever (issue 28). The path
    /// is `stat`ed, opened with `O_NONBLOCK`, and checked again with `fstat` on the open
    /// descriptor (a FIFO swapped in between cannot block), as `SourceReader` does.
    public static func read(atPath path: String) throws(SafetensorsHeaderError) -> SafetensorsHeader {
        func fail(_ problem: SafetensorsHeaderError.Problem) -> SafetensorsHeaderError {
            SafetensorsHeaderError(path: path, problem: problem)
        }
        var info = stat()
        guard FileNameBytes.withSystemPath(path, { stat($0, &info) }) == 0 else {
            throw fail(.unreadable(errno == ENOENT ? "no such file" : String(cString: strerror(errno))))
        }
        try requireRegularFile(info, fail)
        let descriptor = FileNameBytes.withSystemPath(path) { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }
        guard descriptor >= 0 else { throw fail(.unreadable("cannot open the file (\(String(cString: strerror(errno))))")) }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0 else { throw fail(.unreadable("cannot open the file (\(String(cString: strerror(errno))))")) }
        try requireRegularFile(info, fail)
        func readBytes(_ count: Int) throws(SafetensorsHeaderError) -> [UInt8] { try readUpTo(count, from: descriptor, path: path) }
        let fileSize = UInt64(max(0, Int64(info.st_size)))
        let lengthBytes = try readBytes(8)
        guard lengthBytes.count == 8 else { throw fail(.fileTooShort(size: lengthBytes.count)) }
        if fileSize < 1024, lengthBytes == Array("version ".utf8) {
            let rest = try readBytes(Int(fileSize) - 8)
            if let pointer = gitLFSPointer(lengthBytes + rest) { throw fail(pointer) }
            throw fail(.headerTooLarge(length: littleEndian(lengthBytes)))
        }
        let length = littleEndian(lengthBytes)
        // Compare in UInt64 before converting: a length of 2^63 must not trap.
        guard length <= maxHeaderLength else { throw fail(.headerTooLarge(length: length)) }
        // fileSize ≥ 8 here: 8 bytes were read from a regular file of that size (a file
        // that shrank meanwhile reads short, caught below).
        let available = fileSize >= 8 ? fileSize - 8 : 0
        guard length <= available else {
            throw fail(.headerPastEndOfFile(length: length, available: Int(clamping: available)))
        }
        let headerLength = Int(length)
        let bytes = try readBytes(headerLength)
        guard bytes.count == headerLength else {
            throw fail(.headerPastEndOfFile(length: length, available: bytes.count))
        }
        return try parse(headerBytes: bytes, dataSize: Int(available - length), path: path)
    }

    private static func requireRegularFile(_ info: stat, _ fail: (SafetensorsHeaderError.Problem) -> SafetensorsHeaderError) throws(SafetensorsHeaderError) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw fail(.unreadable("it is a folder, not a file"))
        default: throw fail(.unreadable("\(SourceReader.kind(ofMode: info.st_mode)), not a regular file; not opened"))
        }
    }

    private static func littleEndian(_ bytes: [UInt8]) -> UInt64 {
        bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// A Git LFS pointer checked out in place of the weights (`git lfs pull` never ran):
    /// a few lines of text starting `version https://git-lfs.github.com/spec/v1`
    /// (git-lfs `docs/spec.md`; a pointer is under 1024 bytes), whose first 8 bytes read
    /// as an absurd header length.
    private static func gitLFSPointer(_ bytes: [UInt8]) -> SafetensorsHeaderError.Problem? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.hasPrefix("version https://git-lfs.github.com/spec/v1") else { return nil }
        let size = text.split(whereSeparator: \.isNewline).first { $0.hasPrefix("size ") }.flatMap { Int($0.dropFirst(5)) }
        return .gitLFSPointer(size: size)
    }

    /// Reads up to `count` bytes in bounded chunks, so a large header never needs more
    /// than its own size; fewer at the end of the file.
    private static func readUpTo(_ count: Int, from descriptor: Int32, path: String) throws(SafetensorsHeaderError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(0, count))
        var buffer = [UInt8](repeating: 0, count: min(1 << 20, max(1, count)))
        while bytes.count < count {
            let wanted = min(buffer.count, count - bytes.count)
            let got = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, wanted) }
            if got < 0 {
                if errno == EINTR { continue }
                throw SafetensorsHeaderError(path: path, problem: .unreadable("I/O error (\(String(cString: strerror(errno))))"))
            }
            if got == 0 { break }
            bytes.append(contentsOf: buffer[0..<got])
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
