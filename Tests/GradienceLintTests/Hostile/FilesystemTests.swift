import Foundation
import Testing
@testable import GradienceLint

/// Reading and walking whatever a repository holds: nothing but regular files is opened,
/// nothing blocks, loops end, and what cannot be read is said without stopping the rest.
@Suite struct FilesystemTests {
    static let config = "peft_type: LORA\nr: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  base_model.model.q_proj: 8\n"

    @Test func aFIFOIsNeverOpenedAndNeverBlocks() throws {
        let folder = try CLIRunner.temporaryFolder()
        let fifo = folder + "/config.yaml"
        #expect(mkfifo(fifo, 0o644) == 0)
        // Opening a FIFO for reading blocks until a writer comes; returning at all is the test.
        #expect(SourceReader.read(path: fifo, limit: 1 << 20) == .failure(.notRegularFile(kind: "a FIFO")))
        let (files, problems) = FileDiscovery.files(in: [fifo])
        #expect(files.isEmpty)
        #expect(problems.map(\.message) == ["a FIFO, not a regular file or folder; not opened"])
        // Met in a folder walk, it is left alone silently.
        #expect(FileDiscovery.files(in: [folder]).files.isEmpty)
        #expect(FileDiscovery.files(in: [folder]).problems.isEmpty)
    }

    @Test func devicesAndFoldersAreRefusedByTheReader() {
        #expect(SourceReader.read(path: "/dev/null", limit: 10) == .failure(.notRegularFile(kind: "a device")))
        #expect(SourceReader.read(path: "/dev/zero", limit: 10) == .failure(.notRegularFile(kind: "a device")))
        #expect(SourceReader.read(path: "/tmp", limit: 10) == .failure(.notRegularFile(kind: "a folder")))
        #expect(SourceReader.read(path: "/nonexistent/x.yaml", limit: 10) == .failure(.unreadable("No such file or directory")))
    }

    @Test func theSizeLimitIsCheckedBeforeReading() throws {
        let folder = try CLIRunner.temporaryFolder()
        let path = folder + "/a.yaml"
        try CLIRunner.write(String(repeating: "a", count: 100), to: path)
        #expect(SourceReader.read(path: path, limit: 99) == .failure(.tooLarge(size: 100, limit: 99)))
        #expect(try SourceReader.read(path: path, limit: 100).get().count == 100)
        #expect(SourceReader.Problem.tooLarge(size: 100, limit: 99).description == "100 bytes, over the max-file-size limit of 99 bytes; not read")
    }

