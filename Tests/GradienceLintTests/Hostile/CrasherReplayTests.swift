import Foundation
import GradienceFuzzing
import Testing
@testable import GradienceLint

/// Every input the fuzzer found a broken invariant with (`fixtures/hostile/crashers/`,
/// see its README) now keeps every invariant, and the specific bug each exposed stays fixed.
@Suite struct CrasherReplayTests {
    static let folder = "fixtures/hostile/crashers"

    static var crashers: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.url(folder).path)) ?? []
        return names.filter { $0.hasSuffix(".crash") }.sorted()
    }

    @Test func thereAreCrashersToReplay() {
        #expect(Self.crashers.count >= 3)
    }

    @Test(arguments: crashers)
    func crasherKeepsEveryInvariant(name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Fixtures.url("\(Self.folder)/\(name)")))
        let violations = PipelineInvariants.check(bytes, strict: true)
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func gl002NeverProposesAnUnusableRank() {
        let source = Fixtures.source("\(Self.folder)/gl002-fix-proposes-r-0-and-cycles.crash")
        let diagnostics = Linter(options: PipelineInvariants.options).lint(SourceText(path: "c.yaml", bytes: source.bytes)).diagnostics
        #expect(!diagnostics.map(\.code).contains("GL002"))
        let withUsable = Fixtures.text("peft_type: LORA\nr: 16\ntarget_modules: [q_proj]\nrank_pattern:\n  q_proj: 0\n  v_proj: 4\n")
        let gl002 = Linter(options: PipelineInvariants.options).lint(withUsable).diagnostics.filter { $0.code == "GL002" }
        #expect(gl002.map { String($0.message.prefix(50)) } == ["r=16 is above the smallest rank_pattern value 4; w"])
    }

    @Test func aSyntaxErrorAtTheEndOfAFileWithoutANewlineIsOnTheLastLine() {
        let parsed = Parser.parse(SourceText(path: "x.yaml", bytes: Array("{dXXXXXXX".utf8)))
        #expect(parsed.problem?.range.start == Mark(offset: 9, line: 1, column: 10))
        let yaml = Parser.parse(Fixtures.text("a: 1\nb: [1, 2"))
        #expect(yaml.problem?.range.start == Mark(offset: 13, line: 2, column: 9))
    }

    @Test func anUndefinedAliasIsASyntaxErrorAsInPyYAML() {
        let parsed = Parser.parse(Fixtures.text("peft_type: LORA\ntf32: *true\n"))
        #expect(parsed.problem?.message == "the alias '*true' refers to no anchor '&true' before it (PyYAML: found undefined alias)")
        #expect(parsed.problem?.range.start == Mark(offset: 22, line: 2, column: 7))
        #expect(Parser.parse(Fixtures.text("a: &x 1\nb: *x\n")).problem == nil)
    }

    @Test func gl003NeverAppendsAKeyThatIsAlreadyThere() {
        let source = Fixtures.source("\(Self.folder)/gl003-fix-repeats-a-key-already-present.crash")
        let result = Linter(options: PipelineInvariants.options).lint(SourceText(path: "c.yaml", bytes: source.bytes))
        let edits = result.diagnostics.filter { $0.code == "GL003" }.compactMap(\.fix).flatMap(\.edits)
        for case .appendEntries(_, let entries) in edits {
            #expect(!entries.map(\.key).contains("model.layers.1.self_attn.v_proj"))
        }
    }
}
