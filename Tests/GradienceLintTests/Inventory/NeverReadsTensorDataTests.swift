#if os(Linux)
import Foundation
import Glibc
import Testing
@testable import GradienceLint

/// "Never reads tensor data", measured rather than assumed. The adapter's data area is
/// 2 GiB (a `modules_to_save` copy of `lm_head`, as real adapters carry) in a sparse file:
/// only the length field and the header are on disk. The kernel counts every byte a thread
/// gets from `read`/`pread` in `/proc/thread-self/io` (`rchar`), holes included, so the
/// count across one lint of the config, on this thread, must be the header and nothing
/// more. Lint, GL015 and the inventory loader are synchronous, so they run on the test's
/// thread and no other test's reads are counted.
@Suite struct NeverReadsTensorDataTests {
    static let dataArea = 1 << 31

    /// The bytes this thread had read before this call, per the kernel, and how many bytes
    /// this call's own read of the counter adds to it.
    private func bytesReadByThisThread() throws -> (total: Int, ownRead: Int) {
        let fd = open("/proc/thread-self/io", O_RDONLY)
        try #require(fd >= 0, "no /proc/thread-self/io")
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(fd, &buffer, buffer.count)
        let text = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("rchar:") })
        return (try #require(Int(line.dropFirst("rchar:".count).trimmingCharacters(in: .whitespaces))), count)
    }

    @Test func aTwoGigabyteAdapterCostsOnlyItsHeader() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let config = """
            {
              "base_model_name_or_path": "HuggingFaceM4/tiny-random-LlamaForCausalLM",
              "modules_to_save": ["lm_head"],
              "peft_type": "LORA",
              "r": 8,
              "rank_pattern": {"model.layers.0.self_attn.q_proj": 4},
              "target_modules": ["q_proj"]
            }
            """
        let configPath = try folder.write("adapter_config.json", config)

        // A q_proj trained at 8 where the config says 4, so GL015 has something to say.
        let a = "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"
        let b = "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight"
        let header = #"{"__metadata__":{"format":"pt"},"base_model.model.lm_head.weight":{"dtype":"F32","shape":[131072,4096],"data_offsets":[0,\#(Self.dataArea)]},"\#(a)":{"dtype":"F32","shape":[8,16],"data_offsets":[\#(Self.dataArea),\#(Self.dataArea + 512)]},"\#(b)":{"dtype":"F32","shape":[16,8],"data_offsets":[\#(Self.dataArea + 512),\#(Self.dataArea + 1024)]}}"#
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        let weightsPath = try folder.write("adapter_model.safetensors", SafetensorsFixture.lengthField(UInt64(headerBytes.count)) + headerBytes)
        let handle = try #require(FileHandle(forWritingAtPath: weightsPath))
        try handle.truncate(atOffset: UInt64(8 + headerBytes.count + Self.dataArea + 1024))
        try handle.close()
        var status = stat()
        #expect(stat(weightsPath, &status) == 0)
        #expect(Int(status.st_size) == 8 + headerBytes.count + Self.dataArea + 1024)
        // Sparse: the data area takes no blocks (512-byte units) on disk.
        #expect(Int(status.st_blocks) * 512 < 1 << 20)

        let source = SourceText(path: configPath, bytes: Array(config.utf8))
        let linter = Linter(options: LintOptions())
        let before = try bytesReadByThisThread()
        let result = linter.lint(source)
        let after = try bytesReadByThisThread()
        let readByLint = after.total - before.total - before.ownRead

        #expect(result.diagnostics.filter { $0.code == "GL015" }.map(\.message) == [
            "rank_pattern key 'model.layers.0.self_attn.q_proj' gives r=4, but the weights were trained at r=8 for 1 module: model.layers.0.self_attn.q_proj; size mismatch at load time, or a pattern PEFT ignored during training",
        ])
        #expect(result.analyses.first?.inventory?.source == .adapterWeights)
        #expect(result.analyses.first?.adapterWeights?.otherTensors == ["base_model.model.lm_head.weight"])
        // Exactly the 8-byte length and the header: once, shared by the inventory and GL015.
        #expect(readByLint == 8 + headerBytes.count)
        // The counter works: reading the config from disk shows up in it.
        let start = try bytesReadByThisThread()
        _ = FileManager.default.contents(atPath: configPath)
        let end = try bytesReadByThisThread()
        #expect(end.total - start.total - start.ownRead == config.utf8.count)
    }
}
#endif
