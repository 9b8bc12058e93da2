import Foundation
import Testing

/// The executable's contract: exit codes (DESIGN.md §6), fix modes, stdin, settings errors.
@Suite struct CheckCommandTests {
    @Test func exitCodesFollowTheFindings() throws {
        #expect(try CLI.run(["check", "fixtures/fix/clean.before.yaml"]).status == 0)
        let dirty = try CLI.run(["check", "fixtures/examples/adapter_config.json"])
        #expect(dirty.status == 1)
        #expect(dirty.stdout.contains("fixtures/examples/adapter_config.json:10:5: GL001 [error]"))
        #expect(try CLI.run(["fixtures/examples/adapter_config.json", "--exit-zero"]).status == 0)
        let usage = try CLI.run(["check", "--select", "GL999"])
        #expect(usage.status == 2)
    }

    @Test func anUnreadablePathIsExitTwoButTheOthersAreStillChecked() throws {
        let run = try CLI.run(["check", "--format", "json", "no/such/file.yaml", "fixtures/examples/adapter_config.json"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no/such/file.yaml: cannot read"))
        #expect(run.stdout.contains("\"code\": \"GL001\""))
    }

    @Test func diffShowsTheFixAndWritesNothing() throws {
        let file = try CLI.temporaryCopy(of: "fixtures/examples/adapter_config.json")
        let before = try Data(contentsOf: file)
        let run = try CLI.run(["check", "--diff", file.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("-  \"r\": 16,\n+  \"r\": 4,\n"))
        #expect(try Data(contentsOf: file) == before)
    }

    @Test func fixWritesListsTheFileAndReportsWhatRemains() throws {
        let file = try CLI.temporaryCopy(of: "fixtures/examples/adapter_config.json")
        let run = try CLI.run(["check", "--fix", file.path])
        #expect(run.stderr.contains("fixed \(file.path) (GL002×1)"))
        #expect(run.status == 1)  // GL001 and GL004 remain: the rename would add GL006 and GL007
        #expect(run.stdout.contains("= help: rename the key to 'model.layers.0.self_attn.q_proj' and make 'q_proj' (r=8) stop matching its modules (not applied automatically)"))
        let fixed = try String(contentsOf: file, encoding: .utf8)
        #expect(fixed.contains("\"r\": 4,"))
        #expect(fixed.contains("\"base_model.model.model.layers.0.self_attn.q_proj\": 4,"))
        // Idempotent: a second run changes nothing.
        let again = try CLI.run(["check", "--fix-only", file.path])
        #expect(again.status == 0)
        #expect(!again.stderr.contains("fixed "))
    }

    @Test func stdinWithFixPrintsTheFixedText() throws {
        let input = "lora:\n  r: 8\n  target_modules: [q_proj]\n  rank_pattern:\n    base_model.model.q_proj: 8\n"
        let run = try CLI.run(["check", "--fix", "--stdin-filename", "train.yaml"], stdin: input)
        #expect(run.stdout == "lora:\n  r: 8\n  target_modules: [q_proj]\n  rank_pattern:\n    q_proj: 8\n")
        let report = try CLI.run(["check", "--format", "json", "--stdin-filename", "train.yaml"], stdin: input)
        #expect(report.stdout.contains("\"path\": \"train.yaml\""))
        #expect(report.stdout.contains("\"key_path\": \"/lora/rank_pattern/base_model.model.q_proj\""))
    }

    @Test func aSettingsErrorIsExitTwoWithDidYouMean() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gl-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("pattern-styel: minimal\n".utf8).write(to: folder.appendingPathComponent(".gradience-lint.yml"))
        try Data("lora:\n  r: 8\n".utf8).write(to: folder.appendingPathComponent("a.yaml"))
        let run = try CLI.run(["check", "a.yaml"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("unknown setting 'pattern-styel'; did you mean 'pattern-style'?"))
    }

    @Test func resolveWithoutAnInventorySaysWhereOneWouldComeFrom() throws {
        let input = try CLI.temporaryCopy(of: "fixtures/fix/clean.before.yaml", name: "train.yaml")
        let run = try CLI.run(["resolve", input.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--modules FILE"))
        let withModel = try CLI.run(["resolve", input.path, "--architecture", "llama", "--num-layers", "1", "--format", "json"])
        #expect(withModel.status == 0)
        #expect(withModel.stdout.contains("\"name\": \"model.layers.0.self_attn.v_proj\""))
    }

    @Test func explainPrintsTheRulePage() throws {
        let run = try CLI.run(["explain", "GL006"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("# GL006 order-dependent-pattern"))
        #expect(try CLI.run(["explain", "GL06"]).stderr.contains("did you mean 'GL006'?"))
    }
}
