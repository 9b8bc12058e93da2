import Foundation
import Testing
@testable import GradienceLint

/// `--fix` under `pattern-style: minimal` turns a complete config into the smallest
/// equivalent one (GL017), and under `complete` turns it back (GL002 + GL003); neither
/// direction may change any module's resolved rank or alpha (`fixtures/roundtrip/`).
@Suite struct PatternStyleRoundTripTests {
    static let completePath = "fixtures/roundtrip/llama-2-7b-complete/adapter_config.json"
    static let minimalPath = "fixtures/roundtrip/llama-2-7b-minimal.yaml"

    static func options(_ style: LintOptions.PatternStyle) -> LintOptions {
        var options = LintOptions()
        options.patternStyle = style
        return options
    }

    /// Per module: r and alpha as trained, and after `save_pretrained` sorts the keys.
    static func resolved(_ text: String, path: String) throws -> [String] {
        let linter = Linter(options: LintOptions())
        let result = linter.lint(SourceText(path: path, bytes: Array(text.utf8)))
        let analysis = try #require(result.analyses.first)
        let resolution = try #require(analysis.resolution, "no inventory for \(path)")
        return resolution.modules.map { "\($0.name) r=\($0.r) alpha=\($0.alpha) reloaded r=\($0.sortedR) alpha=\($0.sortedAlpha)" }
    }

    static func settings(_ text: String, path: String) throws -> LoraSettings {
        let parsed = Parser.parse(SourceText(path: path, bytes: Array(text.utf8)))
        guard case .lora(let settings) = ConfigExtractor.extract(from: try #require(parsed.documents.first)) else {
            throw CancellationError()
        }
        return settings
    }

    static func fix(_ text: String, path: String, style: LintOptions.PatternStyle) throws -> FixLoop.Outcome {
        let outcome = try FixLoop.run(text, path: path, options: options(style))
        #expect(outcome.converged, "\(style): the fix loop did not converge: \(outcome.applied)")
        return outcome
    }

    /// Codes a style still reports on a text, with their positions.
    static func styleFindings(_ text: String, path: String, style: LintOptions.PatternStyle) -> [String] {
        Linter(options: options(style)).lint(SourceText(path: path, bytes: Array(text.utf8))).diagnostics
            .filter { ["GL002", "GL003", "GL017"].contains($0.code) }
            .map { "\($0.code) \($0.range.start.line):\($0.range.start.column)" }
    }

    @Test func completeToMinimalAndBack() throws {
        let path = Self.completePath
        let complete = try #require(String(data: FileManager.default.contents(atPath: Fixtures.url(path).path) ?? Data(), encoding: .utf8))
        let original = try Self.resolved(complete, path: path)
        #expect(original.count == 224)
        #expect(Self.styleFindings(complete, path: path, style: .complete).isEmpty)

        let minimal = try Self.fix(complete, path: path, style: .minimal)
        // Round 1 moves r to 8 (GL017), round 2 lora_alpha to 16, round 3 removes the entries
        // that now repeat a default, one fix per pattern; the last entry of each JSON mapping
        // shares a comma with its neighbour's removal and goes in round 4.
        #expect(minimal.applied == [["GL017"], ["GL017"], ["GL017", "GL017"], ["GL017", "GL017"]])
        #expect(try Self.resolved(minimal.text, path: path) == original)
        let settings = try Self.settings(minimal.text, path: path)
        #expect(settings.spec.r == 8 && settings.spec.loraAlpha == 16)
        // Only the overrides remain: q/k of layers 0–7 at 16, the MLP of layers 24–31 at 4.
        #expect(settings.spec.rankPattern.count == 40 && settings.spec.alphaPattern.count == 40)
        #expect(Set(settings.spec.rankPattern.map(\.value)) == [4, 16])
        #expect(Self.styleFindings(minimal.text, path: path, style: .minimal).isEmpty)

        let backToComplete = try Self.fix(minimal.text, path: path, style: .complete)
        #expect(try Self.resolved(backToComplete.text, path: path) == original)
        let completeAgain = try Self.settings(backToComplete.text, path: path)
        // Every module listed again, with the fewest entries: `v_proj` and `o_proj` (every
        // one of them took the old default) by name, the rest by full name.
        #expect(completeAgain.spec.r == 4 && completeAgain.spec.rankPattern.count == 162)
        #expect(completeAgain.spec.rankPattern.filter { !$0.key.hasPrefix("model.layers.") }.map(\.key).sorted() == ["o_proj", "v_proj"])
        #expect(Self.styleFindings(backToComplete.text, path: path, style: .complete).isEmpty)
    }

    @Test func minimalToCompleteAndBackIsByteIdentical() throws {
        let path = Self.minimalPath
        let minimal = try #require(String(data: FileManager.default.contents(atPath: Fixtures.url(path).path) ?? Data(), encoding: .utf8))
        let original = try Self.resolved(minimal, path: path)
        #expect(original.count == 224)
        #expect(Self.styleFindings(minimal, path: path, style: .minimal).isEmpty)
        // The complete fixture and this recipe say the same thing to PEFT.
        let completeFixture = try #require(String(data: FileManager.default.contents(atPath: Fixtures.url(Self.completePath).path) ?? Data(), encoding: .utf8))
        #expect(try Self.resolved(completeFixture, path: Self.completePath) == original)

        let complete = try Self.fix(minimal, path: path, style: .complete)
        #expect(complete.applied.first == ["GL002"])
        #expect(try Self.resolved(complete.text, path: path) == original)
        let settings = try Self.settings(complete.text, path: path)
        #expect(settings.spec.r == 4)
        // The two regex keys plus the pins of the 184 modules that took the old default:
        // a target's name where every module ending in it did, full names elsewhere.
        #expect(settings.spec.rankPattern.count == 2 + 122)
        #expect(Self.styleFindings(complete.text, path: path, style: .complete).isEmpty)

        let minimalAgain = try Self.fix(complete.text, path: path, style: .minimal)
        #expect(try Self.resolved(minimalAgain.text, path: path) == original)
        #expect(minimalAgain.text == minimal)
    }

    /// The same conversions through `--fix` itself (the Fixer, with its own checks that a
    /// safe fix changes no resolution it should not): both directions, same resolution.
    @Test func theFixerConvertsBothWays() throws {
        for path in [Self.completePath, Self.minimalPath] {
            let text = try #require(String(data: FileManager.default.contents(atPath: Fixtures.url(path).path) ?? Data(), encoding: .utf8))
            let original = try Self.resolved(text, path: path)
            var current = text
            for style in [LintOptions.PatternStyle.minimal, .complete, .minimal] {
                let fixer = Fixer(linter: Linter(options: Self.options(style)), includeUnsafe: false)
                let outcome = try fixer.fix(SourceText(path: path, bytes: Array(current.utf8))).get()
                current = String(decoding: outcome.bytes, as: UTF8.self)
                #expect(try Self.resolved(current, path: path) == original, "\(path) after --fix under \(style)")
                #expect(Self.styleFindings(current, path: path, style: style).isEmpty, "\(path): \(style) still reports after --fix")
            }
        }
    }
}
