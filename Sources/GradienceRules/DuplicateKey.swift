import GradienceSyntax
import GradienceConfig
/// GL013: a mapping repeats a key.
public enum DuplicateKey: Rule {
    public static let metadata = RuleMetadata(
        code: "GL013", name: "duplicate-key", severity: .error,
        summary: "A mapping repeats a key; Python silently keeps the last value.",
        description: "Reports every repeated key in a mapping of a file that holds LoRA settings, pointing at the repetition and naming the earlier line.",
        why: "`yaml.safe_load` and `json.load` keep the last value without a word, so `r: 16` near the top can be undone by an `r: 4` forty lines below; in a `rank_pattern` the later entry also moves the key's value but not its position in PEFT's first-match order.",
        fix: .none("Which value was meant is a human decision."),
        examples: [
            .triggering("lora:\n  r: 16\n  lora_alpha: 32\n  ↓r: 4\n"),
            .triggering("rank_pattern:\n  q_proj: 8\n  v_proj: 4\n  ↓q_proj: 16\nr: 4\nlora_alpha: 8\npeft_type: LORA\n"),
            .clean("lora:\n  r: 16\n  lora_alpha: 32\n"),
        ],
        readsFileAlone: true)

    public static func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        // An explicit stack: the tree may be deep, and recursion here is not needed.
        var stack: [(node: Node, pointer: String)] = [(context.document, "")]
        // Pointers are built only for the collections pushed and the duplicates found: a
        // complete rank_pattern has thousands of scalar values that need neither.
        func push(_ node: Node, _ pointer: @autoclosure () -> String) {
            switch node.kind {
            case .mapping, .sequence: stack.append((node, pointer()))
            default: break
            }
        }
        while let (node, pointer) = stack.popLast() {
            switch node.kind {
            case .mapping(let entries):
                var firstSeen: [String: MappingEntry] = [:]
                firstSeen.reserveCapacity(entries.count)
                for entry in entries {
                    guard let key = entry.keyText else { continue }
                    if let first = firstSeen[key] {
                        let childPointer = JSONPointer.appending(pointer, key)
                        findings.append(Finding(
                            node: entry.key, keyPath: childPointer,
                            message: "duplicate key '\(key)' (first at line \(first.key.range.start.line)); Python keeps this later value and silently drops the earlier one",
                            related: [RelatedLocation(range: first.key.range, keyPath: childPointer, message: "first '\(key)' here")]))
                    } else {
                        firstSeen[key] = entry
                    }
                    push(entry.value, JSONPointer.appending(pointer, key))
                }
            case .sequence(let items):
                for (index, item) in items.enumerated() { push(item, JSONPointer.appending(pointer, index)) }
            default:
                break
            }
        }
        return findings
    }
}
