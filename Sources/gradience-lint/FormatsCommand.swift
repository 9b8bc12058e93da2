import ArgumentParser
import GradienceLint

/// `gradience-lint formats`: every consuming tool gradience-lint reads, from the formats
/// registry (the one list README, action.yml and the wheel's README can point to).
struct Formats: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every config format (consuming tool) and the source it was read from.")

    @Flag(help: "Print the markdown table docs/formats.md embeds.")
    var markdown = false

    func run() throws {
        if markdown {
            print(FormatRegistry.markdownTable(), terminator: "")
            return
        }
        for definition in FormatRegistry.definitions {
            let keys = definition.keySet.isClosed ? "closed" : "open"
            print("\(definition.format.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(definition.tool.padding(toLength: 36, withPad: " ", startingAt: 0)) \(keys.padding(toLength: 6, withPad: " ", startingAt: 0)) \(definition.reads.first?.text ?? "")")
        }
    }
}
