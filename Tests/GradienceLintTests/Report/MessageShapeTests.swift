import Testing
@testable import GradienceLint

/// The short-first-line shape every human output and the language server derive from a
/// rule's one-sentence message (issue 27): the split happens in `MessageShape` only.
@Suite struct MessageShapeTests {
    @Test func theTitleEndsAtTheFirstSemicolonOutsideQuotes() {
        let shape = MessageShape("duplicate key 'r; s' (first at line 2); Python keeps this later value and silently drops the earlier one")
        #expect(shape.title == "duplicate key 'r; s' (first at line 2)")
        #expect(shape.notes == ["Python keeps this later value and silently drops the earlier one"])
        #expect(shape.help == [])
    }

    @Test func eachLaterClauseIsItsOwnLineAndAdviceIsHelp() {
        let shape = MessageShape("'v_proj' in target_modules matches no module (catalog: phi3; 32 layers): PEFT skips it silently; did you mean 'o_proj'?")
        // Inside parentheses a `; ` or `: ` is no boundary; past 80 characters the title ends at its `: `.
        #expect(shape.title == "'v_proj' in target_modules matches no module (catalog: phi3; 32 layers)")
        #expect(shape.notes == ["PEFT skips it silently"])
        #expect(shape.help == ["did you mean 'o_proj'?"])
        #expect(shape.lines == ["'v_proj' in target_modules matches no module (catalog: phi3; 32 layers)",
                                "note: PEFT skips it silently", "help: did you mean 'o_proj'?"])
        let short = MessageShape("r=8: the default; did you mean 4?")
        #expect(short.title == "r=8: the default")
    }

    @Test func aLongTitleIsCutAtItsFirstColon() {
        let message = "cannot compare the trained ranks with this config: adapter_model.safetensors is a Git LFS pointer, not safetensors: the weights were never fetched (run `git lfs pull`)"
        let shape = MessageShape(message)
        #expect(shape.title == "cannot compare the trained ranks with this config")
        #expect(shape.notes == ["adapter_model.safetensors is a Git LFS pointer, not safetensors: the weights were never fetched (run `git lfs pull`)"])
    }

    @Test func anApostropheInAWordOpensNoQuote() {
        let shape = MessageShape("the model's r is 8; PEFT's default is 8")
        #expect(shape.title == "the model's r is 8")
        #expect(shape.notes == ["PEFT's default is 8"])
    }

    @Test func aMessageWithoutBoundaryIsAllTitle() {
        #expect(MessageShape("r=0 is not a rank") == MessageShape(title: "r=0 is not a rank"))
        #expect(MessageShape("; leading").title == "leading")
    }

    @Test func explicitNotesAndHelpFollowTheDerivedOnes() {
        var diagnostic = Diagnostic(code: "GL013", name: "duplicate-key", severity: .error, path: "a.yaml",
                                    range: SourceRange(start: .init(offset: 0, line: 1, column: 1), end: .init(offset: 1, line: 1, column: 2)),
                                    keyPath: "/r", message: "duplicate key 'r'; Python keeps the later value")
        diagnostic.notes = ["PyYAML keeps the later value too"]
        diagnostic.help = ["delete one of them"]
        #expect(diagnostic.shape.lines == ["duplicate key 'r'", "note: Python keeps the later value",
                                           "note: PyYAML keeps the later value too", "help: delete one of them"])
    }
}
