import Foundation
import Testing
@testable import GradienceLint
@testable import GradienceEngine

/// A rule that always wants `r: 8` to be 4 (safe, keeps nothing: for fail-closed tests).
/// It also reports r=4, without a fix, so its partner's fix adds no finding.
private enum LowerRank: Rule {
    static let metadata = RuleMetadata(code: "GL901", name: "lower-rank", severity: .warning, summary: "", description: "", why: "",
                                       fix: .safe(""), examples: [])
    static func check(_ context: RuleContext) -> [Finding] {
        guard let field = context.lora.field("r"), let value = field.value.scalar?.value, value == .int(8) || value == .int(4) else { return [] }
        let fix = value == .int(8) ? Fix(applicability: .safe, description: "", edits: [.setValue(node: field.value, to: .int(4))]) : nil
        return [Finding(node: field.value, keyPath: field.pointer, message: "8 → 4", fix: fix)]
    }
}

/// …and one that always wants it back at 8: together they cycle.
private enum RaiseRank: Rule {
    static let metadata = RuleMetadata(code: "GL902", name: "raise-rank", severity: .warning, summary: "", description: "", why: "",
                                       fix: .safe(""), examples: [])
    static func check(_ context: RuleContext) -> [Finding] {
        guard let field = context.lora.field("r"), let value = field.value.scalar?.value, value == .int(8) || value == .int(4) else { return [] }
        let fix = value == .int(4) ? Fix(applicability: .safe, description: "", edits: [.setValue(node: field.value, to: .int(8))]) : nil
        return [Finding(node: field.value, keyPath: field.pointer, message: "4 → 8", fix: fix)]
    }
}

/// A "safe" fix that edits a place it does not declare: the value-tree check must refuse it.
private enum SneakyRank: Rule {
    static let metadata = RuleMetadata(code: "GL903", name: "sneaky", severity: .warning, summary: "", description: "", why: "",
                                       fix: .safe(""), examples: [])
    static func check(_ context: RuleContext) -> [Finding] {
        guard let field = context.lora.field("lora_dropout"), field.value.scalar?.value != .float(0.1) else { return [] }
        return [Finding(node: field.value, keyPath: field.pointer, message: "dropout",
                        fix: Fix(applicability: .safe, description: "", edits: [.setValue(node: field.value, to: .float(0.1))]))]
    }
}

/// A fix that claims every module ends at scaling 1 but only doubles lora_alpha.
private enum ClaimsScaling: Rule {
    static let metadata = RuleMetadata(code: "GL904", name: "claims-scaling", severity: .warning, summary: "", description: "", why: "",
                                       fix: .unsafe(""), examples: [])
    static func check(_ context: RuleContext) -> [Finding] {
        guard let field = context.lora.field("lora_alpha"), field.value.scalar?.value == .int(8) else { return [] }
        return [Finding(node: field.value, keyPath: field.pointer, message: "alpha",
                        fix: Fix(applicability: .unsafe, description: "", edits: [.setValue(node: field.value, to: .int(16))], intent: .givesScaling(1)))]
    }
}

/// A safe fix that sets lora_dropout, and a rule that then reports it: the fix adds a finding.
private enum SetsDropout: Rule {
    static let metadata = RuleMetadata(code: "GL905", name: "sets-dropout", severity: .warning, summary: "", description: "", why: "",
                                       fix: .safe(""), examples: [])
    static func check(_ context: RuleContext) -> [Finding] {
        guard let field = context.lora.field("lora_dropout"), field.value.scalar?.value == .float(0.0) else { return [] }
        return [Finding(node: field.value, keyPath: field.pointer, message: "dropout",
                        fix: Fix(applicability: .safe, description: "set it to 0.1", edits: [.setValue(node: field.value, to: .float(0.1))]))]
    }
}

private enum DislikesDropout: Rule {
    static let metadata = RuleMetadata(code: "GL906", name: "dislikes-dropout", severity: .warning, summary: "", description: "", why: "",
                                       fix: .none(), examples: [])
    static func check(_ context: RuleContext) -> [Finding] {
        guard let field = context.lora.field("lora_dropout"), field.value.scalar?.value == .float(0.1) else { return [] }
        return [Finding(node: field.value, keyPath: field.pointer, message: "0.1")]
    }
}

@Suite struct FixerTests {
    @Test func aFixThatMissesTheScalingItClaimsIsRefused() {
        // r=8, lora_alpha 8 → 16 gives scaling 2, not the 1 the fix claims.
        let source = Fixtures.text("peft_type: LORA\nr: 8\nlora_alpha: 8\ntarget_modules: [q_proj]\n")
        guard case .failure(let failure) = fixer([ClaimsScaling.self], model: "llama:1", unsafe: true).fix(source) else {
            Issue.record("a fix that missed its scaling was accepted")
            return
        }
        #expect(failure.reason == "a fix meant to give every module scaling 1 leaves model.layers.0.self_attn.q_proj at 2")
    }

