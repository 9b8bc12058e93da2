import Foundation
import Testing
@testable import GradienceLint

/// Issue 15, through the binary: a fix never adds a problem, a fix that claims a scaling
/// delivers it module by module, messages take their numbers from the resolution, and
/// GL018 judges what no inventory could change.
@Suite struct TrustworthyFixTests {
    /// The module table of `resolve --format json`: name → scaling.
    private func scalings(of file: URL) throws -> [String: Double] {
        let run = try CLI.run(["resolve", "--format", "json", file.path])
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let modules = object?["modules"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: modules.compactMap { module in
            (module["name"] as? String).map { ($0, module["scaling"] as? Double ?? .nan) }
        })
    }

    @Test func gl007UnsafeFixGivesEveryModuleTheScalingItClaims() throws {
        // The state GL001's old rename left: 63 modules at scaling 2, layer 0 q_proj at 4.
        let file = try CLI.temporaryCopy(of: "fixtures/trust/gl007-renamed-key.json")
        let before = try scalings(of: file)
        #expect(before.values.filter { $0 == 2 }.count == 63)
        let run = try CLI.run(["check", "--fix", "--unsafe-fixes", file.path])
        #expect(run.stderr == "fixed \(file.path) (GL007×1)\n")
        #expect(try String(contentsOf: file, encoding: .utf8) == """
            {
              "alpha_pattern": {
                "model.layers.0.self_attn.q_proj": 8
              },
              "base_model_name_or_path": "meta-llama/Llama-2-7b-hf",
              "bias": "none",
              "lora_alpha": 16,
              "lora_dropout": 0.05,
              "peft_type": "LORA",
              "r": 4,
              "rank_pattern": {
                "model.layers.0.self_attn.q_proj": 4,
                "q_proj": 8,
                "v_proj": 8
              },
              "target_modules": [
                "q_proj",
                "v_proj"
              ],
              "task_type": "CAUSAL_LM"
            }

            """)
        #expect(!run.stdout.contains("GL007"))
        // Per module, before vs after: the 63 keep scaling 2, the one off it joins them.
        let after = try scalings(of: file)
        #expect(after.count == 64)
        #expect(after.allSatisfy { $0.value == 2 })
        #expect(before.filter { $0.value != after[$0.key] }.map(\.key) == ["model.layers.0.self_attn.q_proj"])
    }

    @Test func gl007SaysWhatTheModulesTrainAtWithoutContradictingItself() throws {
        let run = try CLI.run(["check", "--select", "GL007", "fixtures/trust/gl007-renamed-key.json"])
        #expect(run.stdout.hasPrefix("fixtures/trust/gl007-renamed-key.json:10:5: GL007 [+] [warning] scaling (alpha/r) differs across modules (63 modules at 2, 1 module at 4)\n"))
        #expect(run.stdout.contains("  = note: 63 of 64 modules train at 2, but 'model.layers.0.self_attn.q_proj' r=4 alpha=16 → 4\n  = note: alpha_pattern does not follow rank_pattern\n"))
        #expect(run.stdout.contains("  = help: add alpha_pattern entries so every adapted module trains at scaling 2 (unsafe fix: --fix --unsafe-fixes)\n"))
    }

    @Test func gl001NeverWritesARenameThatAddsFindings() throws {
        // The rename would make the key overlap 'q_proj' (GL006) and change one module's
        // scaling (GL007): shown, never written, with or without --unsafe-fixes.
        for flags in [["--fix"], ["--fix", "--unsafe-fixes"]] {
            let file = try CLI.temporaryCopy(of: "fixtures/examples/adapter_config.json")
            let run = try CLI.run(["check"] + flags + [file.path])
            #expect(run.status == 1)
            #expect(run.stderr == "fixed \(file.path) (GL002×1)\n", "\(flags)")
            let original = try String(contentsOf: Fixtures.url("fixtures/examples/adapter_config.json"), encoding: .utf8)
            #expect(try String(contentsOf: file, encoding: .utf8) == original.replacingOccurrences(of: "\"r\": 16,", with: "\"r\": 4,"))
            #expect(!run.stdout.contains(" GL006 [") && !run.stdout.contains(" GL007 ["), "\(flags)")
            #expect(run.stdout.contains("  = help: rename the key to 'model.layers.0.self_attn.q_proj' and make 'q_proj' (r=8) stop matching its modules (not applied automatically)\n"))
        }
    }

    @Test func gl001StatesTheRankTheModuleTrainsAtFromTheResolution() throws {
        let run = try CLI.run(["check", "--select", "GL001", "fixtures/examples/adapter_config.json"])
        #expect(run.stdout.hasPrefix("fixtures/examples/adapter_config.json:10:5: GL001 [error] rank_pattern key 'base_model.model.model.layers.0.self_attn.q_proj' carries 'base_model.model.'\n"))
        #expect(run.stdout.contains("""
              = note: PEFT matches keys against base-model module names, so this key never matches and the module it meant silently trains at r=8 through 'q_proj'
              = note: renaming it to 'model.layers.0.self_attn.q_proj' would make it overlap 'q_proj' (r=8), which PEFT resolves by key order (GL006): narrow the other key or reorder by hand

            """))
        // Without an inventory, read the same way from the keys: 'q_proj' matches the name.
        let input = "lora:\n  r: 16\n  target_modules: [q_proj]\n  rank_pattern:\n    base_model.model.model.layers.0.self_attn.q_proj: 4\n    q_proj: 8\n"
        let bare = try CLI.run(["check", "--select", "GL001", "--stdin-filename", "train.yaml"], stdin: input)
        #expect(bare.stdout.contains("so this key never matches and the module it meant silently trains at r=8 through 'q_proj'\n  = note: renaming"))
    }

    /// Siblings of GL001's wrong number: GL008 said "the default" for a module another
    /// key decides, GL005 spoke of modules a key that matches nothing never had.
    @Test func siblingMessagesTakeTheirNumbersFromTheResolution() throws {
        let gl008 = try CLI.run(["check", "--select", "GL008", "fixtures/GL008/pre-0.15-keys/adapter_config.json"])
        #expect(gl008.stdout.contains("so the key matches nothing. The module it misses trains at alpha=24 through 'q_proj|v_proj', and an adapter trained on 0.14.0"))
        #expect(!gl008.stdout.contains("Modules it misses train at the default"))
        let gl005 = try CLI.run(["check", "--select", "GL005", "--format", "json", "fixtures/GL005/lora-typos.yaml"])
        #expect(!gl005.stdout.contains("those modules train at the default"))
        #expect(gl005.stdout.contains("matches no adapted module, so PEFT ignores it and its "))
    }

    /// Issue 23: the rename is safe even when the file's own values then give the module
    /// another scaling (r=4 with lora_alpha 16): that is the intended config speaking, and
    /// GL007 says so afterwards with its own unsafe fix, which holds the scaling.
    @Test func gl001RenamesAndLeavesTheFilesOwnScalingToGL007() throws {
        let input = "lora:\n  r: 16   # default\n  lora_alpha: 16\n  target_modules:\n  - q_proj\n  - v_proj\n  rank_pattern:\n    base_model.model.model.layers.1.self_attn.v_proj: 4\n"
        let safe = try CLI.run(["check", "--fix", "--stdin-filename", "train.yaml", "--architecture", "llama", "--num-layers", "2"], stdin: input)
        // GL001 renames; GL002 then lowers r to the pattern's 4 and pins the rest at 16.
        #expect(safe.stdout == "lora:\n  r: 4   # default\n  lora_alpha: 16\n  target_modules:\n  - q_proj\n  - v_proj\n  rank_pattern:\n    model.layers.1.self_attn.v_proj: 4\n    q_proj: 16\n    model.layers.0.self_attn.v_proj: 16\n")
        #expect(safe.stderr.contains("GL007 [+] [warning] scaling (alpha/r) differs across modules (3 modules at 1, 1 module at 4)"))
        #expect(safe.status == 1)
        let unsafe = try CLI.run(["check", "--fix", "--unsafe-fixes", "--stdin-filename", "train.yaml", "--architecture", "llama", "--num-layers", "2"], stdin: input)
        #expect(unsafe.stdout == "lora:\n  r: 4   # default\n  lora_alpha: 16\n  target_modules:\n  - q_proj\n  - v_proj\n  rank_pattern:\n    model.layers.1.self_attn.v_proj: 4\n    q_proj: 16\n    model.layers.0.self_attn.v_proj: 16\n  alpha_pattern:\n    model.layers.1.self_attn.v_proj: 4\n")
    }

    @Test func gl002AndGL003PinWithTheFewestEntries() throws {
        let file = try CLI.temporaryCopy(of: "fixtures/trust/one-key-override.yml")
        let run = try CLI.run(["check", "--fix", file.path])
        #expect(run.stderr == "fixed \(file.path) (GL002×1)\n")
        let fixed = try String(contentsOf: file, encoding: .utf8)
        let pins = (1..<32).map { "  model.layers.\($0).self_attn.q_proj: 16\n" }.joined()
        #expect(fixed == "base_model: meta-llama/Llama-2-7b-hf\nadapter: lora\nlora_r: 8\nlora_alpha: 32\nlora_target_modules: [q_proj, k_proj, v_proj, o_proj]\nlora_rank_pattern:\n  model.layers.0.self_attn.q_proj: 8\n  k_proj: 16\n  v_proj: 16\n  o_proj: 16\n" + pins + "lora_alpha_pattern:\n  model.layers.0.self_attn.q_proj: 16\n")
        #expect(run.status == 0)
    }

    @Test func patternFixesBesideTrainedWeightsAreShownNeverWritten() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gl-weights-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixtures.url("fixtures/trust/beside-weights"), to: folder)
        let config = folder.appendingPathComponent("adapter_config.json")
        let before = try Data(contentsOf: config)
        let run = try CLI.run(["check", "--fix", config.path])
        #expect(try Data(contentsOf: config) == before)
        #expect(run.stderr == "")
        #expect(run.stdout.contains("GL003 [warning] 1 adapted module match no rank_pattern key and train at the default r=4\n"))
        #expect(run.stdout.contains("  = note: model.layers.1.self_attn.v_proj\n"))
        #expect(run.stdout.contains("  = help: list the 1 module at r=4 with 1 entry (model.layers.1.self_attn.v_proj) (not applied beside trained weights: change the training config) (not applied automatically)\n"))
    }

    @Test func gl018JudgesFileOnlyRulesWithoutAnInventory() throws {
        let run = try CLI.run(["check", "fixtures/trust/gl018-no-inventory.yml"])
        #expect(run.status == 1)
        #expect(run.stdout == """
            fixtures/trust/gl018-no-inventory.yml:3:13: GL018 [*] [warning] unused suppression: GL013 (duplicate-key) reported nothing on line 3
              |
            3 | lora_r: 16  # gradience-lint: disable=GL013
              |             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              = help: remove the suppression comment (safe fix: --fix)

            Found 1 problem in 1 file (0 errors, 1 warning, 0 info); 1 file checked.
            1 file read without the base model's modules: target modules, layer indices and pattern keys were not checked (--verbose says why; give --model-dir, --modules or --architecture with --num-layers).

            """)
        // A rule that needs an inventory is still not judged there.
        let needsInventory = "base_model: some-org/unknown-model\nadapter: lora\nlora_r: 16\nlora_target_modules: [q_proj]\nlora_rank_pattern:\n  q_proj: 8  # gradience-lint: disable=GL005\n"
        let kept = try CLI.run(["check", "--stdin-filename", "lora.yml"], stdin: needsInventory)
        #expect(!kept.stdout.contains("GL018"))
    }
}
