import Foundation
import Testing
@testable import GradienceLint

@Suite struct AtomicWriterTests {
    private func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "gl-writer-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func read(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }

    @Test func replacesTheBytesAndKeepsPermissions() throws {
        let folder = try temporaryFolder()
        let path = folder + "/adapter_config.json"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o640]))
        try AtomicWriter.replace(path: path, original: Array("old".utf8), with: Array("new".utf8))
        #expect(read(path) == Array("new".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["adapter_config.json"])
    }

    @Test func writesThroughASymlinkWithoutReplacingIt() throws {
        let folder = try temporaryFolder()
        let target = folder + "/real.yaml", link = folder + "/link.yaml"
        #expect(FileManager.default.createFile(atPath: target, contents: Data("r: 8\n".utf8)))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.yaml")
        try AtomicWriter.replace(path: link, original: Array("r: 8\n".utf8), with: Array("r: 4\n".utf8))
        #expect(read(target) == Array("r: 4\n".utf8))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.yaml")
    }

    @Test func refusesAReadOnlyFile() throws {
        let folder = try temporaryFolder()
        let path = folder + "/ro.yaml"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("r: 8\n".utf8), attributes: [.posixPermissions: 0o444]))
        #expect(throws: AtomicWriter.Failure.self) {
            try AtomicWriter.replace(path: path, original: Array("r: 8\n".utf8), with: Array("r: 4\n".utf8))
        }
        #expect(read(path) == Array("r: 8\n".utf8))
    }

    @Test func refusesAFileChangedSinceItWasRead() throws {
        let folder = try temporaryFolder()
        let path = folder + "/x.yaml"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("r: 16\n".utf8)))
        do {
            try AtomicWriter.replace(path: path, original: Array("r: 8\n".utf8), with: Array("r: 4\n".utf8))
            Issue.record("overwrote a changed file")
        } catch let failure as AtomicWriter.Failure {
            #expect(failure.message == "the file changed on disk since it was read; not overwritten")
        }
        #expect(read(path) == Array("r: 16\n".utf8))
    }
}
