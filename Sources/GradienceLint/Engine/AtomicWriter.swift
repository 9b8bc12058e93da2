import Foundation

/// Replaces a file's bytes so that a reader, a crash or a full disk can never see a mix
/// of old and new: a temporary file in the same folder, fsync, then rename over the
/// original (DESIGN.md §5). Permissions are kept, a symlink is written through to its
/// target, and a file that changed on disk since it was read is left alone.
public enum AtomicWriter {
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let message: String
        public var description: String { "\(path): \(message)" }
    }

    public static func replace(path: String, original: [UInt8], with bytes: [UInt8]) throws {
        guard let resolved = realpath(path, nil) else { throw Failure(path: path, message: "cannot resolve the path: \(errorText())") }
        let target = String(cString: resolved)
        free(resolved)
        var info = stat()
        guard stat(target, &info) == 0 else { throw Failure(path: path, message: "cannot stat: \(errorText())") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw Failure(path: path, message: "not a regular file; not written") }
        // Root may write anything; a file without write bits is still one the user marked read-only.
        guard info.st_mode & 0o222 != 0 else { throw Failure(path: path, message: "the file is read-only; not written") }
        try ensureUnchanged(target, original: original, reported: path)

        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\(name).gradience-lint-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(info.st_mode & 0o7777))
        guard descriptor >= 0 else { throw Failure(path: path, message: "cannot create a temporary file beside it: \(errorText())") }
        var keepTemporary = false
        defer {
            if !keepTemporary { unlink(temporary) }
        }
        do {
            try writeAll(descriptor, bytes, reported: path)
            _ = fchmod(descriptor, mode_t(info.st_mode & 0o7777))
            _ = fchown(descriptor, info.st_uid, info.st_gid)
            guard fsync(descriptor) == 0 else { throw Failure(path: path, message: "fsync failed: \(errorText())") }
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw Failure(path: path, message: "close failed: \(errorText())") }
        // Checked again as late as possible: another process may have fixed it meanwhile.
        try ensureUnchanged(target, original: original, reported: path)
        guard rename(temporary, target) == 0 else { throw Failure(path: path, message: "rename failed: \(errorText())") }
        keepTemporary = true
        let folderDescriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    private static func ensureUnchanged(_ target: String, original: [UInt8], reported: String) throws {
        guard let current = FileManager.default.contents(atPath: target), [UInt8](current) == original else {
            throw Failure(path: reported, message: "the file changed on disk since it was read; not overwritten")
        }
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], reported: String) throws {
        var offset = 0
        try bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failure(path: reported, message: "write failed: \(errorText())")
                }
                offset += written
            }
        }
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
