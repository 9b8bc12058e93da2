import Foundation
@testable import GradienceLint
import Testing

/// Issue 28, output injection: what a file, a file name or a setting says is escaped
/// wherever it is printed, `--format github` cannot be made to emit a command of the
/// file's choosing, JSON and SARIF stay valid, and the report files are written even when
/// standard output is gone.
@Suite struct OutputInjectionTests {
    /// A key with ESC (a window title), BEL, a C1 CSI, DEL and a newline followed by a
    /// workflow command.
    static let hostileKey = #"\u001b]0;title\u0007\u009b2J\u007f\n::add-mask::secret"#
    static let config = "{\n  \"peft_type\": \"LORA\",\n  \"r\": 8,\n  \"target_modules\": [\"q_proj\"],\n  \"rank_pattern\": {\"\(hostileKey)\": 8}\n}\n"
    /// A file name with ESC, BEL and a leading `::`.
    static let hostileName = "::error file=x::\u{1B}[2J\u{07}.json"
    static let llama = ["--architecture", "llama", "--num-layers", "2"]

    static func folder() throws -> String {
        let folder = try CLIRunner.temporaryFolder()
        try config.write(toFile: folder + "/" + hostileName, atomically: true, encoding: .utf8)
        return folder
    }

    /// No raw control character but line breaks, and no line starting with `::`.
    static func expectInert(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let raw = text.unicodeScalars.first { $0 != "\n" && ($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) }
        #expect(raw == nil, "\(what) prints U+\(String(raw?.value ?? 0, radix: 16)): \(text.prefix(400))", sourceLocation: sourceLocation)
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("::") }, "\(what): \(text.prefix(400))", sourceLocation: sourceLocation)
    }

    @Test func theHumanReportShowsControlCharactersAsEscapes() throws {
        let folder = try Self.folder()
        let run = try CLIRunner.run(["--no-color", "--verbose"] + Self.llama + ["."], in: folder)
        #expect(run.status == 1)
        Self.expectInert(run.stdout, "stdout")
        Self.expectInert(run.stderr, "stderr")
        let path = #"\x3a:error file=x::\x1b[2J\x07.json"#   // no ./ (issue 27), so the leading ':' is escaped
        #expect(run.stdout.contains(#"\#(path):5:20: GL005 [error] rank_pattern key '\x1b]0;title\x07\x9b2J\x7f\n::add-mask::secret' matches no adapted module, so PEFT ignores it and its r=8 applies nowhere"#), "\(run.stdout)")
        // The source line is quoted as the file spells it (JSON escapes), the caret under the key.
        #expect(run.stdout.contains("5 |   \"rank_pattern\": {\"\(Self.hostileKey)\": 8}\n  |                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"), "\(run.stdout)")
    }

    @Test func githubAnnotationsCarryTheDataPercentEncoded() throws {
        let folder = try Self.folder()
        let run = try CLIRunner.run(["--format", "github"] + Self.llama + ["."], in: folder)
        #expect(run.status == 1)
        Self.expectInert(run.stderr, "stderr")
        let lines = run.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        // Every line but the closing summary (a plain log line, issue 27) is an annotation.
        for line in lines.dropLast() { #expect(line.hasPrefix("::warning file=") || line.hasPrefix("::error file="), "\(line)") }
        #expect(lines.last?.hasPrefix("Found ") == true)
        // The toolkit's escaping (`escapeProperty`: % CR LF : ,) after the control characters.
        #expect(lines.contains { $0.hasPrefix(#"::error file=%3A%3Aerror file=x%3A%3A\x1b[2J\x07.json,line=5,col=20,endLine=5,endColumn=76,title=GL005 unmatched-pattern-key::rank_pattern key '\x1b]0;title\x07\x9b2J\x7f%0A::add-mask::secret' matches no adapted module"#) },
                "\(run.stdout)")
    }

    @Test func resolveShowsNamesAndKeysEscaped() throws {
        let folder = try CLIRunner.temporaryFolder()
        try "model.layers.0.self_attn.q_\u{1B}]0;x\u{07}proj\tLinear\nmodel.layers.0.self_attn.v_proj\tLinear\n".write(toFile: folder + "/modules.txt", atomically: true, encoding: .utf8)
        try "{\"peft_type\": \"LORA\", \"r\": 8, \"target_modules\": \".*\", \"rank_pattern\": {\"q_\\u001b]0;x\\u0007proj\": 4}}\n"
            .write(toFile: folder + "/adapter_config.json", atomically: true, encoding: .utf8)
        let run = try CLIRunner.run(["resolve", "--modules", "modules.txt", "adapter_config.json"], in: folder)
        Self.expectInert(run.stdout, "stdout")
        Self.expectInert(run.stderr, "stderr")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(#"model.layers.0.self_attn.q_\x1b]0;x\x07proj  4"#), "\(run.stdout)")
    }

    @Test func aSettingsKeyCannotStartAWorkflowCommandOnStandardError() throws {
        let folder = try CLIRunner.temporaryFolder()
        try "\"\\n::add-mask::x\\u001b[2J\": 1\n".write(toFile: folder + "/.gradience-lint.yml", atomically: true, encoding: .utf8)
        try Self.config.write(toFile: folder + "/adapter_config.json", atomically: true, encoding: .utf8)
        for format in ["github", "human"] {
            let run = try CLIRunner.run(["--format", format, "adapter_config.json"], in: folder)
            #expect(run.status == 2)
            Self.expectInert(run.stderr, "\(format) stderr")
            #expect(run.stderr.contains(#".gradience-lint.yml:1:1: unknown setting '\n::add-mask::x\x1b[2J'"#), "\(run.stderr)")
        }
    }

    @Test func jsonAndSARIFStayValidForAnyInput() throws {
        let folder = try Self.folder()
        for format in ["json", "sarif"] {
            let run = try CLIRunner.run(["--format", format] + Self.llama + ["."], in: folder)
            #expect(run.status == 1)
            let parsed = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
            #expect(parsed is [String: Any])
        }
    }

    @Test func aControlCharacterIsReportedWhereItIs() throws {
        let folder = try CLIRunner.temporaryFolder()
        try "{\"peft_type\": \"LORA\",\n \"r\": 8, \"x\u{01}y\": 1}\n".write(toFile: folder + "/ctl.json", atomically: true, encoding: .utf8)
        try "peft_type: LORA\nr: 8\nx: \"a\u{07}b\"\n".write(toFile: folder + "/ctl.yaml", atomically: true, encoding: .utf8)
        let run = try CLIRunner.run(["--no-color", "ctl.json", "ctl.yaml"], in: folder)
        #expect(run.status == 1)
        #expect(run.stdout.contains(#"ctl.json:2:12: GL000 [error] control characters are not allowed (\x01, U+0001)"#), "\(run.stdout)")
        #expect(run.stdout.contains(#"ctl.yaml:3:6: GL000 [error] control characters are not allowed (\x07, U+0007)"#), "\(run.stdout)")
        Self.expectInert(run.stdout, "stdout")
    }

    /// 3,000 findings: more than a pipe holds, so the writer meets the closed end.
    static func manyFindings(in folder: String) throws {
        let keys = (0..<3_000).map { "\"nothing\\\\.\($0)\\\\.x+\": 8" }.joined(separator: ", ")
        try "{\"peft_type\": \"LORA\", \"r\": 8, \"target_modules\": [\"q_proj\"], \"rank_pattern\": {\(keys)}}\n"
            .write(toFile: folder + "/adapter_config.json", atomically: true, encoding: .utf8)
    }

    @Test func reportFilesAreWrittenAndTheExitCodeKeptWhenStandardOutputIsClosed() throws {
        let folder = try CLIRunner.temporaryFolder()
        try Self.manyFindings(in: folder)
        let arguments = Self.llama + ["--output-format", "sarif=out.sarif", "adapter_config.json"]
        // Closed before the run (`>&-`).
        let closed = try CLIRunner.run(arguments, in: folder, shell: "exec 1>&-")
        #expect(closed.status == 1, "\(closed.stderr.prefix(500))")
        #expect(FileManager.default.fileExists(atPath: folder + "/out.sarif"))
        try FileManager.default.removeItem(atPath: folder + "/out.sarif")
        // A reader that goes away at once (`| head -c 0`): the writes meet a broken pipe.
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try pipe.fileHandleForReading.close()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 1)
        let sarif = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/out.sarif"))) as? [String: Any]
        let results = ((sarif?["runs"] as? [[String: Any]])?.first?["results"] as? [Any])?.count
        #expect((results ?? 0) >= 3_000)
    }

    @Test func layerAndExpertCountsBeyondAnyRealModelAreAPositionedError() throws {
        let folder = try CLIRunner.temporaryFolder()
        try "model:\n  architecture: mixtral\n  num-layers: 1000\n  num-experts: 1000\n".write(toFile: folder + "/.gradience-lint.yml", atomically: true, encoding: .utf8)
        try "{\"peft_type\": \"LORA\", \"r\": 8, \"target_modules\": [\"q_proj\"]}\n".write(toFile: folder + "/adapter_config.json", atomically: true, encoding: .utf8)
        let run = try CLIRunner.run(["adapter_config.json"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains(".gradience-lint.yml:4:16: num-layers × num-experts must be at most 65536 (no real model has more expert blocks), not 1000 × 1000"), "\(run.stderr)")
        try "model:\n  architecture: llama\n  num-layers: 2000\n".write(toFile: folder + "/.gradience-lint.yml", atomically: true, encoding: .utf8)
        let deep = try CLIRunner.run(["adapter_config.json"], in: folder)
        #expect(deep.status == 2)
        #expect(deep.stderr.contains(".gradience-lint.yml:3:15: num-layers must be between 1 and 1024 (no real model has more layers), not 2000"), "\(deep.stderr)")
        let flags = try CLIRunner.run(["--architecture", "mixtral", "--num-layers", "10000", "--num-experts", "10000", "adapter_config.json"], in: folder)
        #expect(flags.status == 2)
        #expect(flags.stderr.contains("--num-layers must be between 1 and 1024"), "\(flags.stderr)")
        #expect(ModelSizeLimits.problem(layers: 126, experts: nil) == nil)  // Llama 3.1 405B
        #expect(ModelSizeLimits.problem(layers: 61, experts: 256) == nil)   // DeepSeek-V3
    }
}
