import Testing
@testable import GradienceLint

@Test func parsesSomething() {
    let file = Parser.parse(SourceText(path: "a.yaml", bytes: Array("a: 1".utf8)))
    #expect(file.problem == nil)
}
