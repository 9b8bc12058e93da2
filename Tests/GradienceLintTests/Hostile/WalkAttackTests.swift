import Foundation
import Testing
@testable import GradienceLint

/// Issue 28, walks: never out of the tree through a symlink, names kept as bytes, stale
/// temporary files never linted.
@Suite struct WalkAttackTests {
    static let config = "peft_type: LORA\nr: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  base_model.model.q_proj: 8\n"

    static func rawPath(_ folder: String, _ name: [UInt8]) -> [UInt8] { Array(folder.utf8) + [UInt8(ascii: "/")] + name }

    static func writeRaw(_ text: String, to path: [UInt8]) {
        let descriptor = (path + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        _ = Array(text.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }

    @Test func aSymlinkOutOfTheTreeIsNotFollowedAndIsNamed() throws {
        let folder = try CLIRunner.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/tree/sub", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/outside", withIntermediateDirectories: true)
        try CLIRunner.write(Self.config, to: folder + "/outside/secret.yaml")
        try CLIRunner.write(Self.config, to: folder + "/tree/sub/inside.yaml")
        #expect(symlink("../outside", folder + "/tree/out") == 0)
        #expect(symlink("/", folder + "/tree/root") == 0)
        #expect(symlink("../outside/secret.yaml", folder + "/tree/file.yaml") == 0)
        #expect(symlink("sub", folder + "/tree/within") == 0)              // inside: still followed
        let found = FileDiscovery.discover(in: [folder + "/tree"])
        #expect(found.files == [folder + "/tree/sub/inside.yaml"])   // within/ is sub/ again: walked once
        #expect(found.problems.isEmpty)
        #expect(found.notes.map(\.path) == [folder + "/tree/file.yaml", folder + "/tree/out", folder + "/tree/root"])
        #expect(found.notes.first?.message == "a symlink out of the folder being checked (to \(folder)/outside/secret.yaml); not followed")
        // Through the binary, with --fix: the outside file is untouched, and --verbose says why.
        let run = try CLIRunner.run(["--fix", "--verbose", "."], in: folder + "/tree")
        #expect(run.stderr.contains("out: skipped: a symlink out of the folder being checked (to \(folder)/outside); not followed"), "\(run.stderr)")
        #expect(try String(contentsOfFile: folder + "/outside/secret.yaml", encoding: .utf8) == Self.config)
        // Named on the command line, a link is the user's choice.
        #expect(FileDiscovery.discover(in: [folder + "/tree/file.yaml"]).files == [folder + "/tree/file.yaml"])
    }

    @Test func aNonUTF8NameIsLintedUnderAnEscapedName() throws {
        let folder = try CLIRunner.temporaryFolder()
        Self.writeRaw(Self.config, to: Self.rawPath(folder, Array("bad".utf8) + [0xFF] + Array("name.yaml".utf8)))
        Self.writeRaw(Self.config, to: Self.rawPath(folder, Array("back\\".utf8) + [0xC3] + Array(".yaml".utf8)))
        let found = FileDiscovery.discover(in: [folder])
        #expect(found.files == [folder + "/back\\\\\\xC3.yaml", folder + "/bad\\xFFname.yaml"])
        #expect(found.problems.isEmpty)
        #expect(try SourceReader.read(path: folder + "/bad\\xFFname.yaml", limit: 1 << 20).get() == Array(Self.config.utf8))
        let example = try String(contentsOf: Fixtures.url("fixtures/examples/adapter_config.json"), encoding: .utf8)
        Self.writeRaw(example, to: Self.rawPath(folder, Array("fix".utf8) + [0xFE] + Array(".json".utf8)))
        let run = try CLIRunner.run(["--fix", "."], in: folder)
        #expect(run.stderr.contains("fixed fix\\xFE.json"), "\(run.stderr)")   // printed without ./ (issue 27)
        #expect(FileNameBytes.display(Array("fix".utf8) + [0xFE] + Array(".json".utf8)) == "fix\\xFE.json")
        #expect(try SourceReader.read(path: folder + "/fix\\xFE.json", limit: 1 << 20).get() != Array(example.utf8))
        #expect(run.stdout.contains("\nbad\\xFFname.yaml:") || run.stdout.hasPrefix("bad\\xFFname.yaml:"))
        #expect(!run.stdout.contains("\u{FFFD}"))
    }

    @Test func nfcAndNfdTwinsAreTwoFiles() throws {
        let folder = try CLIRunner.temporaryFolder()
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        #expect(composed == decomposed)   // Swift's String equality: why the walk compares bytes
        for name in [composed, decomposed] {
            try FileManager.default.createDirectory(atPath: folder + "/" + name, withIntermediateDirectories: true)
            try CLIRunner.write(Self.config, to: folder + "/" + name + "/a.yaml")
            try CLIRunner.write(Self.config, to: folder + "/" + name + ".yaml")
        }
        let files = FileDiscovery.discover(in: [folder]).files
        #expect(files.count == 4)
        #expect(Set(files.map { Array($0.utf8) }).count == 4)
        let run = try CLIRunner.run(["--format", "json", "."], in: folder)
        #expect(run.stdout.contains("\"files_checked\": 4"), "\(run.stdout)")
    }

    @Test func aStaleTemporaryFileIsNotLintedAndIsNamed() throws {
        let folder = try CLIRunner.temporaryFolder()
        try CLIRunner.write(Self.config, to: folder + "/a.yaml")
        try CLIRunner.write(Self.config, to: folder + "/.a.yaml.gradience-lint-4242-123456")
        #expect(FileDiscovery.isStaleTemporary(".a.yaml.gradience-lint-4242-123456"))
        #expect(FileDiscovery.isStaleTemporary(".x.gradience-lint-1-2"))
        for name in [".gradience-lint-1-2", "a.yaml.gradience-lint-1-2", ".a.gradience-lint-1", ".a.gradience-lint-x-2", ".a.gradience-lint-1-2-3", ".gradience-lint.yml"] {
            #expect(!FileDiscovery.isStaleTemporary(name), "\(name)")
        }
        let found = FileDiscovery.discover(in: [folder])
        #expect(found.files == [folder + "/a.yaml"])
        #expect(found.notes.map(\.path) == [folder + "/.a.yaml.gradience-lint-4242-123456"])
        // Named explicitly (pre-commit passes every staged file), still not linted.
        let run = try CLIRunner.run(["--verbose", "--format", "json", ".a.yaml.gradience-lint-4242-123456", "a.yaml"], in: folder)
        #expect(run.stdout.contains("\"files_checked\": 1"))
        #expect(run.stderr.contains(".a.yaml.gradience-lint-4242-123456: skipped: a temporary file an interrupted gradience-lint --fix left behind; not linted (delete it once no fix is running)"), "\(run.stderr)")
    }
}
