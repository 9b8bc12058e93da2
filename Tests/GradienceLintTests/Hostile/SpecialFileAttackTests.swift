import Foundation
import Testing
@testable import GradienceLint
@testable import GradienceInventory

/// Issue 28, crash: `adapter_model.safetensors` beside a config (and every other file an
/// inventory reads) that is a link to `/dev/zero` or a FIFO is never opened: no trap on
/// `fileSize - 8`, no blocked run.
@Suite struct SpecialFileAttackTests {
    static func adapterFolder(_ name: String = #function) throws -> String {
        let folder = try CLIRunner.temporaryFolder(name)
        try Data(contentsOf: Fixtures.url("fixtures/examples/adapter_config.json"))
            .write(to: URL(fileURLWithPath: folder + "/adapter_config.json"))
        return folder
    }

    @Test func theHeaderReaderOpensOnlyRegularFiles() throws {
        let folder = try CLIRunner.temporaryFolder()
        #expect(symlink("/dev/zero", folder + "/zero.safetensors") == 0)
        #expect(mkfifo(folder + "/fifo.safetensors", 0o644) == 0)
        #expect(throws: SafetensorsHeaderError(path: folder + "/zero.safetensors", problem: .unreadable("a device, not a regular file; not opened"))) {
            try SafetensorsHeader.read(atPath: folder + "/zero.safetensors")
        }
        #expect(throws: SafetensorsHeaderError(path: folder + "/fifo.safetensors", problem: .unreadable("a FIFO, not a regular file; not opened"))) {
            try SafetensorsHeader.read(atPath: folder + "/fifo.safetensors")
        }
        #expect(throws: InventoryError.unreadable(path: folder + "/fifo.safetensors", reason: "a FIFO, not a regular file; not opened")) {
            try JSONFile.readBytes(atPath: folder + "/fifo.safetensors")
        }
    }

    @Test(arguments: ["dev-zero", "fifo"])
    func aSpecialFileBesideAConfigIsAFindingNotACrashOrAHang(_ kind: String) throws {
        let folder = try Self.adapterFolder("special-\(kind)")
        let weights = folder + "/adapter_model.safetensors"
        if kind == "fifo" { #expect(mkfifo(weights, 0o644) == 0) } else { #expect(symlink("/dev/zero", weights) == 0) }
        let what = kind == "fifo" ? "a FIFO" : "a device"
        let run = try CLIRunner.run(["--format", "json", "."], in: folder, timeout: 30)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("cannot compare the trained ranks with this config: ./adapter_model.safetensors: invalid safetensors header: \(what), not a regular file; not opened"))
        // resolve and a model folder holding one too.
        let resolve = try CLIRunner.run(["resolve", "adapter_config.json"], in: folder, timeout: 30)
        #expect(resolve.status != 132 && resolve.status != 139 && resolve.status != -1, "\(resolve.status) \(resolve.stderr)")
        try FileManager.default.createDirectory(atPath: folder + "/model", withIntermediateDirectories: true)
        if kind == "fifo" { #expect(mkfifo(folder + "/model/model.safetensors", 0o644) == 0) } else { #expect(symlink("/dev/zero", folder + "/model/model.safetensors") == 0) }
        let model = try CLIRunner.run(["--model-dir", "model", "adapter_config.json"], in: folder, timeout: 30)
        #expect(model.status == 1 || model.status == 2, "\(model.status) \(model.stderr)")
    }

    @Test func aFIFOBaselineIsNotOpened() throws {
        let folder = try Self.adapterFolder()
        #expect(mkfifo(folder + "/baseline.json", 0o644) == 0)
        #expect(throws: Baseline.Problem.self) { try Baseline.load(path: folder + "/baseline.json") }
    }
}
