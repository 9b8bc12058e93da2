import GradienceSyntax
/// What a rule asks to change, in terms of the parsed tree, never in terms of text.
///
/// Rules speak this vocabulary; the Transformer turns it into byte edits that follow the
/// file's own style. Names are the file's own: renaming `lora_r` vs `r` vs `probe_r` is
/// the caller's choice, the Transformer writes exactly the key it is given.
public enum SemanticEdit {
    /// Rename a key in place (its value, comments and position stay).
    case renameKey(entry: MappingEntry, to: String)
    /// Replace a value node; an empty `{}`, `[]`, `~` or missing value may become a
    /// populated collection this way.
    case setValue(node: Node, to: EditValue)
    /// Add entries to an existing mapping (sorted position in key-sorted JSON, else at the end).
    case appendEntries(mapping: Node, entries: [(key: String, value: EditValue)])
    /// Add `key:` holding a new mapping to `parent` (a mapping), e.g. a missing `rank_pattern`.
    case createMapping(parent: Node, key: String, entries: [(key: String, value: EditValue)])
    /// Remove an entry with its whole line(s), nested block included.
    case removeEntry(mapping: Node, entry: MappingEntry)
    /// Remove one item of a sequence.
    case removeSequenceItem(sequence: Node, item: Node)
    /// Remove the YAML comment whose `#` is at this byte offset: its whole line when it
    /// stands alone, else the comment and the spaces before it (GL018).
    case removeComment(at: Int)
    /// Replace the YAML comment whose `#` is at this byte offset (to the end of its line)
    /// with another comment, `#` included.
    case replaceComment(at: Int, with: String)
}

/// A value the Transformer can write. Small on purpose: what LoRA configs hold.
public indirect enum EditValue: Sendable {
    case int(Int)
    case float(Double)
    case bool(Bool)
    case string(String)
    case null
    /// A list of strings (`target_modules`, `modules_to_save`).
    case strings([String])
    /// A mapping in the given order (`rank_pattern`: key → number).
    case mapping([(key: String, value: EditValue)])

    var isCollection: Bool {
        switch self {
        case .strings, .mapping: return true
        default: return false
        }
    }

    var isEmptyCollection: Bool {
        switch self {
        case .strings(let items): return items.isEmpty
        case .mapping(let entries): return entries.isEmpty
        default: return false
        }
    }
}
