import Foundation
import Testing
@testable import GradienceLint

/// `max-file-size`: settable in `.gradience-lint.yml` and with `--max-file-size`; a file
/// over it gets a GL000 and is never read.
@Suite struct LimitSettingsTests {
    @Test func byteSizesParseAsWritten() {
        #expect(ByteSize.parse("67108864") == 67_108_864)
        #expect(ByteSize.parse("64MiB") == 64 << 20)
        #expect(ByteSize.parse("64 MiB") == 64 << 20)
        #expect(ByteSize.parse("64M") == 64 << 20)
        #expect(ByteSize.parse("512KiB") == 512 << 10)
        #expect(ByteSize.parse("10MB") == 10_000_000)
        #expect(ByteSize.parse("1_000") == 1_000)
        #expect(ByteSize.parse("1GiB") == 1 << 30)
        for bad in ["", "0", "-5", "12 parsecs", "MiB", "1.5MiB", "99999999999999999999GiB"] {
            #expect(ByteSize.parse(bad) == nil, "\(bad)")
        }
        #expect(ByteSize.describe(64 << 20) == "64 MiB")
        #expect(ByteSize.describe(1536) == "1.5 KiB")
        #expect(ByteSize.describe(1000) == "1000 bytes")
    }

    @Test func settingsTakeMaxFileSize() throws {
        let settings = try Settings.parse(Fixtures.text("max-file-size: 128MiB\n", path: ".gradience-lint.yml"))
        #expect(settings.options().maxFileSize == 128 << 20)
        #expect(try Settings.parse(Fixtures.text("max-file-size: 1000\n")).options().maxFileSize == 1000)
        #expect(LintOptions().maxFileSize == 64 << 20)
    }

    @Test func aBadSizeOrAMisspeltKeyIsASettingsError() {
        #expect(throws: Settings.Problem.self) { try Settings.parse(Fixtures.text("max-file-size: huge\n")) }
        do {
            _ = try Settings.parse(Fixtures.text("select: [GL001]\nmax-file-sise: 1MiB\n", path: "s.yml"))
            Issue.record("a misspelt key was accepted")
        } catch let problem as Settings.Problem {
            #expect(problem.description == "s.yml:2:1: unknown setting 'max-file-sise'; did you mean 'max-file-size'?")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func anOversizedFileGetsAGL000WithoutBeingRead() {
        let result = Linter(options: LintOptions()).oversized(path: "big.json", size: 67_108_865, limit: 64 << 20)
        #expect(result.diagnostics.map(\.code) == ["GL000"])
        #expect(result.diagnostics[0].message == "the file is 67108865 bytes, over the max-file-size limit of 64 MiB; not read (raise the limit in .gradience-lint.yml or with --max-file-size)")
        #expect(result.diagnostics[0].range.start == Mark(offset: 0, line: 1, column: 1))
        var ignoring = LintOptions()
        ignoring.ignore = ["GL000"]
        #expect(Linter(options: ignoring).oversized(path: "big.json", size: 2, limit: 1).diagnostics.isEmpty)
    }

    @Test func theLimitComesFromSettingsAndTheCommandLine() throws {
        let folder = try CLIRunner.temporaryFolder()
        try CLIRunner.write(String(repeating: "# padding\n", count: 20) + "r: 8\n", to: folder + "/c.yaml")  // 205 bytes
        try CLIRunner.write("max-file-size: 200\n", to: folder + "/.gradience-lint.yml")
        let bySettings = try CLIRunner.run(["c.yaml"], in: folder)
        #expect(bySettings.status == 1)
        #expect(bySettings.stdout == """
            c.yaml:1:1: GL000 [error] the file is 205 bytes, over the max-file-size limit of 200 bytes
              = note: not read (raise the limit in .gradience-lint.yml or with --max-file-size)

            Found 1 problem in 1 file (1 error, 0 warnings, 0 info); 1 file checked.

            """)
        let byFlag = try CLIRunner.run(["--max-file-size", "1KiB", "c.yaml"], in: folder)
        #expect(byFlag.status == 0)
        #expect(byFlag.stdout == "All checks passed (1 file).\n")
        let stdin = try CLIRunner.run(["--stdin-filename", "c.yaml"], in: folder, stdin: Data(repeating: 0x23, count: 300))
        #expect(stdin.status == 1)
        #expect(stdin.stdout.hasPrefix("c.yaml:1:1: GL000 [error] the file is over the max-file-size limit of 200 bytes\n  = note: not read"))
        let bad = try CLIRunner.run(["--max-file-size", "lots", "c.yaml"], in: folder)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--max-file-size 'lots' is not a positive size such as 64MiB or 67108864"))
        try CLIRunner.write("max-file-size: -1\n", to: folder + "/.gradience-lint.yml")
        let broken = try CLIRunner.run(["c.yaml"], in: folder)
        #expect(broken.status == 2)
        #expect(broken.stderr.hasSuffix(".gradience-lint.yml:1:16: max-file-size must be a positive size such as 67108864, 64MiB or 512KiB\n"))
    }

    /// A settings file from a stranger: 30 `**` segments against a 40-deep path took
    /// 40^30 steps before matches were memoized; now it answers at once.
    @Test func aGlobWithManyDoubleStarsAnswersAtOnce() {
        let glob = PathGlob(Array(repeating: "**", count: 30).joined(separator: "/") + "/x/**/y.yaml")
        let deep = Array(repeating: "d", count: 40).joined(separator: "/")
        #expect(!glob.matches(deep + "/z.yaml"))
        #expect(glob.matches(deep + "/x/d/y.yaml"))
        #expect(PathGlob("a/**/b/**/c").matches("a/q/b/r/s/c"))
        #expect(!PathGlob("a/**/b/**/c").matches("a/q/r/s/c"))
    }
}
