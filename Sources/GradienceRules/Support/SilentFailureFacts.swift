import GradienceSyntax
import GradienceConfig
/// What the silent-failure rules (GL020–GL026) read alike: a list setting's entries with
/// their nodes, module names grouped by layer, and where a finding about a setting sits.
struct ListEntry {
    let node: Node
    let pointer: String
    let text: String
}

extension SettingField {
    /// The string items of a list value (a lone string counts as a one-item list).
    var listEntries: [ListEntry] {
        if let items = value.items {
            return items.enumerated().compactMap { index, item in
                item.resolved.scalar?.value.stringValue.map { ListEntry(node: item, pointer: JSONPointer.appending(pointer, index), text: $0) }
            }
        }
        return value.scalar?.value.stringValue.map { [ListEntry(node: value, pointer: pointer, text: $0)] } ?? []
    }
}

enum ModuleNames {
    /// `model.layers.3.mlp.experts` → `model.layers.*.mlp.experts`: one name for every layer.
    static func shape(_ name: String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false)
            .map { $0.allSatisfy(\.isNumber) && !$0.isEmpty ? "*" : String($0) }.joined(separator: ".")
    }

    /// The distinct shapes of `names`, in first-seen order.
    static func shapes(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.map(shape).filter { seen.insert($0).inserted }
    }

    /// `re.escape` of a module path: dots are the only metacharacter module names hold.
    static func regexEscaped(_ name: String) -> String {
        name.replacingOccurrences(of: ".", with: "\\.")
    }

    static func leaf(_ name: String) -> String {
        name.split(separator: ".").last.map(String.init) ?? name
    }

    /// The last `count` components (`model.layers.0.mlp.experts.gate_up_proj`, 3 →
    /// `mlp.experts.gate_up_proj`), a suffix entry that holds in every layer.
    static func suffix(_ name: String, components count: Int) -> String {
        name.split(separator: ".").suffix(count).joined(separator: ".")
    }
}

extension RuleContext {
    /// The key node of the first of `peftNames` the file sets, else the section's start.
    func anchor(_ peftNames: [String]) -> (range: SourceRange, pointer: String) {
        for name in peftNames {
            if let field = lora.field(name) { return (field.entry.key.range, field.pointer) }
        }
        return (SourceRange(start: lora.section.range.start, end: lora.section.range.start), lora.sectionPointer)
    }

    /// The file's own key for a PEFT field (`lora_exclude_modules` in axolotl).
    func fileKey(_ peftName: String) -> String {
        lora.fileKey(for: peftName) ?? peftName
    }
}
