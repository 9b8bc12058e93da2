import Foundation
import Testing
@testable import GradienceLint
@testable import GradienceSyntax
@testable import GradienceInventory

/// Issue 28, settings and secrets: a hostile settings file is a positioned error, never a
/// crash, never silence, and never a way to print another file's contents.
@Suite struct SettingsAttackTests {
    static func problem(_ text: String, path: String = "s.yml", sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        do {
            _ = try Settings.parse(Fixtures.text(text, path: path))
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func tomlProblem(_ bytes: [UInt8]) -> TOMLReader.Problem? {
        do {
            _ = try TOMLReader.read(bytes)
            return nil
        } catch {
            return error
        }
    }

    // MARK: depth (100k nesting overflowed the stack)

    @Test func tomlNested100kDeepIsAPositionedErrorInEveryShape() {
        let depth = 100_000
        let header = "[tool.gradience-lint]\n"
        let limit = TOMLReader.maxDepth
        // x sits at depth 2 (tool, gradience-lint); the first bracket over the limit fails.
        let arrays = header + "x = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        #expect(Self.tomlProblem(Array(arrays.utf8)) == TOMLReader.Problem(
            line: 2, column: 5 + limit - 2, message: "nesting deeper than \(limit) levels (arrays, inline tables and dotted keys together)"))
        let inline = header + "x = " + String(repeating: "{a = ", count: depth) + "1" + String(repeating: "}", count: depth) + "\n"
        #expect(Self.tomlProblem(Array(inline.utf8))?.message.hasPrefix("nesting deeper than \(limit) levels") == true)
        let dotted = header + Array(repeating: "a", count: depth).joined(separator: ".") + " = 1\n"
        #expect(Self.tomlProblem(Array(dotted.utf8)) == TOMLReader.Problem(
            line: 2, column: 1 + 2 * (limit - 2), message: "nesting deeper than \(limit) levels (arrays, inline tables and dotted keys together)"))
        let table = "[" + Array(repeating: "a", count: depth).joined(separator: ".") + "]\n"
        #expect(Self.tomlProblem(Array(table.utf8)) == TOMLReader.Problem(
            line: 1, column: 2 + 2 * limit, message: "nesting deeper than \(limit) levels (arrays, inline tables and dotted keys together)"))
        // At the limit it still reads.
        let atLimit = "x = " + String(repeating: "[", count: limit - 1) + String(repeating: "]", count: limit - 1) + "\n"
        #expect(Self.tomlProblem(Array(atLimit.utf8)) == nil)
    }

    @Test func aDeepPyprojectIsASettingsErrorThroughTheBinary() throws {
        let folder = try CLIRunner.temporaryFolder()
        try CLIRunner.write("[tool.gradience-lint]\nx = " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n",
                            to: folder + "/pyproject.toml")
        try CLIRunner.write("r: 8\n", to: folder + "/a.yaml")
        let run = try CLIRunner.run(["a.yaml"], in: folder, timeout: 30)
        #expect(run.status == 2)
        #expect(run.stderr == "gradience-lint: settings error: \(folder)/pyproject.toml:2:\(5 + TOMLReader.maxDepth - 2): nesting deeper than 512 levels (arrays, inline tables and dotted keys together)\n")
    }

    // MARK: bad UTF-8, duplicates, documents, types, ranges

    @Test func badUTF8InATOMLCommentIsAPositionedError() {
        let bytes = Array("[tool.gradience-lint]\n# caf".utf8) + [0xFF] + Array(" \nselect = [\"GL001\"]\n".utf8)
        #expect(Self.tomlProblem(bytes) == TOMLReader.Problem(line: 2, column: 6, message: "the file is not valid UTF-8 here (byte 0xFF)"))
        // Overlong, surrogate and truncated sequences too.
        for bad: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF5, 0x80, 0x80, 0x80]] {
            #expect(Self.tomlProblem(Array("a = 1 #".utf8) + bad)?.column == 8, "\(bad)")
        }
        #expect(TOMLReader.firstInvalidUTF8(Array("é € 𝄞".utf8)) == nil)
    }

    @Test func aKeyWrittenTwiceIsAPositionedError() {
        #expect(Self.problem("select: [GL001]\nselect: [GL002]\n") == "s.yml:2:1: duplicate key 'select' (first at line 1); only one would be used")
        #expect(Self.problem("model:\n  num-layers: 2\n  num-layers: 4\n") == "s.yml:3:3: duplicate key 'num-layers' (first at line 2); only one would be used")
        #expect(Self.problem("severity:\n  GL001: error\n  GL001: info\n") == "s.yml:3:3: duplicate key 'GL001' (first at line 2); only one would be used")
        // A merge key is how YAML overrides on purpose.
        #expect(Self.problem("model: &m {num-layers: 2}\nseverity:\n  <<: {GL001: info}\n  GL002: error\n") == nil)
    }

    @Test func aSecondYAMLDocumentIsAnError() {
        #expect(Self.problem("select: [GL001]\n---\nignore: [GL001]\n") == "s.yml:3:1: a settings file holds one YAML document; this second one would be ignored")
    }

    @Test func wrongTypesArePositionedErrors() {
        #expect(Self.problem("severity: [GL001]\n") == "s.yml:1:11: severity must be a mapping of rule code to error, warning or info")
        #expect(Self.problem("severity:\n") == "s.yml:1:10: severity must be a mapping of rule code to error, warning or info")
        #expect(Self.problem("model:\n  modules-file: [a]\n") == "s.yml:2:17: modules-file must be a path")
    }

    @Test func maxFileSizeIsRangeChecked() throws {
        #expect(Self.problem("max-file-size: 9223372036854775807\n") == "s.yml:1:16: max-file-size must be at most 1024 GiB (a file is read whole into memory)")
        #expect(Self.problem("max-file-size: 1024GiB\n") == nil)
        // The reader's arithmetic holds even at the largest Int.
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("r: 8\n".utf8))
        try? pipe.fileHandleForWriting.close()
        #expect(try SourceReader.read(descriptor: pipe.fileHandleForReading.fileDescriptor, limit: .max).get() == Array("r: 8\n".utf8))
    }

    // MARK: settings files that cannot be read

    @Test func aDanglingOrLoopingSettingsLinkIsAnError() throws {
        for (name, target, reason) in [("dangling", "missing.yml", "No such file or directory"),
                                       ("loop", ".gradience-lint.yml", "Too many levels of symbolic links")] {
            let folder = try CLIRunner.temporaryFolder(name)
            #expect(symlink(target, folder + "/.gradience-lint.yml") == 0)
            try CLIRunner.write("r: 8\n", to: folder + "/a.yaml")
            #expect(Settings.find(startingAt: folder + "/a.yaml") == folder + "/.gradience-lint.yml")
            let run = try CLIRunner.run(["a.yaml"], in: folder)
            #expect(run.status == 2, "\(name)")
            #expect(run.stderr == "gradience-lint: settings error: \(folder)/.gradience-lint.yml:1:1: settings file: cannot read: \(reason)\n")
        }
    }

    // MARK: secrets: settings paths stay in the tree

    @Test func settingsPathsOutOfTheTreeAreRefusedWithAPosition() throws {
        let folder = try CLIRunner.temporaryFolder()
        let settings = folder + "/a/.gradience-lint.yml"
        func refusal(_ yaml: String) -> String? { Self.problem(yaml, path: settings) }
        let tree = folder + "/a"
        #expect(refusal("model:\n  modules-file: ../../../../../../proc/self/environ\n")
                == "\(settings):2:17: modules-file leads out of \(tree); a settings file may name only paths inside it: give it on the command line (--modules) instead")
        #expect(refusal("model:\n  dir: /etc\n")
                == "\(settings):2:8: dir must be a path inside \(tree) relative to the settings file, not an absolute path; give it on the command line (--model-dir) instead")
        #expect(refusal("model:\n  modules-file: /proc/self/environ\n")?.contains("not an absolute path") == true)
        // Inside the tree is fine, `..` that stays inside too.
        #expect(refusal("model:\n  modules-file: sub/../modules.txt\n  dir: models/base\n") == nil)
        // A symlink inside the tree that leads out.
        try FileManager.default.createDirectory(atPath: tree, withIntermediateDirectories: true)
        #expect(symlink("/proc/self/environ", tree + "/modules.txt") == 0)
        #expect(refusal("model:\n  modules-file: modules.txt\n")
                == "\(settings):2:17: modules-file leads out of \(tree) through a symlink; give it on the command line (--modules) instead")
    }

    @Test func insideAGitRepositoryTheRepositoryIsTheTree() throws {
        let folder = try CLIRunner.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/.git", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/configs", withIntermediateDirectories: true)
        let settings = folder + "/configs/.gradience-lint.yml"
        #expect(Self.problem("model:\n  modules-file: ../models/modules.txt\n", path: settings) == nil)
        #expect(Self.problem("model:\n  modules-file: ../../modules.txt\n", path: settings)?.contains("leads out of \(folder);") == true)
    }

    @Test func theEnvironmentIsNeverPrinted() throws {
        let folder = try CLIRunner.temporaryFolder()
        try CLIRunner.write("model:\n  modules-file: ../../../../../../../../proc/self/environ\n", to: folder + "/.gradience-lint.yml")
        try Data(contentsOf: Fixtures.url("fixtures/examples/adapter_config.json")).write(to: URL(fileURLWithPath: folder + "/adapter_config.json"))
        let run = try CLIRunner.run(["adapter_config.json"], in: folder, shell: "export GRADIENCE_SECRET_CANARY=hunter2")
        #expect(run.status == 2)
        #expect(!run.stderr.contains("hunter2") && !run.stdout.contains("hunter2"))
        #expect(run.stderr.contains(".gradience-lint.yml:2:17: modules-file leads out of"))
        // Given on the command line, a modules file that is not one is quoted only in a short, escaped excerpt.
        let named = try CLIRunner.run(["--modules", "/proc/self/environ", "adapter_config.json"], in: folder,
                                      shell: "export GRADIENCE_SECRET_CANARY=\(String(repeating: "x", count: 60))hunter2")
        #expect(!named.stderr.contains("hunter2") && !named.stdout.contains("hunter2"), "\(named.stderr)")
    }

    @Test func modulesFileMessagesQuoteAShortEscapedExcerpt() {
        let line = "SECRET=" + String(repeating: "s", count: 100) + "\u{1B}]0;title\u{07}x(y)"
        #expect(throws: InventoryError.malformedModulesFile(
            path: "m.txt", line: 1,
            reason: "'SECRET=sssssssssssssssssssssssssssssssss…' contains '(', ')' or ':'; this looks like print(model) output, not the names from named_modules()")) {
            try ModulesFile.parse(line, path: "m.txt")
        }
        #expect(ShortExcerpt.quote("a\u{1B}[2J\u{07}\u{85}\u{202E}") == "a\\x1B[2J\\x07\\x85\\u{202E}")
    }
}

