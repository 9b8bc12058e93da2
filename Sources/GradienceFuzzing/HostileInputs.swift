import Foundation

/// The hostile inputs of issue 8, generated rather than committed (the large ones would
/// bloat the repository, the small ones are clearer as code): each with how to run it,
/// what the CLI must answer, and the time and memory it may take.
///
/// `HostileFixtureTests` asserts the exit code and a diagnostic line of each through the
/// debug binary; `scripts/hostile-bounds.sh` runs the release binary under
/// `/usr/bin/time -v` and checks the bounds. `gradience-fuzz --write-hostile DIR` writes
/// the files (both use it, so there is one generator).
public struct HostileInput: Sendable {
    public let name: String
    /// The file name to write; its extension decides YAML or JSON.
    public let file: String
    /// Extra CLI arguments (before the file).
    public let arguments: [String]
    public let expectedStatus: Int32
    /// A line stdout (human format) must hold, or start a line with when `prefixOnly`.
    public let expectedLine: String
    public let prefixOnly: Bool
    /// Bounds for the release binary.
    public let maxSeconds: Double
    public let maxMegabytes: Int
    /// A sparse file of this size instead of `bytes` (never read, so never allocated).
    public let sparseSize: Int?
    /// Extra files beside it (name, content), such as a modules file.
    public let companions: [(name: String, text: String)]
    let generate: @Sendable () -> [UInt8]
    /// Too slow under a debug build for the test suite (it is a bound on the release
    /// binary's work): left to scripts/hostile-bounds.sh, like the heavy ones.
    public var releaseOnly = false

    public var bytes: [UInt8] { generate() }

    /// Minutes under a debug build: its answer is asserted by scripts/hostile-bounds.sh
    /// on the release binary only.
    public var isHeavy: Bool { maxSeconds > 30 || releaseOnly }

    /// Whether the CLI's stdout holds the expected line.
    public func stdoutMatches(_ stdout: String) -> Bool {
        stdout.split(separator: "\n", omittingEmptySubsequences: false).contains {
            prefixOnly ? $0.hasPrefix(expectedLine) : $0 == expectedLine
        }
    }

    /// Writes the input (and its companions) into `folder`; returns the input's path.
    @discardableResult
    public func write(into folder: String) throws -> String {
        let path = URL(fileURLWithPath: folder).appendingPathComponent(file).path
        if let sparseSize {
            guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.truncate(atOffset: UInt64(sparseSize))
            try handle.close()
        } else {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        for (name, text) in companions {
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
        }
        return path
    }
}

public enum HostileInputs {
    static let llama = ["--architecture", "llama", "--num-layers", "2"]

