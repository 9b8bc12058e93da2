/// Issue 28's hostile inputs (see `HostileInputs`): regex shapes known to backtrack
/// catastrophically, control bytes in keys, JSON keys longer than libyaml takes, and
/// inputs whose work must stay bounded by their size. Each names the line its answer starts with; `scripts/hostile-bounds.sh`
/// holds the release binary to the time and memory bounds.
extension HostileInputs {
    /// Module names that make the classic shapes explode: a run of `a`s that cannot end
    /// the way the pattern wants.
    static let backtrackingModules = "model.layers.0.self_attn.q_proj\tLinear\nmodel.layers.0.self_attn." + String(repeating: "a", count: 40) + "!\tLinear\n"

    /// Patterns whose backtracking is exponential (or a high polynomial) in the name's
    /// length under ICU (and under Python's `re`, which backtracks the same way): as a
    /// `target_modules` str (full-matched against each name) and as a `rank_pattern` key
    /// (PEFT's `(.*\.)?(key)$`, tried at every dot). `(a+)+` is the existing
    /// "pathological-regex-key" row.
    static let backtrackingTargets = [#"(.*)*x$"#, #"(.*a){20}$"#, #"(\w+\.?)+!x"#]
    static let backtrackingKeys = [#"(.*)*x$"#, #"(\w+\.?)+!x"#]

    static func backtrackingRegexes() -> [HostileInput] {
        func config(_ body: String) -> @Sendable () -> [UInt8] {
            { Array("{\n  \"peft_type\": \"LORA\",\n  \"r\": 8,\n  \"lora_alpha\": 16,\n\(body)\n}\n".utf8) }
        }
        func quoted(_ shape: String) -> String { shape.replacingOccurrences(of: "\\", with: "\\\\") }
        let modules = "backtracking-modules.txt"
        var inputs: [HostileInput] = []
        for (index, shape) in backtrackingTargets.enumerated() {
            inputs.append(HostileInput(
                name: "backtracking-target-modules-\(index)", file: "backtracking-target-\(index).json", arguments: ["--modules", modules],
                expectedStatus: 1, expectedLine: "backtracking-target-\(index).json:5:21: GL011 [error] target_modules is the str '\(shape)', which was not evaluated",  // the title (issue 27: the rest is a note)
                prefixOnly: true, maxSeconds: 3, maxMegabytes: 128, sparseSize: nil, companions: [(modules, backtrackingModules)],
                generate: config("  \"target_modules\": \"\(quoted(shape))\"")))
        }
        for (index, shape) in backtrackingKeys.enumerated() {
            inputs.append(HostileInput(
                name: "backtracking-rank-key-\(index)", file: "backtracking-key-\(index).json", arguments: ["--modules", modules],
                expectedStatus: 1, expectedLine: "backtracking-key-\(index).json:6:20: GL008 [warning] rank_pattern key '\(shape)' is valid Python, but matching it against",
                prefixOnly: true, maxSeconds: 3, maxMegabytes: 128, sparseSize: nil, companions: [(modules, backtrackingModules)],
                generate: config("  \"target_modules\": [\"q_proj\"],\n  \"rank_pattern\": {\"\(quoted(shape))\": 4, \"q_proj\": 16}")))
        }
        return inputs
    }

    /// Keys with ESC, BEL, a C1 control, DEL and a line break followed by a workflow
    /// command: the human report shows each as an escape, on the finding's own line.
    static func controlBytesInKeys() -> [HostileInput] {
        let key = #"\u001b]0;title\u0007\u009b2J\u007f\n::add-mask::secret"#
        return [
            input("control-bytes-in-a-rank-key", "control-key.json", arguments: ["--architecture", "llama", "--num-layers", "2"], status: 1,
                  line: #"control-key.json:5:20: GL005 [error] rank_pattern key '\x1b]0;title\x07\x9b2J\x7f\n::add-mask::secret' matches no adapted module"#,
                  prefix: true, seconds: 2, megabytes: 64) {
                "{\n  \"peft_type\": \"LORA\",\n  \"r\": 8,\n  \"target_modules\": [\"q_proj\"],\n  \"rank_pattern\": {\"\(key)\": 8}\n}\n"
            },
        ]
    }

    /// Work bounded by the input's size (issue 28's resource rows): each under 2 s and
    /// 300 MiB in a release build.
    static func sizeBoundedWork() -> [HostileInput] {
        let llama32 = ["--architecture", "llama", "--num-layers", "32"]
        let inputs = [
            input("3000-regex-keys-on-llama-32", "regex-3000.json", arguments: llama32, status: 1,
                  line: "regex-3000.json:3:8: GL002 [warning]", prefix: true, seconds: 2, megabytes: 300) {
                // Each key names one attention projection of one layer, or a name no module has.
                patternKeys(3_000) { ".*[.]layers[.]\($0 % 32)[.]self_attn[.](q|v)_proj|x\($0)" }
            },
            input("20000-unmatched-keys", "unmatched-20000.json", arguments: llama32, status: 1,
                  line: "unmatched-20000.json:3:8: GL002 [warning]", prefix: true, seconds: 2, megabytes: 300) {
                patternKeys(20_000) { "model.layers.\($0 % 32).self_attn.nothing_\($0)" }
            },
            HostileInput(name: "300k-name-modules-file", file: "modules-300k.json", arguments: ["--modules", "modules-300k.txt"],
                         expectedStatus: 0, expectedLine: "All checks passed (1 file).", prefixOnly: false, maxSeconds: 2, maxMegabytes: 300,
                         sparseSize: nil, companions: [("modules-300k.txt", modules300k())], generate: {
                             Array("{\"peft_type\": \"LORA\", \"r\": 8, \"lora_alpha\": 16, \"target_modules\": [\"q_proj\", \"v_proj\"]}\n".utf8)
                         }),
        ]
        return inputs.map { input in
            var input = input
            input.releaseOnly = true
            return input
        }
    }

    /// Valid JSON with keys past libyaml's 1,024-character limit for implicit keys (a false
    /// GL000 before): a 1,418-character regex key with a prefixed key after it on the same
    /// line, whose finding names its own column; a key whose `:` is on the next line; and
    /// 1,000 keys of 1,100 characters, whose work stays bounded by the file's size.
    static func longJSONKeys() -> [HostileInput] {
        let regex = "model.layers.0.self_attn.(" + (0..<300).map { "x\($0)" }.joined(separator: "|") + ")"
        let header = "{\n  \"peft_type\": \"LORA\",\n  \"r\": 8,\n  \"lora_alpha\": 16,\n  \"target_modules\": [\"q_proj\"],\n"
        var bounded = input("1000-keys-of-1100-characters", "long-keys-1000.json", arguments: ["--architecture", "llama", "--num-layers", "32"], status: 1,
                            line: "long-keys-1000.json:3:8: GL002 [*] [warning]", prefix: true, seconds: 2, megabytes: 128) {
            patternKeys(1_000) { "model.layers.\($0 % 32).self_attn.nothing_\($0)_" + String(repeating: "x", count: 1100) }
        }
        bounded.releaseOnly = true
        return [
            input("JSON-key-of-1418-characters", "long-key.json", arguments: llama, status: 1,
                  line: "long-key.json:6:1457: GL001 [error] rank_pattern key 'base_model.model.q_proj' carries 'base_model.model.'",
                  prefix: true, seconds: 2, megabytes: 64) {
                header + "  \"rank_pattern\": {\"\(regex)\": 4, \"q_proj\": 16, \"base_model.model.q_proj\": 8}\n}\n"
            },
            input("JSON-key-with-its-colon-on-the-next-line", "colon-next-line.json", arguments: llama, status: 1,
                  line: "colon-next-line.json:7:5: GL001 [*] [error] rank_pattern key 'base_model.model.model.layers.0.self_attn.q_proj' carries",
                  prefix: true, seconds: 2, megabytes: 64) {
                header + "  \"rank_pattern\": {\n    \"base_model.model.model.layers.0.self_attn.q_proj\"\n      : 4\n  }\n}\n"
            },
            bounded,
        ]
    }

    /// 300,000 module names: 30,000 layers of ten modules.
    static func modules300k() -> String {
        var text = ""
        text.reserveCapacity(10 << 20)
        let leaves = ["self_attn", "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp",
                      "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj", "input_layernorm"]
        for layer in 0..<30_000 { for leaf in leaves { text += "model.layers.\(layer).\(leaf)\n" } }
        return text
    }

    /// The small configs above, as fuzzer seeds (name, bytes).
    public static func issue28Seeds() -> [(name: String, bytes: [UInt8])] {
        (backtrackingRegexes() + controlBytesInKeys() + longJSONKeys().filter { !$0.isHeavy }).map { ($0.name + "-" + $0.file, $0.bytes) }
    }
}
