import Foundation

/// Reads a file to lint without ever blocking, without opening anything that is not a
/// regular file, and without reading more than a size limit.
///
/// A pre-commit hook sees whatever a repository holds: a FIFO named `config.yaml` would
/// block a plain `open`, a device may act on being opened (a tape rewinds), and a
/// generated 2 GiB JSON file would be read whole. So the path is `stat`ed first (nothing
/// but a regular file is opened), opened with `O_NONBLOCK` (a FIFO swapped in after the
/// `stat` cannot block), checked again with `fstat` on the open descriptor, and read
/// with the limit enforced on the bytes actually read (a file that grows while it is
/// read is caught too).
public enum SourceReader {
    public enum Problem: Error, Equatable, CustomStringConvertible {
        /// `open`/`read` failed; the text is the system's reason.
        case unreadable(String)
        /// A FIFO, socket, device or folder: never opened.
        case notRegularFile(kind: String)
        /// Over the limit: `size` is the file's size (nil for a stream, read only up to the limit).
        case tooLarge(size: Int?, limit: Int)

        public var description: String {
            switch self {
            case .unreadable(let reason): return "cannot read: \(reason)"
            case .notRegularFile(let kind): return "\(kind), not a regular file; not opened"
            case .tooLarge(let size, let limit):
                return "\(size.map { "\($0) bytes, " } ?? "")over the max-file-size limit of \(ByteSize.describe(limit)); not read"
            }
        }
    }

    public static func read(path: String, limit: Int) -> Result<[UInt8], Problem> {
        var info = stat()
        guard FileNameBytes.withSystemPath(path, { stat($0, &info) }) == 0 else { return .failure(.unreadable(lastError())) }
        if let problem = refusal(info, limit: limit) { return .failure(problem) }
        let descriptor = FileNameBytes.withSystemPath(path) { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }
        guard descriptor >= 0 else { return .failure(.unreadable(lastError())) }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0 else { return .failure(.unreadable(lastError())) }
        if let problem = refusal(info, limit: limit) { return .failure(problem) }
        return read(descriptor: descriptor, limit: limit, expected: Int(info.st_size))
    }

    /// Reads a stream (standard input) to its end, or until it passes `limit`.
    public static func read(descriptor: Int32, limit: Int, expected: Int? = nil) -> Result<[UInt8], Problem> {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(max(expected ?? 0, 0), limit) + 1)
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            // One byte past the limit is enough to know the file is over it.
            let wanted = min(chunk, limit.addingReportingOverflow(1).overflow ? chunk : limit + 1 - bytes.count)
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(lastError()))
            }
            if count == 0 { return .success(bytes) }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > limit { return .failure(.tooLarge(size: expected.map { max($0, bytes.count) }, limit: limit)) }
        }
    }

    private static func refusal(_ info: stat, limit: Int) -> Problem? {
        guard info.st_mode & S_IFMT == S_IFREG else { return .notRegularFile(kind: kind(ofMode: info.st_mode)) }
        return Int(info.st_size) > limit ? .tooLarge(size: Int(info.st_size), limit: limit) : nil
    }

    /// "a FIFO", "a device", …: for messages about what was not opened.
    package static func kind(ofMode mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: return "a regular file"
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFLNK: return "a symlink"
        default: return "a special file"
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
