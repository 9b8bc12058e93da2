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

    @Test func aSyntaxErrorSpansTheWholeCharacterAtItsMark() throws {
        // `""é`: libyaml stops at `é` (2 bytes); the problem's span used to end after its first byte.
        let bytes = try [UInt8](Data(contentsOf: Fixtures.url("\(Self.folder)/syntax-error-span-ends-inside-a-character.crash")))
        let parsed = Parser.parse(SourceText(path: "x.yaml", bytes: bytes))
        #expect(parsed.problem?.range == SourceRange(start: Mark(offset: 2, line: 1, column: 3), end: Mark(offset: 4, line: 1, column: 4)))
        let astral = Parser.parse(Fixtures.text("a: [1]\u{1F600}\n"))
        #expect(astral.problem?.range.start.offset == 6)
        #expect(astral.problem?.range.end.offset == 10)
        let ascii = Parser.parse(Fixtures.text("a: [1]x\n"))
        #expect(ascii.problem?.range.end.offset == 7)
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

    @Test func gl002OffersNoFixWhenAPinWouldCollideWithAnExistingKey() {
        let source = Fixtures.source("\(Self.folder)/gl002-cannot-pin-a-module-whose-key-holds-a-string.crash")
        let result = Linter(options: PipelineInvariants.options).lint(SourceText(path: "c.yaml", bytes: source.bytes))
        let gl002 = result.diagnostics.filter { $0.code == "GL002" }
        #expect(gl002.count == 1)
        // The first round renames the GL001 key; on that text GL002 must not offer to move r.
        let fixed = Fixer(linter: Linter(options: PipelineInvariants.options), includeUnsafe: false)
            .fix(SourceText(path: "c.yaml", bytes: source.bytes))
        #expect((try? fixed.get()) != nil, "the safe fixes apply without a refusal")
    }
}