    @Test func aFixThatWouldAddAFindingIsWithheldAndSaysWhy() throws {
        let source = Fixtures.text("peft_type: LORA\nr: 8\nlora_dropout: 0.0\ntarget_modules: [q_proj]\n")
        let outcome = try fixer([SetsDropout.self, DislikesDropout.self]).fix(source).get()
        #expect(!outcome.changed)
        let fix = try #require(outcome.remaining.diagnostics.first { $0.code == "GL905" }?.fix)
        #expect(fix.applicability == .displayOnly)
        #expect(fix.description == "set it to 0.1 (not applied: it would add GL906)")
    }

    private func fixer(_ rules: [any Rule.Type], model: String? = nil, unsafe: Bool = false) -> Fixer {
        var options = LintOptions()
        if let model {
            let parts = model.split(separator: ":")
            options.model.architecture = String(parts[0])
            options.model.numLayers = Int(parts[1])
        }
        return Fixer(linter: Linter(options: options, rules: rules), includeUnsafe: unsafe)
    }

    @Test func fixesThatFightFailClosedAndNameTheRules() {
        let source = Fixtures.text("peft_type: LORA\nr: 8\ntarget_modules: [q_proj]\n")
        guard case .failure(let failure) = fixer([LowerRank.self, RaiseRank.self]).fix(source) else {
            Issue.record("the fight was not refused")
            return
        }
        #expect(failure.reason == "the fixes cycle back to an earlier state")
        #expect(failure.codes == ["GL901", "GL902"])
    }

    @Test func aSafeFixThatChangesAResolutionIsRefused() {
        let source = Fixtures.text("peft_type: LORA\nr: 8\ntarget_modules: [q_proj]\n")
        guard case .failure(let failure) = fixer([LowerRank.self], model: "llama:1").fix(source) else {
            Issue.record("a rank-changing safe fix was accepted")
            return
        }
        #expect(failure.reason == "a safe fix would change model.layers.0.self_attn.q_proj from r=8 to r=4")
    }

    @Test func withoutAnInventoryTheResolutionCannotBeCheckedButValuesStillAre() throws {
        let source = Fixtures.text("peft_type: LORA\nr: 8\nlora_dropout: 0.0\ntarget_modules: [q_proj]\n")
        // The sneaky fix declares lora_dropout and edits it: allowed.
        guard case .success(let outcome) = fixer([SneakyRank.self]).fix(source) else {
            Issue.record("a fix within its target was refused")
            return
        }
        #expect(String(decoding: outcome.bytes, as: UTF8.self) == "peft_type: LORA\nr: 8\nlora_dropout: 0.1\ntarget_modules: [q_proj]\n")
        #expect(outcome.applied == ["GL903": 1])
    }

    @Test func valueChangesOutsideAFixTargetAreDetected() {
        let old = Parser.parse(Fixtures.text("a: 1\nb: {c: 2, d: [1, 2]}\n")).documents[0]
        let new = Parser.parse(Fixtures.text("a: 1\nb: {d: [1, 3], c: 2, e: 1}\n")).documents[0]
        var budget = 1000
        #expect(ValueTreeDiff.differences(old, new, budget: &budget).sorted() == ["/b", "/b/d/1", "/b/e"])
    }

    /// The repository's seeded example: GL002 fixed, byte-exact; GL001's rename would make
    /// its key overlap 'q_proj' (GL006), so it is shown, not written.
    @Test func seededExampleIsFixedAndIdempotent() throws {
        let source = Fixtures.source("fixtures/examples/adapter_config.json")
        let fixer = Fixer(linter: Linter(options: LintOptions()), includeUnsafe: false)
        guard case .success(let outcome) = fixer.fix(source) else { throw Failure.refused }
        let expected = String(decoding: source.bytes, as: UTF8.self)
            .replacingOccurrences(of: "\"r\": 16,", with: "\"r\": 4,")
        #expect(String(decoding: outcome.bytes, as: UTF8.self) == expected)
        #expect(outcome.applied == ["GL002": 1])
        #expect(outcome.remaining.diagnostics.first { $0.code == "GL001" }?.fix?.applicability == .displayOnly)
        guard case .success(let again) = fixer.fix(SourceText(path: source.path, bytes: outcome.bytes)) else { throw Failure.refused }
        #expect(!again.changed)
    }

    enum Failure: Error { case refused }

    @Test func unifiedDiffOfAFix() {
        let old = Array("a: 1\nb: 2\nc: 3\n".utf8), new = Array("a: 1\nb: 4\nc: 3\n".utf8)
        #expect(UnifiedDiff.render(path: "x.yaml", old: old, new: new) == "--- a/x.yaml\n+++ b/x.yaml\n@@ -1,3 +1,3 @@\n a: 1\n-b: 2\n+b: 4\n c: 3\n")
        #expect(UnifiedDiff.render(path: "x.yaml", old: old, new: old) == "")
        let noNewline = UnifiedDiff.render(path: "x", old: Array("a".utf8), new: Array("b".utf8))
        #expect(noNewline == "--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n")
    }
}