/// A settings file that is a symlink out of the repository is read, and the run says so.
@Suite struct SettingsLinkTests {
    @Test func aSettingsLinkOutOfTheRepositoryIsNamed() throws {
        let folder = try CLIRunner.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/repo/.git", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/elsewhere", withIntermediateDirectories: true)
        try CLIRunner.write("select: [GL001]\n", to: folder + "/elsewhere/settings.yml")
        #expect(symlink("../elsewhere/settings.yml", folder + "/repo/.gradience-lint.yml") == 0)
        try CLIRunner.write("r: 8\n", to: folder + "/repo/a.yaml")
        #expect(Settings.linkOutOfTree(folder + "/repo/.gradience-lint.yml") == folder + "/elsewhere/settings.yml")
        let run = try CLIRunner.run(["a.yaml"], in: folder + "/repo")
        #expect(run.stderr.contains("note: \(folder)/repo/.gradience-lint.yml is a symlink out of its repository, to \(folder)/elsewhere/settings.yml; its settings apply"), "\(run.stderr)")
        // A link inside the repository is nothing to mention.
        try CLIRunner.write("select: [GL001]\n", to: folder + "/repo/shared.yml")
        #expect(unlink(folder + "/repo/.gradience-lint.yml") == 0)
        #expect(symlink("shared.yml", folder + "/repo/.gradience-lint.yml") == 0)
        #expect(Settings.linkOutOfTree(folder + "/repo/.gradience-lint.yml") == nil)
    }
}
