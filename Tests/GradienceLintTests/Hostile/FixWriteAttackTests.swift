import Foundation
import Testing
@testable import GradienceLint
@testable import GradienceEngine

/// Issue 28, `--fix` data safety: no lost update, no file the user could not write, no
/// dropped ACL or attribute, no broken hard link, no temporary file left by a signal.
@Suite(.serialized) struct FixWriteAttackTests {
    static let original = Array("r: 8\nlora_alpha: 16\n".utf8)
    static let fixed = Array("r: 8\nlora_alpha: 8\n".utf8)

    static func file(_ name: String = #function, bytes: [UInt8] = original, fileName: String = "a.yaml") throws -> (folder: String, path: String) {
        let folder = try CLIRunner.temporaryFolder(name)
        let path = folder + "/" + fileName
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (folder, path)
    }

    /// The README's example: `--fix` changes it.
    static func example(_ name: String = #function) throws -> (folder: String, path: String) {
        try file(name, bytes: [UInt8](Data(contentsOf: Fixtures.url("fixtures/examples/adapter_config.json"))), fileName: "adapter_config.json")
    }

    static func contents(_ path: String) -> [UInt8] { (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) ?? [] }

    static func temporaries(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.contains(AtomicWriter.temporaryMarker) }
    }

    static func failure(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return (error as? AtomicWriter.Failure)?.message ?? "\(error)" }
    }

    // MARK: races

    @Test func aWriteBeforeTheLastCheckIsNeverOverwritten() throws {
        let (folder, path) = try Self.file()
        let theirs = Array("r: 4\n".utf8)
        AtomicWriter.testHook = { stage, _ in
            if stage == .beforeFinalCheck { try? Data(theirs).write(to: URL(fileURLWithPath: path)) }   // a rename of its own
        }
        defer { AtomicWriter.testHook = nil }
        #expect(Self.failure { try AtomicWriter.replace(path: path, original: Self.original, with: Self.fixed) }
                == "the file changed on disk since it was read; not overwritten")
        #expect(Self.contents(path) == theirs)
        #expect(Self.temporaries(in: folder).isEmpty)
    }

    @Test func aWriteIntoTheSameInodeOfTheSameSizeIsCaughtByItsBytes() throws {
        let (_, path) = try Self.file()
        let theirs = Array("r: 9\nlora_alpha: 16\n".utf8)   // same size; mtime may not tick on coarse clocks
        AtomicWriter.testHook = { stage, _ in
            if stage == .beforeFinalCheck {
                let descriptor = open(path, O_WRONLY)
                _ = theirs.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
                close(descriptor)
            }
        }
        defer { AtomicWriter.testHook = nil }
        #expect(Self.failure { try AtomicWriter.replace(path: path, original: Self.original, with: Self.fixed) }
                == "the file changed on disk since it was read; not overwritten")
        #expect(Self.contents(path) == theirs)
    }

    @Test func aWriteBetweenTheLastCheckAndTheRenameIsPutBack() throws {
        let (folder, path) = try Self.file()
        let theirs = Array("r: 4\nlora_alpha: 32\nextra: true\n".utf8)
        AtomicWriter.testHook = { stage, _ in
            guard stage == .beforeRename else { return }
            // An editor saving in place into the inode that is about to be replaced.
            let descriptor = open(path, O_WRONLY | O_TRUNC)
            _ = theirs.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
            AtomicWriter.testHook = nil
        }
        defer { AtomicWriter.testHook = nil }
        #expect(Self.failure { try AtomicWriter.replace(path: path, original: Self.original, with: Self.fixed) }
                == "the file changed on disk while it was being replaced; the other write was kept, the fix was not written")
        #expect(Self.contents(path) == theirs)
        #expect(Self.temporaries(in: folder).isEmpty)
    }

    @Test func aRaceThroughTheBinaryExitsTwoAndSaysSo() throws {
        // Two fixes of one file at once: every run that does not write says why, exit 2.
        for round in 0..<5 {
            let (folder, path) = try Self.example("binary\(round)")
            let runs = try [CLIRunner.start(["--fix", "adapter_config.json"], in: folder), CLIRunner.start(["--fix", "adapter_config.json"], in: folder)].map { $0.wait() }
            #expect(runs.contains { $0.stderr.contains("fixed adapter_config.json") })
            // A run that did not write either read the file after the other's fix (nothing
            // left to fix: exit 1, silent) or refused to overwrite it, and said so (exit 2).
            for run in runs where !run.stderr.contains("fixed adapter_config.json") {
                let refused = run.status == 2 && run.stderr.contains("adapter_config.json: fix refused, file left untouched: the file changed on disk")
                #expect(refused || (run.status == 1 && run.stderr.isEmpty), "\(run.status) \(run.stderr)")
            }
            #expect(!Self.contents(path).isEmpty)
            #expect(Self.temporaries(in: folder).isEmpty)
        }
    }

    // MARK: what the file is: owner, access, ACLs, attributes, links

    @Test(.enabled(if: CLIRunner.isRoot, "needs root to make a file another user owns"))
    func aRootOwnedReadOnlyFileInAWritableFolderIsNotReplaced() throws {
        let (folder, path) = try Self.example()
        let original = Self.contents(path)
        #expect(chmod(folder, 0o777) == 0)   // anyone may rename in the folder
        #expect(chmod(path, 0o644) == 0)     // only root may write the file
        let run = try CLIRunner.run(["--fix", "adapter_config.json"], in: folder, asUser: CLIRunner.nobody)
        #expect(run.status == 2)
        #expect(run.stderr == "gradience-lint: adapter_config.json: fix refused, file left untouched: you cannot write this file (Permission denied); not written\n")
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_uid == 0)
        #expect(Self.contents(path) == original)
        #expect(Self.temporaries(in: folder).isEmpty)
    }

    @Test(.enabled(if: CLIRunner.isRoot, "needs root to make a file another user owns"))
    func aFileWhoseOwnerCannotBeCarriedIsWrittenInPlace() throws {
        let (folder, path) = try Self.example()
        let original = Self.contents(path)
        #expect(chmod(folder, 0o777) == 0)
        #expect(chmod(path, 0o666) == 0)   // root's file, writable by all: nobody may fix it, not own it
        var before = stat()
        #expect(stat(path, &before) == 0)
        let run = try CLIRunner.run(["--fix", "adapter_config.json"], in: folder, asUser: CLIRunner.nobody)
        #expect(run.stderr.contains("fixed adapter_config.json"), "\(run.stderr)")
        var after = stat()
        #expect(stat(path, &after) == 0)
        #expect(after.st_uid == 0 && after.st_ino == before.st_ino && after.st_mode & 0o777 == 0o666)
        #expect(Self.contents(path) != original)
        #expect((try? JSONSerialization.jsonObject(with: Data(Self.contents(path)))) != nil)
        #expect(Self.temporaries(in: folder).isEmpty)
    }

    @Test func aHardLinkIsWrittenThrough() throws {
        let (folder, path) = try Self.file()
        #expect(link(path, folder + "/other-name.yaml") == 0)
        try AtomicWriter.replace(path: path, original: Self.original, with: Self.fixed)
        #expect(Self.contents(path) == Self.fixed)
        #expect(Self.contents(folder + "/other-name.yaml") == Self.fixed)
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_nlink == 2)
        #expect(Self.temporaries(in: folder).isEmpty)
    }

    /// A POSIX ACL as Linux stores it (`system.posix_acl_access`): user::rw-, user:65534:rw-, group::r--, mask::rw-, other::r--.
    static let acl: [UInt8] = {
        func entry(_ tag: UInt16, _ perm: UInt16, _ id: UInt32) -> [UInt8] {
            withUnsafeBytes(of: tag.littleEndian, Array.init) + withUnsafeBytes(of: perm.littleEndian, Array.init) + withUnsafeBytes(of: id.littleEndian, Array.init)
        }
        return withUnsafeBytes(of: UInt32(2).littleEndian, Array.init) + entry(0x01, 6, .max) + entry(0x02, 6, 65534)
            + entry(0x04, 4, .max) + entry(0x10, 6, .max) + entry(0x20, 4, .max)
    }()

    static func set(_ name: String, _ value: [UInt8], on path: String) -> Bool {
        typealias Set_ = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeRawPointer?, Int, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setxattr") else { return false }
        return value.withUnsafeBytes { unsafeBitCast(symbol, to: Set_.self)(path, name, $0.baseAddress, $0.count, 0) } == 0
    }

    static func attributes(_ path: String) -> [String: [UInt8]] {
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        return Dictionary(ExtendedAttributes.list(descriptor: descriptor).map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
    }

    static let supportsAttributes: Bool = {
        guard let (_, path) = try? file("probe") else { return false }
        return set("user.probe", [1], on: path) && set("system.posix_acl_access", acl, on: path)
    }()

    @Test(.enabled(if: supportsAttributes, "the temporary folder's file system has no user xattrs or ACLs"))
    func aclsAndAttributesAreCarriedOver() throws {
        let (folder, path) = try Self.file()
        #expect(Self.set("user.origin", Array("kept".utf8), on: path))
        #expect(Self.set("system.posix_acl_access", Self.acl, on: path))
        let before = Self.attributes(path)
        try AtomicWriter.replace(path: path, original: Self.original, with: Self.fixed)
        #expect(Self.contents(path) == Self.fixed)
        #expect(Self.attributes(path) == before)
        #expect(Self.attributes(path)["system.posix_acl_access"] == Self.acl)
        #expect(Self.temporaries(in: folder).isEmpty)
    }

    @Test(.enabled(if: supportsAttributes, "the temporary folder's file system has no ACLs"))
    func aFoldersDefaultACLDoesNotGrantANewReader() throws {
        let (folder, path) = try Self.file()
        // The folder gives every new file an ACL entry for user 65534; the original has none.
        #expect(Self.set("system.posix_acl_default", Self.acl, on: folder))
        #expect(Self.attributes(path)["system.posix_acl_access"] == nil)
        try AtomicWriter.replace(path: path, original: Self.original, with: Self.fixed)
        #expect(Self.contents(path) == Self.fixed)
        #expect(Self.attributes(path)["system.posix_acl_access"] == nil)
    }

    // MARK: signals

    @Test func interruptedFixesLeaveNoTemporaryFiles() throws {
        // Many files, so a signal often lands while one is being written; bounded: 8 runs.
        let config = try Data(contentsOf: Fixtures.url("fixtures/examples/adapter_config.json"))
        var interrupted = 0
        for round in 0..<8 {
            let folder = try CLIRunner.temporaryFolder("signal\(round)")
            for index in 0..<150 { try config.write(to: URL(fileURLWithPath: folder + "/c\(index).json")) }
            let started = try CLIRunner.start(["--fix", "."], in: folder)
            usleep(UInt32.random(in: 300_000...1_500_000))
            kill(started.process.processIdentifier, round % 2 == 0 ? SIGINT : SIGTERM)
            let run = started.wait(timeout: 30)
            if started.process.terminationReason == .uncaughtSignal { interrupted += 1 }
            _ = run
            #expect(Self.temporaries(in: folder).isEmpty, "round \(round): \(Self.temporaries(in: folder))")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
                #expect((try? JSONSerialization.jsonObject(with: bytes)) != nil, "round \(round): \(name) is not whole")
            }
        }
        #expect(interrupted > 0, "no run was interrupted; the test did not test")
    }
}