    @Test func aStreamIsReadOnlyUpToTheLimit() throws {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data(repeating: 0x61, count: 10))
        try pipe.fileHandleForWriting.close()
        let descriptor = pipe.fileHandleForReading.fileDescriptor
        #expect(SourceReader.read(descriptor: descriptor, limit: 5) == .failure(.tooLarge(size: nil, limit: 5)))
        let again = Pipe()
        again.fileHandleForWriting.write(Data("r: 8\n".utf8))
        try again.fileHandleForWriting.close()
        #expect(try SourceReader.read(descriptor: again.fileHandleForReading.fileDescriptor, limit: 5).get() == Array("r: 8\n".utf8))
    }

    @Test func symlinkLoopsEndAndDanglingLinksAreSkipped() throws {
        let folder = try CLIRunner.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/a/b", withIntermediateDirectories: true)
        try CLIRunner.write(Self.config, to: folder + "/a/b/adapter.yaml")
        try CLIRunner.write(Self.config, to: folder + "/top.yml")
        #expect(symlink("..", folder + "/a/b/up") == 0)                  // back to an ancestor
        #expect(symlink(folder + "/a", folder + "/a/b/again") == 0)     // absolute, same loop
        #expect(symlink("self.yaml", folder + "/a/self.yaml") == 0)      // a link to itself
        #expect(symlink("ping.json", folder + "/pong.json") == 0)
        #expect(symlink("pong.json", folder + "/ping.json") == 0)        // two links in a ring
        #expect(symlink("missing.yaml", folder + "/dangling.yaml") == 0)
        let (files, problems) = FileDiscovery.files(in: [folder])
        #expect(files == [folder + "/a/b/adapter.yaml", folder + "/top.yml"])
        #expect(problems.isEmpty)
        // Named explicitly, a looping link is a problem with the system's reason.
        let explicit = FileDiscovery.files(in: [folder + "/ping.json"])
        #expect(explicit.problems.map(\.message) == ["cannot read: Too many levels of symbolic links"])
    }

    @Test func aDeepFolderTreeIsWalked() throws {
        let folder = try CLIRunner.temporaryFolder()
        var path = folder
        for _ in 0..<200 { path += "/d" }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try CLIRunner.write(Self.config, to: path + "/deep.yaml")
        #expect(FileDiscovery.files(in: [folder]).files == [path + "/deep.yaml"])
    }

    // MARK: - End to end, through the binary

    @Test func unreadableFilesAndFoldersExitTwoAndTheRestIsStillChecked() throws {
        let folder = try CLIRunner.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/locked", withIntermediateDirectories: true)
        try CLIRunner.write(Self.config, to: folder + "/locked/inside.yaml")
        try CLIRunner.write(Self.config, to: folder + "/secret.yaml")
        try CLIRunner.write(Self.config, to: folder + "/open.yaml")
        #expect(chmod(folder + "/locked", 0o000) == 0)
        #expect(chmod(folder + "/secret.yaml", 0o000) == 0)
        defer { _ = chmod(folder + "/locked", 0o755) }
        // Root reads everything; drop to nobody so the permissions bite.
        let run = try CLIRunner.run(["--format", "json", "."], in: folder, asUser: CLIRunner.isRoot ? CLIRunner.nobody : nil)
        #expect(run.status == 2)
        #expect(run.stderr == """
            gradience-lint: locked: cannot read folder: Permission denied
            gradience-lint: secret.yaml: cannot read: Permission denied

            """)
        // open.yaml was still linted: its finding is in the report.
        #expect(run.stdout.contains("\"files_checked\": 1"))
        #expect(run.stdout.contains("\"path\": \"open.yaml\""))
        #expect(run.stdout.contains("\"code\": \"GL001\""))
    }

    @Test func anExcludedFileIsNeverOpened() throws {
        let folder = try CLIRunner.temporaryFolder()
        try CLIRunner.write("exclude: [legacy]\n", to: folder + "/.gradience-lint.yml")
        try FileManager.default.createDirectory(atPath: folder + "/legacy", withIntermediateDirectories: true)
        try CLIRunner.write(Self.config, to: folder + "/legacy/secret.yaml")
        try CLIRunner.write(Self.config, to: folder + "/open.yaml")
        #expect(chmod(folder + "/legacy/secret.yaml", 0o000) == 0)
        // Named explicitly with --force-exclude (as pre-commit passes files): excluded, so
        // not read, so its permissions cannot make the run fail.
        let run = try CLIRunner.run(["--force-exclude", "--format", "json", "legacy/secret.yaml", "open.yaml"], in: folder,
                                    asUser: CLIRunner.isRoot ? CLIRunner.nobody : nil)
        #expect(run.stderr == "")
        #expect(run.status == 1)
        #expect(run.stdout.contains("\"files_checked\": 1"))
        #expect(!run.stdout.contains("secret"))
        // Not excluded, the same file is a trouble (exit 2).
        let named = try CLIRunner.run(["--format", "json", "legacy/secret.yaml", "open.yaml"], in: folder,
                                      asUser: CLIRunner.isRoot ? CLIRunner.nobody : nil)
        #expect(named.status == 2)
        #expect(named.stderr == "gradience-lint: legacy/secret.yaml: cannot read: Permission denied\n")
    }

    @Test func anUnreadableStdinFailsAFixInsteadOfPrintingNothing() throws {
        // An editor would replace its buffer with an empty stdout: exit 2, print nothing.
        let folder = try CLIRunner.temporaryFolder()
        let run = try CLIRunner.run(["check", "--fix", "--stdin-filename", "a.yaml"], in: folder, shell: "exec < /")
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr == "gradience-lint: a.yaml: cannot read: Is a directory; nothing fixed\n")
    }

    @Test func anExplicitFIFOIsReportedWithoutBlocking() throws {
        let folder = try CLIRunner.temporaryFolder()
        #expect(mkfifo(folder + "/pipe.yaml", 0o644) == 0)
        try CLIRunner.write("r: 8\n", to: folder + "/ok.yaml")
        let run = try CLIRunner.run(["pipe.yaml", "ok.yaml"], in: folder, timeout: 20)
        #expect(run.status == 2)
        #expect(run.stderr == "gradience-lint: pipe.yaml: a FIFO, not a regular file or folder; not opened\n")
        #expect(run.stdout == "No problems in the 1 file checked.\n")   // not "All checks passed": the run failed
    }
}
