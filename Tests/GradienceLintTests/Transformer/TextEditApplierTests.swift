import Testing
@testable import GradienceLint

@Suite struct TextEditApplierTests {
    let bytes = Array("r: 16\nalpha: 32\n".utf8)

    @Test func appliesNonOverlappingEditsAtOriginalOffsets() {
        let (result, deferred) = TextEditApplier.apply([
            TextEdit(range: 6..<11, replacement: "lora_alpha"),
            TextEdit(range: 3..<5, replacement: "8"),
            TextEdit(range: 16..<16, replacement: "dropout: 0.1\n"),
        ], to: bytes)
        #expect(String(decoding: result, as: UTF8.self) == "r: 8\nlora_alpha: 32\ndropout: 0.1\n")
        #expect(deferred.isEmpty)
    }

    @Test func theLaterOfTwoOverlappingEditsIsDeferred() {
        let later = TextEdit(range: 4..<8, replacement: "x")
        let (result, deferred) = TextEditApplier.apply([TextEdit(range: 3..<5, replacement: "8"), later], to: bytes)
        #expect(String(decoding: result, as: UTF8.self) == "r: 8\nalpha: 32\n")
        #expect(deferred == [later])
    }

    @Test func twoInsertionsAtOneOffsetOrAtAReplacementsEdgeConflict() {
        #expect(TextEdit(range: 5..<5, replacement: "a").conflicts(with: TextEdit(range: 5..<5, replacement: "b")))
        #expect(TextEdit(range: 5..<5, replacement: "a").conflicts(with: TextEdit(range: 3..<5, replacement: "b")))
        #expect(!TextEdit(range: 3..<5, replacement: "a").conflicts(with: TextEdit(range: 5..<7, replacement: "b")))
        #expect(!TextEdit(range: 6..<6, replacement: "a").conflicts(with: TextEdit(range: 3..<5, replacement: "b")))
    }

    @Test func editsOutsideTheBufferAreDeferredNotApplied() {
        let outside = TextEdit(range: 10..<99, replacement: "x")
        let (result, deferred) = TextEditApplier.apply([outside], to: bytes)
        #expect(result == bytes)
        #expect(deferred == [outside])
    }
}

/// `Transformer.apply` fails closed: nothing is applied when any edit cannot be written.
@Suite struct TransformerFailureTests {
    @Test func anUnsupportedEditMeansNothingIsApplied() throws {
        let file = Parser.parse(SourceText(path: "a.yaml", bytes: Array("r: 16\nalpha: 32\n".utf8)))
        let root = try #require(file.documents.first)
        let result = Transformer.apply([.setValue(node: try root.requireValue("r"), to: .int(8)), .setValue(node: root, to: .null)], to: file)
        guard case .failure(.unsupported) = result else {
            Issue.record("expected an unsupported-edit failure, got \(result)")
            return
        }
        #expect(throws: TransformFailure.self) { try Transformer.edits(for: [.setValue(node: root, to: .null)], in: file) }
    }

    @Test func aNodeFromAnotherFileIsRejected() throws {
        let other = try parsedRoot("zzz: 1\nyyy: 2\n")
        let file = Parser.parse(SourceText(path: "a.yaml", bytes: Array("r: 16\n".utf8)))
        let plan = Transformer.plan([.setValue(node: try other.requireValue("yyy"), to: .int(8))], in: file)
        #expect(plan.textEdits.isEmpty)
        #expect(plan.rejected.count == 1)
    }

    @Test func aSourceThatDoesNotParseIsRefused() {
        let result = Transformer.apply([], to: SourceText(path: "a.yaml", bytes: Array("a: [1\n".utf8)))
        guard case .failure(.sourceDoesNotParse) = result else {
            Issue.record("expected a parse failure, got \(result)")
            return
        }
    }

    @Test func editsBuiltOnOneParseApplyToAnotherParseOfTheSameText() throws {
        let text = Array("lora_r: 16\n".utf8)
        let callersRoot = try #require(Parser.parse(SourceText(path: "a.yaml", bytes: text)).documents.first)
        let output = try Transformer.apply([.setValue(node: try callersRoot.requireValue("lora_r"), to: .int(8))],
                                           to: SourceText(path: "a.yaml", bytes: text)).get()
        #expect(String(decoding: output.bytes, as: UTF8.self) == "lora_r: 8\n")
    }

    @Test func conflictingSemanticEditsAreDeferredWhole() throws {
        let file = Parser.parse(SourceText(path: "a.yaml", bytes: Array("peft:\n  r: 16\n  alpha: 32\n".utf8)))
        let root = try #require(file.documents.first)
        let peft = try root.requireValue("peft")
        let (edits, deferred) = try Transformer.edits(for: [
            .removeEntry(mapping: root, entry: try root.requireEntry("peft")),
            .setValue(node: try peft.requireValue("r"), to: .int(8)),
        ], in: file)
        #expect(edits.count == 1)
        #expect(deferred.count == 1)
        if case .setValue? = deferred.first {} else { Issue.record("the later edit should be the deferred one") }
    }
}
