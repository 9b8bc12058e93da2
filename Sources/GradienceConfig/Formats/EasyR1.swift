import GradienceSyntax
import GradiencePEFT
/// EasyR1: `worker.actor.model.lora` with `rank` (0 switches LoRA off).
enum EasyR1 {
    static let definition = FormatDefinition(
        format: .easyR1, tool: "EasyR1",
        signature: "`worker.…model.lora` with only `rank`, `alpha`, `target_modules`, `exclude_modules`",
        reads: [SourceCitation("hiyouga/EasyR1", "verl/workers/fsdp_workers.py", "FSDPWorker._build_model_optimizer"),
                SourceCitation("hiyouga/EasyR1", "verl/workers/actor/config.py", "LoraConfig")],
        vocabulary: ["r": "rank", "lora_alpha": "alpha", "target_modules": "target_modules", "exclude_modules": "exclude_modules"],
        defaultR: 8, defaultAlpha: .constant(64), keySet: .open)

    static let keys: Set<String> = ["rank", "alpha", "target_modules", "exclude_modules"]

    static func classify(section: Node, keys sectionKeys: Set<String>, pointer: String, document: Document) -> [Recognition]? {
        guard sectionKeys.isSubset(of: keys), document.value("worker") != nil, pointer.hasSuffix("/model/lora") else { return nil }
        let rank = section.value(forKey: "rank")?.scalar?.value.intValue
        if let rankNode = section.value(forKey: "rank"), UnknownValue.isUnknown(rankNode) {
            return [.settings(.easyR1, section: section, pointer: pointer)]
        }
        guard let rank, rank > 0 else {
            return [.skipped("EasyR1: \(pointer)/rank is \(rank.map(String.init) ?? "not set"), which switches LoRA off")]
        }
        return [.settings(.easyR1, section: section, pointer: pointer)]
    }

    /// `_build_model_optimizer`: "all-linear" as is, anything else split on commas.
    static func targets(field: Node?, notes: inout [String]) -> TargetModules? {
        guard let text = field?.scalar?.value.stringValue else { return field == nil ? .allLinear : nil }
        return text == "all-linear" ? .allLinear : field?.commaSeparated.map { .list($0) }
    }
}