    public static let all: [HostileInput] = [
        input("alias-bomb", "alias-bomb.yaml", status: 0, line: "All checks passed (1 file).", seconds: 2, megabytes: 64) {
            // "Billion laughs": 9^9 strings if expanded. Aliases are kept as references.
            var text = "a0: &a0 [" + Array(repeating: "lol", count: 9).joined(separator: ", ") + "]\n"
            for level in 1...9 {
                text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
            }
            return text + "adapter: lora\nbase_model: meta-llama/Llama-2-7b-hf\nlora_r: 8\nlora_alpha: 16\nlora_target_modules: [q_proj, v_proj]\ndatasets: *a9\n"
        },
        input("alias-chain-100000", "alias-chain.yaml", status: 1,
              line: "alias-chain.yaml:513:7: GL000 [error] nesting deeper than 512 levels through aliases", seconds: 3, megabytes: 128) {
            // c1 holds c0, c2 holds c1, …: nesting through aliases, which used to overflow
            // the stack when the nodes were freed.
            var text = "c0: &c0 [q_proj]\n"
            for level in 1..<100_000 { text += "c\(level): &c\(level) [*c\(level - 1)]\n" }
            return text + "peft_type: LORA\nr: 8\ntarget_modules: *c99999\n"
        },
        input("merge-key-bomb", "merge-bomb.yaml", status: 0, line: "All checks passed (1 file).", seconds: 2, megabytes: 64) {
            // Each level merges the previous one three times: 3^40 entries without memoization.
            var text = "m0: &m0 {k0: 0}\n"
            for level in 1...40 { text += "m\(level): &m\(level) {<<: [*m\(level - 1), *m\(level - 1), *m\(level - 1)], k\(level): 1}\n" }
            return text + "<<: *m40\n"
        },
        input("merge-key-chain-3000", "merge-chain.yaml", status: 1,
              line: "merge-chain.yaml:513:7: GL000 [error] nesting deeper than 512 levels through aliases", seconds: 3, megabytes: 128) {
            // Each level merges the previous one and adds a key: n²/2 entries copied, and
            // as deep as the chain; the depth bound stops it first.
            var text = "m0: &m0 {k0: 0}\n"
            for level in 1..<3000 { text += "m\(level): &m\(level) {<<: *m\(level - 1), k\(level): \(level)}\n" }
            return text
        },
        input("merge-key-fan-out", "merge-fanout.yaml", status: 1,
              line: "merge-fanout.yaml:250:6: GL000 [error] merge keys (<<) expand to more than 1000000 entries in this file",
              seconds: 3, megabytes: 256) {
            // 200 anchors of 100 keys, then 60 mappings that each merge all 200: shallow,
            // but 1.2 million entries copied.
            var text = ""
            for anchor in 0..<200 {
                text += "a\(anchor): &a\(anchor) {" + (0..<100).map { "k\(anchor)_\($0): \($0)" }.joined(separator: ", ") + "}\n"
            }
            let all = (0..<200).map { "*a\($0)" }.joined(separator: ", ")
            for mapping in 0..<60 { text += "m\(mapping): {<<: [\(all)], own\(mapping): 1}\n" }
            return text
        },
        input("deep-nesting-100000", "deep.yaml", status: 1, line: "deep.yaml:1:513: GL000 [error] nesting deeper than 512 levels",
              seconds: 2, megabytes: 64) {
            Array(repeating: UInt8(ascii: "["), count: 100_000) + Array(repeating: UInt8(ascii: "]"), count: 100_000)
        },
        HostileInput(name: "oversized-64MiB+1", file: "oversized.json", arguments: [], expectedStatus: 1,
                     expectedLine: "oversized.json:1:1: GL000 [error] the file is 67108865 bytes, over the max-file-size limit of 64 MiB",
                     prefixOnly: false, maxSeconds: 2, maxMegabytes: 64, sparseSize: 64 << 20 + 1, companions: [], generate: { [] }),
        input("invalid-utf8-in-a-key", "invalid-utf8-key.yaml", status: 1,
              line: "invalid-utf8-key.yaml:4:7: GL000 [error] invalid UTF-8 sequence", seconds: 2, megabytes: 64) {
            Array("peft_type: LORA\nr: 8\nrank_pattern:\n  q_pr".utf8) + [0xC3, 0x28] + Array("j: 4\n".utf8)
        },
        input("nul-bytes", "nul.json", status: 1,
              line: "nul.json:1:9: GL000 [error] the file contains NUL bytes", seconds: 2, megabytes: 64) {
            Array(#"{"r": 8,"#.utf8) + [0] + Array(#" "lora_alpha": 16}"#.utf8) + [0x0A]
        },
        input("lone-BOM", "bom.yaml", status: 0, line: "All checks passed (1 file).", seconds: 2, megabytes: 64) { [0xEF, 0xBB, 0xBF] },
        input("CR-only-line-endings", "cr.yaml", arguments: llama, status: 1,
              line: "cr.yaml:2:4: GL002 [*] [warning] r=8 is above the smallest rank_pattern value 4", prefix: true, seconds: 2, megabytes: 64) {
            Array("peft_type: LORA\rr: 8\rlora_alpha: 16\rtarget_modules: [q_proj, v_proj]\rrank_pattern:\r  base_model.model.model.layers.0.self_attn.q_proj: 4\r".utf8)
        },
        input("stream-of-10000-documents", "stream.yaml", arguments: llama, status: 1,
              line: "stream.yaml:38891:1: GL013 [error] duplicate key 'r' (first at line 38888)", prefix: true, seconds: 15, megabytes: 256) {
            var text = ""
            for index in 0..<10_000 {
                text += "---\npeft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\n" + (index == 7777 ? "r: 16\n" : "")
            }
            return text
        },
        input("JSON-with-1000000-keys", "keys.json", status: 0, line: "All checks passed (1 file).", seconds: 30, megabytes: 1024) {
            var text = "{"
            for index in 0..<1_000_000 { text += (index == 0 ? "" : ", ") + "\"k\(index)\": \(index)" }
            return Array((text + "}\n").utf8)
        },
        input("100000-literal-pattern-keys", "pattern-keys.json", arguments: ["--architecture", "llama", "--num-layers", "32"], status: 1,
              line: "pattern-keys.json:3:8: GL002 [warning]", prefix: true, seconds: 60, megabytes: 512) {
            patternKeys(100_000) { "model.layers.\($0).self_attn.q_proj" }
        },
        input("100000-regex-pattern-keys", "regex-keys.json", arguments: ["--architecture", "llama", "--num-layers", "32"], status: 1,
              line: "regex-keys.json:3:8: GL002 [warning]", prefix: true, seconds: 90, megabytes: 1024) {
            patternKeys(100_000) { "model[.]layers[.]\($0)[.]self_attn[.]q_proj" }
        },
        HostileInput(name: "pathological-regex-key", file: "adapter_config.json", arguments: ["--modules", "modules.txt"], expectedStatus: 1,
                     expectedLine: "adapter_config.json:7:5: GL008 [warning] rank_pattern key '(a+)+' is valid Python, but matching it against 'model.layers.0.self_attn.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' took more than 1000000 backtracking steps",
                     prefixOnly: true, maxSeconds: 3, maxMegabytes: 64, sparseSize: nil,
                     companions: [("modules.txt", "model.layers.0.self_attn.q_proj\tLinear\nmodel.layers.0.self_attn." + String(repeating: "a", count: 40) + "!\tLinear\n")],
                     generate: {
                         Array("""
                         {
                           "peft_type": "LORA",
                           "r": 8,
                           "lora_alpha": 16,
                           "target_modules": ".*",
                           "rank_pattern": {
                             "(a+)+": 4,
                             "q_proj": 16
                           }
                         }

                         """.utf8)
                     }),
        input("merge-conflict-markers", "conflict.yaml", status: 1,
              line: "conflict.yaml:2:1: GL000 [error] an unresolved merge conflict marker", seconds: 2, megabytes: 64) {
            Array("peft_type: LORA\n<<<<<<< HEAD\nr: 8\n=======\nr: 16\n>>>>>>> feature\nlora_alpha: 16\n".utf8)
        },
        input("empty-file", "empty.yaml", status: 0, line: "All checks passed (1 file).", seconds: 2, megabytes: 64) { [] },
    ] + deepSettingsInputs() + controlByteNameInputs() + backtrackingRegexes() + controlBytesInKeys() + longJSONKeys() + sizeBoundedWork()

    /// Issue 28: a `pyproject.toml` nested 100,000 deep beside the config, in each shape
    /// that recursed (arrays, inline tables, dotted keys, table headers). A settings error,
    /// exit 2 and nothing on stdout; it used to overflow the stack.
    static func deepSettingsInputs() -> [HostileInput] {
        let depth = 100_000
        let shapes: [(String, String)] = [
            ("arrays", "[tool.gradience-lint]\nx = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"),
            ("inline-tables", "[tool.gradience-lint]\nx = " + String(repeating: "{a = ", count: depth) + "1" + String(repeating: "}", count: depth) + "\n"),
            ("dotted-keys", "[tool.gradience-lint]\n" + Array(repeating: "a", count: depth).joined(separator: ".") + " = 1\n"),
            ("table-headers", "[tool.gradience-lint]\n[" + Array(repeating: "a", count: depth).joined(separator: ".") + "]\n"),
        ]
        return shapes.map { shape, text in
            HostileInput(name: "pyproject-nested-\(depth)-\(shape)", file: "adapter.yaml", arguments: [], expectedStatus: 2, expectedLine: "",
                         prefixOnly: false, maxSeconds: 3, maxMegabytes: 128, sparseSize: nil, companions: [("pyproject.toml", text)]) {
                Array("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\n".utf8)
            }
        }
    }

    /// Issue 28: control bytes in a file's name (C0, ESC and BEL as a terminal title
    /// sequence, DEL, a C1 CSI, a newline). The file is linted like any other; how the name
    /// is shown is the report's business (escaped there).
    static func controlByteNameInputs() -> [HostileInput] {
        let names: [(String, String)] = [("c0", "a\u{01}b"), ("osc-title", "t\u{1B}]0;owned\u{07}"), ("del", "d\u{7F}"),
                                         ("c1-csi", "c\u{9B}2J"), ("newline", "n\nm"), ("workflow-command", "::error file=x::y")]
        return names.map { label, name in
            input("control-bytes-in-name-\(label)", name + ".yaml", arguments: llama, status: 0, line: "All checks passed (1 file).", seconds: 2, megabytes: 64) {
                "peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\n"
            }
        }
    }

    static func input(_ name: String, _ file: String, arguments: [String] = [], status: Int32, line: String, prefix: Bool = false,
                      seconds: Double, megabytes: Int, _ generate: @escaping @Sendable () -> [UInt8]) -> HostileInput {
        HostileInput(name: name, file: file, arguments: arguments, expectedStatus: status, expectedLine: line, prefixOnly: prefix,
                     maxSeconds: seconds, maxMegabytes: megabytes, sparseSize: nil, companions: [], generate: generate)
    }

    static func input(_ name: String, _ file: String, arguments: [String] = [], status: Int32, line: String, prefix: Bool = false,
                      seconds: Double, megabytes: Int, _ generate: @escaping @Sendable () -> String) -> HostileInput {
        input(name, file, arguments: arguments, status: status, line: line, prefix: prefix, seconds: seconds, megabytes: megabytes) {
            Array(generate().utf8)
        }
    }

    /// An adapter_config.json whose rank_pattern holds `count` keys, 32 of which name real modules.
    static func patternKeys(_ count: Int, key: (Int) -> String) -> [UInt8] {
        var text = "{\n  \"peft_type\": \"LORA\",\n  \"r\": 8,\n  \"lora_alpha\": 16,\n  \"target_modules\": [\"q_proj\", \"v_proj\"],\n  \"rank_pattern\": {\n"
        for index in 0..<count { text += "    \"\(key(index))\": 4" + (index == count - 1 ? "\n" : ",\n") }
        return Array((text + "  }\n}\n").utf8)
    }
}
