import Foundation
import Testing

/// `--fix` never loses or mixes a user's bytes: two runs at once, a full disk, a file
/// size limit, a read-only file and a folder the user cannot write all leave either the
/// original or the complete fixed file — and no temporary file behind.
@Suite(.serialized) struct FixWriteSafetyTests {
    static let config = "fixtures/examples/adapter_config.json"

    static var original: Data { try! Data(contentsOf: Fixtures.url(config)) }

    /// What one `--fix` makes of the config (computed, not hard-coded: the rules may evolve).
    static let fixed: Data = {
        let folder = try! CLIRunner.temporaryFolder("fixed-reference")
        try! original.write(to: URL(fileURLWithPath: folder + "/adapter_config.json"))
        let run = try! CLIRunner.run(["--fix", "adapter_config.json"], in: folder)
        precondition(run.stderr.contains("fixed adapter_config.json"), run.stderr)
        return try! Data(contentsOf: URL(fileURLWithPath: folder + "/adapter_config.json"))
    }()

    static func onlyTheConfigIsLeft(_ folder: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        #expect(names.filter { $0.contains("gradience-lint") }.isEmpty, "temporary files left: \(names)", sourceLocation: sourceLocation)
    }

    @Test func twoFixesAtOnceNeverProduceAMixedFile() throws {
        #expect(Self.fixed != Self.original)
        for round in 0..<20 {
            let folder = try CLIRunner.temporaryFolder("concurrent\(round)")
            let path = folder + "/adapter_config.json"
            try Self.original.write(to: URL(fileURLWithPath: path))
            let first = try CLIRunner.start(["--fix", "adapter_config.json"], in: folder)
            let second = try CLIRunner.start(["--fix", "adapter_config.json"], in: folder)
            let runs = [first.wait(), second.wait()]
            // 1: fixed, findings without a safe fix remain; 2: the other run got there first
            // and this one refused to overwrite a file that changed since it was read.
            for run in runs { #expect(run.status == 1 || run.status == 2, "round \(round): \(run.stderr)") }
            #expect(runs.contains { $0.stderr.contains("fixed adapter_config.json") }, "round \(round): no run wrote")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Self.fixed, "round \(round): the file is neither whole fix")
            Self.onlyTheConfigIsLeft(folder)
        }
    }

    /// root may mount a small tmpfs; elsewhere the file-size-limit test covers a failing write.
    static let canMountTmpfs: Bool = {
        guard CLIRunner.isRoot, let folder = try? CLIRunner.temporaryFolder("probe") else { return false }
        let mounted = mount("tmpfs", folder, "tmpfs", 0, "size=64k") == 0
        if mounted { umount(folder) }
        return mounted
    }()

    @Test(.enabled(if: canMountTmpfs, "needs root to mount a tmpfs"))
    func aFullDiskLeavesTheOriginalIntact() throws {
        let folder = try CLIRunner.temporaryFolder("full")
        #expect(mount("tmpfs", folder, "tmpfs", 0, "size=64k,mode=0755") == 0)
        defer { umount(folder) }
        let path = folder + "/adapter_config.json"
        try Self.original.write(to: URL(fileURLWithPath: path))
        // Fill every remaining byte.
        let filler = open(folder + "/filler", O_WRONLY | O_CREAT, 0o644)
        let block = [UInt8](repeating: 0x61, count: 4096)
        while block.withUnsafeBytes({ write(filler, $0.baseAddress, $0.count) }) > 0 {}
        close(filler)
        let run = try CLIRunner.run(["--fix", "adapter_config.json"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("adapter_config.json: fix refused, file left untouched: write failed: No space left on device"), "\(run.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Self.original)
        Self.onlyTheConfigIsLeft(folder)
    }

    @Test func aWriteStoppedByTheFileSizeLimitLeavesTheOriginalIntact() throws {
        let folder = try CLIRunner.temporaryFolder("fsize")
        let path = folder + "/adapter_config.json"
        try Self.original.write(to: URL(fileURLWithPath: path))
        // RLIMIT_FSIZE of zero: the temporary file's first write fails with EFBIG (SIGXFSZ
        // ignored so the write returns the error instead of killing the process). Pipes are
        // not files, so the report still reaches stdout and stderr.
        let run = try CLIRunner.run(["--fix", "adapter_config.json"], in: folder, shell: "trap '' XFSZ; ulimit -f 0")
        #expect(run.status == 2)
        #expect(run.stderr.contains("adapter_config.json: fix refused, file left untouched: write failed: File too large"), "\(run.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Self.original)
        Self.onlyTheConfigIsLeft(folder)
    }

    @Test func aReadOnlyFileIsRefusedCleanly() throws {
        let folder = try CLIRunner.temporaryFolder("readonly")
        let path = folder + "/adapter_config.json"
        try Self.original.write(to: URL(fileURLWithPath: path))
        #expect(chmod(path, 0o444) == 0)
        let run = try CLIRunner.run(["--fix", "adapter_config.json"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("adapter_config.json: fix refused, file left untouched: the file is read-only; not written"), "\(run.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Self.original)
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o444)
        Self.onlyTheConfigIsLeft(folder)
    }

    @Test(.enabled(if: CLIRunner.isRoot, "needs root to set up a folder only root can write"))
    func aFolderTheUserCannotWriteIsRefusedCleanly() throws {
        let folder = try CLIRunner.temporaryFolder("lockedfolder")
        let path = folder + "/adapter_config.json"
        try Self.original.write(to: URL(fileURLWithPath: path))
        #expect(chmod(path, 0o666) == 0)  // the file is writable, its folder is not
        let run = try CLIRunner.run(["--fix", "adapter_config.json"], in: folder, asUser: CLIRunner.nobody)
        #expect(run.status == 2)
        #expect(run.stderr.contains("fix refused, file left untouched: cannot create a temporary file beside it: Permission denied"), "\(run.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Self.original)
        Self.onlyTheConfigIsLeft(folder)
    }
}
