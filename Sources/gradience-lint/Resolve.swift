import ArgumentParser
import Foundation
import GradienceLint

struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what PEFT will train: each adapted module's r, alpha, scaling and the key that decided them.")

    @Argument(help: "A config file (adapter_config.json or a training YAML/JSON).")
    var config: String

    @Option(help: "Output format: human or json.")
    var format: OutputFormat = .human

    @OptionGroup var model: ModelOptions

    func run() throws {
        guard let data = FileManager.default.contents(atPath: config) else { throw trouble("\(config): cannot read") }
        let options: LintOptions
        do {
            options = try model.options(for: config, cache: SettingsCache())
        } catch let problem as Settings.Problem {
            throw trouble("settings error: \(problem)")
        }
        let result = Linter(options: options).lint(SourceText(path: config, bytes: [UInt8](data)))
        if let problem = result.parsed.problem {
            throw trouble("\(config):\(problem.range.start.line):\(problem.range.start.column): \(problem.message)")
        }
        guard let analysis = result.analyses.first else {
            throw trouble("\(config): no LoRA settings found" + (result.skipped.first.map { " (\($0))" } ?? ""))
        }
        if let text = ResolveReport.unresolved(path: config, analysis: analysis, json: format == .json) {
            print(text, terminator: "")
            return
        }
        guard analysis.resolution != nil else {
            let (_, note) = Linter(options: options).inventory(for: analysis.lora, path: config)
            throw trouble("\(config): \(note ?? "no module inventory"). Give one of: --modules FILE (names from model.named_modules()), --model-dir DIR (config.json, model.safetensors.index.json), an adapter_model.safetensors beside adapter_config.json, --architecture A --num-layers N, or a base_model_name_or_path the catalog knows.")
        }
        switch format {
        case .human: print(TerminalEscaping.escapeLines(ResolveReport.human(path: config, analysis: analysis, version: options.peftVersion)), terminator: "")
        case .json: print(ResolveReport.json(path: config, analysis: analysis, version: options.peftVersion), terminator: "")
        }
    }
}
