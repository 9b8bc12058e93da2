/// The seed team's bench configs (`lora.probe_r`, `compression.allowed_ranks`) and the
/// rank-suggestion reports they produce (`default_r` + `rank_pattern`): this project's
/// own formats, read by its bench scripts.
enum SeedBench: FormatRecognizer {
    static let bench = FormatDefinition(
        format: .seedBench, tool: "seed bench config",
        signature: "a `lora:` mapping with `probe_r`",
        reads: [SourceCitation("gradience (seed team)", "bench configs", "lora.probe_r, compression.allowed_ranks")],
        vocabulary: ["r": "probe_r", "lora_alpha": "alpha", "lora_dropout": "dropout", "target_modules": "target_modules",
                     "rank_pattern": "rank_pattern", "alpha_pattern": "alpha_pattern", "use_rslora": "use_rslora"],
        defaultR: 8, defaultAlpha: .constant(8), keySet: .open, sectionMixesOtherSettings: true)
    static let rankReport = FormatDefinition(
        format: .rankReport, tool: "rank-suggestion report",
        signature: "top-level `default_r` beside `rank_pattern`",
        reads: [SourceCitation("gradience (seed team)", "rank reports", "default_r, rank_pattern")],
        vocabulary: ["r": "default_r", "lora_alpha": "lora_alpha", "target_modules": "target_modules",
                     "rank_pattern": "rank_pattern", "alpha_pattern": "alpha_pattern", "use_rslora": "use_rslora"],
        defaultR: 8, defaultAlpha: .constant(8), keySet: .open, sectionMixesOtherSettings: true)
    static let definitions = [bench, rankReport]

    static func recognize(_ document: Document) -> [Recognition]? {
        if let lora = document.value("lora"), lora.entries != nil, lora.value(forKey: "probe_r") != nil {
            return [.settings(.seedBench, section: lora, pointer: "/lora")]
        }
        if document.has("default_r"), document.has("rank_pattern") {
            return [.settings(.rankReport, section: document.root, pointer: "")]
        }
        return nil
    }
}
