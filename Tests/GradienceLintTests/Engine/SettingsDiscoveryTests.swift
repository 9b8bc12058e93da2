import Foundation
import Testing
@testable import GradienceLint
@testable import GradienceEngine

/// Where settings come from (`.gradience-lint.yml`, `.gradience-lint.yaml`,
/// `pyproject.toml`) and which files a folder walk leaves out (`.gitignore`), through the
/// binary (issue 15).
@Suite struct SettingsDiscoveryTests {
    static let duplicate = "lora:\n  r: 16\n  r: 4\n"
    static let wrongRank = "lora:\n  r: 12\n"

    static func project(_ files: [String: String], git: Bool = false) throws -> String {
        let folder = try CLIRunner.temporaryFolder()
        for (path, text) in files {
            let url = URL(fileURLWithPath: folder + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try CLIRunner.write(text, to: url.path)
        }
        // A work tree is what `git init` makes: a `.git` folder (with info/exclude).
        if git { try FileManager.default.createDirectory(atPath: folder + "/.git/info", withIntermediateDirectories: true) }
        return folder
    }

    static func codes(_ run: CLI.Run) -> [String] {
        run.stdout.split(separator: "\n").filter { $0.contains(": GL") }.map { line in
            let parts = line.split(separator: " ")
            return "\(parts[0].split(separator: ":")[0]) \(parts[1])"
        }
    }

    @Test func dotYamlIsFoundAndBothSpellingsAreAnError() throws {
        let folder = try Self.project(["c.yaml": Self.wrongRank, ".gradience-lint.yaml": "allowed-ranks: [8, 16]\n"])
        let run = try CLI.run(["check", "c.yaml"], in: URL(fileURLWithPath: folder))
        #expect(Self.codes(run) == ["c.yaml GL009"])
        try CLIRunner.write("allowed-ranks: [12]\n", to: folder + "/.gradience-lint.yml")
        let both = try CLI.run(["check", "c.yaml"], in: URL(fileURLWithPath: folder))
        #expect(both.status == 2)
        #expect(both.stderr == "gradience-lint: settings error: \(folder)/.gradience-lint.yml:1:1: both .gradience-lint.yml and .gradience-lint.yaml are in this folder; gradience-lint reads only one: merge them into one file\n")
        // Named with --config, either is read as asked.
        #expect(try CLI.run(["check", "--config", ".gradience-lint.yml", "c.yaml"], in: URL(fileURLWithPath: folder)).status == 0)
        // The walk never lints a settings file as a config.
        #expect(try !CLI.run(["check", "--config", ".gradience-lint.yml", "."], in: URL(fileURLWithPath: folder)).stdout.contains(".gradience-lint"))
    }

    @Test func pyprojectToolTableIsRead() throws {
        let pyproject = """
            [project]
            name = "trainer"
            description = \"\"\"
            Multi-line, with "quotes" \\
               and a trimmed line.\"\"\"

            [tool.ruff]
            line-length = 100

            [tool.gradience-lint]
            allowed-ranks = [
              8,   # the ranks we train
              16,
            ]
            severity = {GL009 = "info"}

            [[tool.gradience-lint.ignore-keys]]
            path = "other.yaml"
            pointer = "/lora/r"
            codes = ["GL009"]
            reason = "kept for a comparison run"

            """
        let folder = try Self.project(["sub/c.yaml": Self.wrongRank, "other.yaml": Self.wrongRank, "pyproject.toml": pyproject])
        let run = try CLI.run(["check", "sub/c.yaml", "other.yaml"], in: URL(fileURLWithPath: folder))
        #expect(run.stdout.hasPrefix("sub/c.yaml:2:6: GL009 [info] "))
        #expect(Self.codes(run) == ["sub/c.yaml GL009"])
        // A nearer .gradience-lint.yml wins over the pyproject.toml above it.
        try CLIRunner.write("allowed-ranks: [12]\n", to: folder + "/sub/.gradience-lint.yml")
        #expect(try CLI.run(["check", "sub/c.yaml"], in: URL(fileURLWithPath: folder)).status == 0)
        // A pyproject.toml without the table is not a settings file: the walk goes on up.
        let plain = try Self.project(["c.yaml": Self.wrongRank, ".gradience-lint.yml": "allowed-ranks: [8]\n",
                                      "sub/pyproject.toml": "[tool.black]\nline-length = 88\n", "sub/c.yaml": Self.wrongRank])
        #expect(Self.codes(try CLI.run(["check", "sub/c.yaml"], in: URL(fileURLWithPath: plain))) == ["sub/c.yaml GL009"])
    }

    @Test func pyprojectErrorsArePositioned() throws {
        let cases: [(String, String)] = [
            ("[tool.gradience-lint]\nselect = [\"GL0013\"]\n", "2:11: unknown rule code 'GL0013'; did you mean 'GL001'?"),
            ("[tool.gradience-lint]\nselect = [\"GL013\"\nignore = []\n", "3:1: expected ',' or ']' in the array, found 'i'"),
            ("[tool.gradience-lint]\nfail-on = \"error\"\nfail-on = \"info\"\n", "3:1: duplicate key 'fail-on' (first at line 2)"),
            ("[tool.gradience-lint]\npeft-version = 0.18.1\n", "2:16: '0.18.1' is not a TOML value (strings need quotes)"),
            ("[tool.gradience-lint]\nrespect-gitignore = \"no\"\n", "2:21: respect-gitignore must be true or false"),
            ("[tool.gradience-lint]\n[tool.gradience-lint]\n", "2:7: table 'tool.gradience-lint' is defined twice (first at line 1)"),
            ("[tool.gradience-lint]\nmodel = {architecture = \"llama\"}\nmodel.num-layers = 2\n", "3:1: 'model' is already defined (line 2) and cannot be extended here"),
            ("[tool.gradience-lint]\npeft-version = \"0.18\\q\"\n", "2:21: unknown escape '\\q' (use \\\\ for a backslash, or a 'literal string')"),
            ("[tool.gradience-lint]\npeft-version = \"0.18.1\n", "2:23: a one-line string cannot span lines (opened at column 16)"),
        ]
        for (text, expected) in cases {
            let folder = try Self.project(["c.yaml": Self.wrongRank, "pyproject.toml": text])
            let run = try CLI.run(["check", "c.yaml"], in: URL(fileURLWithPath: folder))
            #expect(run.status == 2, "\(text)")
            #expect(run.stderr == "gradience-lint: settings error: \(folder)/pyproject.toml:\(expected)\n", "\(text)")
        }
    }

    @Test func tomlValues() throws {
        let text = """
            a = 1_000
            b = -0x_1   # not an integer
            """
        #expect(throws: TOMLReader.Problem.self) { try TOMLReader.read(Array(text.utf8)) }
        let root = try TOMLReader.read(Array("""
            ints = [1_000, +7, -3, 0x1F, 0o17, 0b101]
            floats = [1.5, -2e3, inf, 6.25E-1]
            strings = ['C:\\\\x', "tab\\there", "\\u00e9", '''
            raw \\n''']
            when = 1979-05-27 07:32:00Z
            "quoted key".bare = true
            [[t]]
            n = 1
            [[t]]
            n = 2
            """.utf8))
        func items(_ key: String) -> [ScalarValue] { root.entries!.first { $0.keyText == key }!.value.items!.map { $0.scalar!.value } }
        #expect(items("ints") == [.int(1000), .int(7), .int(-3), .int(31), .int(15), .int(5)])
        #expect(items("floats") == [.float(1.5), .float(-2000), .float(.infinity), .float(0.625)])
        #expect(items("strings") == [.string("C:\\\\x"), .string("tab\there"), .string("é"), .string("raw \\n")])
        #expect(root.entries!.first { $0.keyText == "when" }!.value.scalar!.value == .timestamp("1979-05-27 07:32:00Z"))
        #expect(root.entries!.first { $0.keyText == "quoted key" }!.value.entries!.first!.value.scalar!.value == .bool(true))
        #expect(root.entries!.first { $0.keyText == "t" }!.value.items!.map { $0.entries!.first!.value.scalar!.value } == [.int(1), .int(2)])
    }

    @Test func folderWalksRespectGitignore() throws {
        let folder = try Self.project([
            "keep.yaml": Self.duplicate,
            "build/out.yaml": Self.duplicate,
            "configs/a.yaml": Self.duplicate,
            "configs/generated/b.yaml": Self.duplicate,
            "configs/scratch.yaml": Self.duplicate,
            "configs/notes/important.yaml": Self.duplicate,
            "configs/.gitignore": "generated/\n*.yaml\n!a.yaml\n",
            ".gitignore": "# build output\n/build\nnotes/\n",
            ".git/info/exclude": "keep.yaml\n",
        ], git: true)
        let url = URL(fileURLWithPath: folder)
        let run = try CLI.run(["check", "."], in: url)
        #expect(Self.codes(run) == ["configs/a.yaml GL013"])
        // A subfolder walk applies the .gitignore files above it too.
        #expect(Self.codes(try CLI.run(["check", "configs"], in: url)) == ["configs/a.yaml GL013"])
        // Named files are linted whatever git ignores (as ruff does).
        #expect(Self.codes(try CLI.run(["check", "build/out.yaml"], in: url)) == ["build/out.yaml GL013"])
        let all = ["build/out.yaml GL013", "configs/a.yaml GL013", "configs/generated/b.yaml GL013",
                   "configs/notes/important.yaml GL013", "configs/scratch.yaml GL013", "keep.yaml GL013"]
        #expect(Self.codes(try CLI.run(["check", "--no-respect-gitignore", "."], in: url)) == all)
        try CLIRunner.write("respect-gitignore: false\n", to: folder + "/.gradience-lint.yml")
        #expect(Self.codes(try CLI.run(["check", "."], in: url)) == all)
        #expect(Self.codes(try CLI.run(["check", "--respect-gitignore", "."], in: url)) == ["configs/a.yaml GL013"])
        // Outside a git work tree, .gitignore files mean nothing (ruff's `ignore` crate semantics).
        try FileManager.default.removeItem(atPath: folder + "/.git")
        try FileManager.default.removeItem(atPath: folder + "/.gradience-lint.yml")
        #expect(Self.codes(try CLI.run(["check", "."], in: url)) == all)
    }

    @Test func gitignoreLines() {
        let ignore = GitIgnore(base: "/r", text: "# c\n\\#hash\n*.log\n!keep.log\ndocs/**/gen\n/top.yaml\ntrailing\\ \nonly-dir/\n")
        func ignored(_ path: String, folder: Bool = false) -> Bool? { ignore.decision(forAbsolutePath: "/r/" + path, isFolder: folder) }
        #expect(ignored("#hash") == true)
        #expect(ignored("a/b/x.log") == true)
        #expect(ignored("a/keep.log") == false)
        #expect(ignored("docs/gen", folder: true) == true)
        #expect(ignored("docs/a/b/gen", folder: true) == true)
        #expect(ignored("x/docs/gen", folder: true) == nil)
        #expect(ignored("top.yaml") == true)
        #expect(ignored("sub/top.yaml") == nil)
        #expect(ignored("trailing ") == true)
        #expect(ignored("only-dir") == nil)
        #expect(ignored("only-dir", folder: true) == true)
        #expect(ignored("c") == nil)
    }
}
