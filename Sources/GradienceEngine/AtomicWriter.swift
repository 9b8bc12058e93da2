import Foundation
import GradienceSyntax

/// Replaces a file's bytes so that a reader, a crash or a full disk can never see a mix
/// of old and new, and so that nothing anyone else wrote is lost (DESIGN.md §5, issue 28).
///
/// - The file is replaced only if it is still the one that was read: its device, inode,
///   size and modification time, and its bytes, are compared when the write starts, again
///   right before the rename, and once more on the old inode after it (a write into the
///   old file in that last window is put back, and the fix is not written).
/// - A file the user could not write is not rewritten: access is checked as the user
///   (`faccessat` with the effective ids), so a root-owned read-only file in a writable
///   folder is refused although a rename could replace it; a file with no write bits is
///   refused even for root.
/// - Normally a temporary file in the same folder takes the new bytes, the file's owner,
///   mode and extended attributes (POSIX ACLs are `system.posix_acl_access`), then is
///   fsynced and renamed over the original. When that would change what the file is — a
///   hard link (the other names would keep the old text), an owner, group or attribute
///   that cannot be carried over — the file is written in place instead, after a verified
///   copy of the original is made beside it (kept only if the write cannot be undone).
/// - A symlink is written through to its target. Temporary files are removed on SIGINT,
///   SIGTERM and SIGHUP (`TemporaryFiles`) and by every return; one a SIGKILL left behind
///   is never linted (`FileDiscovery.isStaleTemporary`).
public enum AtomicWriter {
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let message: String
        public var description: String { "\(path): \(message)" }
    }

    /// What the race checks compare.
    struct Identity: Equatable {
        var device: UInt64, inode: UInt64, size: Int64, modifiedSeconds: Int, modifiedNanoseconds: Int

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modifiedSeconds = Int(info.st_mtim.tv_sec)
            modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
        }
    }

    /// Points in a replacement where tests play the other process (the serialized
    /// `FixWriteAttackTests` set it; nil otherwise).
    enum Stage: Sendable { case beforeFinalCheck, beforeRename }
    typealias TestHook = @Sendable (Stage, String) -> Void
    private static let testHookSlot = Locked<TestHook?>(nil)
    static var testHook: TestHook? {
        get { testHookSlot.withLock { $0 } }
        set { testHookSlot.withLock { $0 = newValue } }
    }

    /// The name prefix every temporary file gets after `.NAME`.
    public static let temporaryMarker = ".gradience-lint-"

    public static func replace(path: String, original: [UInt8], with bytes: [UInt8]) throws {
        func fail(_ message: String) -> Failure { Failure(path: path, message: message) }
        let target = try FileNameBytes.withSystemPath(path) { systemPath -> String in
            guard let resolved = realpath(systemPath, nil) else { throw fail("cannot resolve the path: \(errorText())") }
            defer { free(resolved) }
            return FileNameBytes.display(resolved)
        }
        try replace(target: target, reported: path, original: original, with: bytes)
    }

    /// `target` is the real path (display form; `FileNameBytes` gives the system its bytes).
    private static func replace(target: String, reported path: String, original: [UInt8], with bytes: [UInt8]) throws {
        func fail(_ message: String) -> Failure { Failure(path: path, message: message) }
        let current = FileNameBytes.withSystemPath(target) { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }
        guard current >= 0 else { throw fail("cannot open: \(errorText())") }
        defer { close(current) }
        var info = stat()
        guard fstat(current, &info) == 0 else { throw fail("cannot stat: \(errorText())") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw fail("not a regular file; not written") }
        // Root may write anything; a file without write bits is still one the user marked read-only.
        guard info.st_mode & 0o222 != 0 else { throw fail("the file is read-only; not written") }
        // As the user would: a rename needs only the folder's permission, not the file's.
        guard FileNameBytes.withSystemPath(target, { faccessat(AT_FDCWD, $0, W_OK, AT_EACCESS) }) == 0 else {
            throw fail("you cannot write this file (\(errorText())); not written")
        }
        let identity = Identity(info)
        try ensureUnchanged(target, current, identity, original, fail)

        let folder = parentFolder(of: target)
        let name = target.split(separator: "/").last.map(String.init) ?? ""
        let attributes = ExtendedAttributes.list(descriptor: current)
        if info.st_nlink > 1 {
            try writeInPlace(target, folder: folder, name: name, current, identity, original, bytes, fail)
            return
        }

        let temporary = TemporaryFiles.create(folder: folder, name: name, mode: mode_t(info.st_mode & 0o7777))
        guard temporary.descriptor >= 0 else { throw fail("cannot create a temporary file beside it: \(errorText())") }
        var settled = false
        defer { if !settled { TemporaryFiles.remove(temporary) } }
        var carried = false
        do {
            try writeAll(temporary.descriptor, bytes, at: 0, fail)
            // Owner first (chown clears set-id bits), then mode, then attributes (an ACL
            // sets mode bits of its own).
            carried = fchown(temporary.descriptor, info.st_uid, info.st_gid) == 0
                && fchmod(temporary.descriptor, mode_t(info.st_mode & 0o7777)) == 0
                && ExtendedAttributes.copy(attributes, to: temporary.descriptor)
            if carried, fsync(temporary.descriptor) != 0 { throw fail("fsync failed: \(errorText())") }
        } catch {
            close(temporary.descriptor)
            throw error
        }
        guard close(temporary.descriptor) == 0 else { throw fail("close failed: \(errorText())") }
        guard carried else {
            // A replacement would not be the same file to its owner, group or readers.
            TemporaryFiles.remove(temporary)
            settled = true
            try writeInPlace(target, folder: folder, name: name, current, identity, original, bytes, fail)
            return
        }
        testHook?(.beforeFinalCheck, target)
        // Checked again as late as possible: another process may have written meanwhile.
        try ensureUnchanged(target, current, identity, original, fail)
        testHook?(.beforeRename, target)
        let renamed = FileNameBytes.withSystemPath(temporary.path) { from in FileNameBytes.withSystemPath(target) { rename(from, $0) } }
        guard renamed == 0 else { throw fail("rename failed: \(errorText())") }
        settled = true
        TemporaryFiles.forget(temporary)
        syncFolder(folder)
        // A write into the old inode between the last check and the rename would be lost:
        // put it back, and say the fix was not written.
        var after = stat()
        if fstat(current, &after) == 0, Identity(after) != identity {
            let theirs = readAll(current)
            try? replace(target: target, reported: path, original: bytes, with: theirs)
            throw fail("the file changed on disk while it was being replaced; the other write was kept, the fix was not written")
        }
    }

    /// For files a rename would change (hard links, owners or attributes that cannot be
    /// carried): a verified copy of the original beside it, then the new bytes written
    /// into the file itself with signals held, checked, and the copy removed.
    private static func writeInPlace(_ target: String, folder: String, name: String, _ current: Int32, _ identity: Identity,
                                     _ original: [UInt8], _ bytes: [UInt8], _ fail: (String) -> Failure) throws {
        // Interrupts wait until the file is whole again and the copy is gone.
        try TemporaryFiles.inPlace {
            let backup = TemporaryFiles.create(folder: folder, name: name, mode: 0o600, removedOnSignal: false)
            guard backup.descriptor >= 0 else { throw fail("cannot create a temporary copy beside it: \(errorText())") }
            var keepBackup = false
            defer {
                close(backup.descriptor)
                if !keepBackup { TemporaryFiles.remove(backup) }
            }
            try writeAll(backup.descriptor, original, at: 0, fail)
            guard fsync(backup.descriptor) == 0, readAll(backup.descriptor) == original else {
                throw fail("the temporary copy of the original could not be verified; not written")
            }
            let writer = FileNameBytes.withSystemPath(target) { open($0, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }
            guard writer >= 0 else { throw fail("cannot open for writing: \(errorText())") }
            defer { close(writer) }
            try ensureUnchanged(target, current, identity, original, fail)
            do {
                try writeAll(writer, bytes, at: 0, fail)
                guard ftruncate(writer, off_t(bytes.count)) == 0, fsync(writer) == 0 else { throw fail("write failed: \(errorText())") }
            } catch {
                let why = (error as? Failure)?.message ?? "\(error)"
                guard (try? writeAll(writer, original, at: 0, fail)) != nil, ftruncate(writer, off_t(original.count)) == 0, fsync(writer) == 0 else {
                    keepBackup = true
                    throw fail("\(why); the original could not be put back: it is kept in \(backup.path)")
                }
                throw fail("\(why); the original was put back")
            }
            guard readAll(current) == bytes else {
                keepBackup = true
                throw fail("the written file does not read back as written; the original is kept in \(backup.path)")
            }
        }
    }

    /// The file at the path is still the inode that was opened, with the same size,
    /// modification time and bytes.
    private static func ensureUnchanged(_ target: String, _ current: Int32, _ identity: Identity, _ original: [UInt8],
                                        _ fail: (String) -> Failure) throws {
        var atPath = stat(), opened = stat()
        guard FileNameBytes.withSystemPath(target, { stat($0, &atPath) }) == 0, fstat(current, &opened) == 0, Identity(atPath) == identity, Identity(opened) == identity,
              readAll(current) == original else {
            throw fail("the file changed on disk since it was read; not overwritten")
        }
    }

    private static func readAll(_ descriptor: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var offset: off_t = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
            offset += off_t(count)
        }
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], at start: Int, _ fail: (String) -> Failure) throws {
        var offset = 0
        try bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let written = pwrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset, off_t(start + offset))
                if written < 0 {
                    if errno == EINTR { continue }
                    throw fail("write failed: \(errorText())")
                }
                offset += written
            }
        }
    }

    private static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func syncFolder(_ folder: String) {
        let descriptor = FileNameBytes.withSystemPath(folder) { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        if descriptor >= 0 {
            _ = fsync(descriptor)
            close(descriptor)
        }
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}

/// A file's extended attributes (`user.*`, `security.*`, and the POSIX ACLs kept as
/// `system.posix_acl_access`), so a replaced file keeps who may read and write it.
enum ExtendedAttributes {
    // <sys/xattr.h> is not in Swift's Glibc module: the C library's own functions, looked up once.
    private typealias List = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int
    private typealias Get = @convention(c) (Int32, UnsafePointer<CChar>, UnsafeMutableRawPointer?, Int) -> Int
    private typealias Set_ = @convention(c) (Int32, UnsafePointer<CChar>, UnsafeRawPointer?, Int, Int32) -> Int32
    private typealias Remove = @convention(c) (Int32, UnsafePointer<CChar>) -> Int32
    private static func function<T>(_ name: String, as type: T.Type) -> T? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name).map { unsafeBitCast($0, to: type) }
    }
    private static let flistxattr: List = function("flistxattr", as: List.self) ?? { _, _, _ in -1 }
    private static let fgetxattr: Get = function("fgetxattr", as: Get.self) ?? { _, _, _, _ in -1 }
    private static let fsetxattr: Set_ = function("fsetxattr", as: Set_.self) ?? { _, _, _, _, _ in -1 }
    private static let fremovexattr: Remove = function("fremovexattr", as: Remove.self) ?? { _, _ in -1 }

    static func list(descriptor: Int32) -> [(name: String, value: [UInt8])] {
        let size = flistxattr(descriptor, nil, 0)
        guard size > 0 else { return [] }
        var names = [CChar](repeating: 0, count: size)
        let got = flistxattr(descriptor, &names, size)
        guard got > 0 else { return [] }
        return names[0..<got].split(separator: 0).compactMap { raw in
            let name = String(decoding: raw.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let length = fgetxattr(descriptor, name, nil, 0)
            guard length >= 0 else { return nil }
            var value = [UInt8](repeating: 0, count: length)
            let read = length == 0 ? 0 : fgetxattr(descriptor, name, &value, length)
            return read == length ? (name, value) : nil
        }
    }

    /// Makes `descriptor`'s attributes exactly `attributes` (a folder's default ACL may
    /// have given the new file one the original does not have); false when one cannot be set.
    static func copy(_ attributes: [(name: String, value: [UInt8])], to descriptor: Int32) -> Bool {
        let wanted = Set(attributes.map(\.name))
        for extra in list(descriptor: descriptor) where !wanted.contains(extra.name) {
            guard fremovexattr(descriptor, extra.name) == 0 else { return false }
        }
        for attribute in attributes {
            guard attribute.value.withUnsafeBytes({ fsetxattr(descriptor, attribute.name, $0.baseAddress, $0.count, 0) }) == 0 else { return false }
        }
        return true
    }
}
