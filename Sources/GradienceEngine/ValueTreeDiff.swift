import GradienceSyntax
import GradienceTransformer
import GradienceConfig
/// Where two documents differ as Python would load them (dict order, duplicates and
/// merges resolved; styles and comments ignored). The fix loop uses it to prove a fix
/// touched nothing outside the places it targets.
enum ValueTreeDiff {
    /// JSON Pointers of the shallowest differing nodes.
    static func differences(_ old: Node?, _ new: Node?, pointer: String = "", budget: inout Int) -> [String] {
        budget -= 1
        guard budget > 0 else { return [pointer] }  // too large to compare: treat as changed
        guard let old = old?.resolved, let new = new?.resolved else { return old == nil && new == nil ? [] : [pointer] }
        switch (old.kind, new.kind) {
        case (.scalar(let a), .scalar(let b)):
            return sameScalar(a.value, b.value) ? [] : [pointer]
        case (.sequence(let a), .sequence(let b)):
            guard a.count == b.count else { return [pointer] }
            var result: [String] = []
            for index in a.indices {
                result += differences(a[index], b[index], pointer: JSONPointer.appending(pointer, index), budget: &budget)
            }
            return result
        case (.mapping, .mapping):
            let a = old.effectiveEntries, b = new.effectiveEntries
            let oldKeys = a.map { $0.keyText ?? "" }, newKeys = b.map { $0.keyText ?? "" }
            let newSet = Set(newKeys), oldSet = Set(oldKeys)
            var result: [String] = []
            // Added and removed keys are changes at their own pointers.
            for key in oldKeys where !newSet.contains(key) { result.append(JSONPointer.appending(pointer, key)) }
            for key in newKeys where !oldSet.contains(key) { result.append(JSONPointer.appending(pointer, key)) }
            // A changed order of the keys both have is a change of the mapping itself:
            // PEFT's first-match lookup depends on it.
            if oldKeys.filter(newSet.contains) != newKeys.filter(oldSet.contains) { result.append(pointer) }
            let newByKey = Dictionary(b.map { ($0.keyText ?? "", $0) }, uniquingKeysWith: { _, last in last })
            for x in a {
                guard let key = x.keyText, let y = newByKey[key] else { continue }
                result += differences(x.value, y.value, pointer: JSONPointer.appending(pointer, key), budget: &budget)
            }
            return result
        default:
            return [pointer]
        }
    }

    private static func sameScalar(_ a: ScalarValue, _ b: ScalarValue) -> Bool {
        if case .float(let x) = a, case .float(let y) = b, x.isNaN, y.isNaN { return true }
        return a == b
    }

    /// Pointer of every node in a document, keyed by identity, so an edit's target node
    /// can be named; a key node maps to the pointer of its mapping.
    static func pointers(in root: Node) -> [ObjectIdentifier: String] {
        var result: [ObjectIdentifier: String] = [:]
        var stack: [(Node, String)] = [(root, "")]
        while let (node, pointer) = stack.popLast() {
            result[ObjectIdentifier(node)] = pointer
            switch node.kind {
            case .mapping(let entries):
                for entry in entries {
                    result[ObjectIdentifier(entry.key)] = pointer
                    stack.append((entry.value, JSONPointer.appending(pointer, entry.keyText ?? "")))
                }
            case .sequence(let items):
                for (index, item) in items.enumerated() { stack.append((item, JSONPointer.appending(pointer, index))) }
            default:
                break
            }
        }
        return result
    }

    /// The pointers under which an edit may change values.
    static func targets(of edit: SemanticEdit, pointers: [ObjectIdentifier: String]) -> [String] {
        func child(_ node: Node, _ key: String) -> [String] {
            pointers[ObjectIdentifier(node)].map { [JSONPointer.appending($0, key)] } ?? []
        }
        switch edit {
        case .renameKey(let entry, let name):
            guard let mapping = pointers[ObjectIdentifier(entry.key)] else { return [] }
            return [JSONPointer.appending(mapping, entry.keyText ?? ""), JSONPointer.appending(mapping, name)]
        case .setValue(let node, _):
            return pointers[ObjectIdentifier(node)].map { [$0] } ?? []
        case .appendEntries(let mapping, let entries):
            return entries.flatMap { child(mapping, $0.key) }
        case .createMapping(let parent, let key, _):
            return child(parent, key)
        case .removeEntry(let mapping, let entry):
            return child(mapping, entry.keyText ?? "")
        case .removeSequenceItem(let sequence, _):
            return pointers[ObjectIdentifier(sequence)].map { [$0] } ?? []
        case .removeComment, .replaceComment:
            return []  // a comment holds no value
        }
    }

    /// `pointer` is `allowed` or inside it.
    static func isWithin(_ pointer: String, _ allowed: String) -> Bool {
        pointer == allowed || pointer.hasPrefix(allowed + "/")
    }

    /// `pointer` is one of `allowed` or inside one: a lookup per ancestor, not per pointer
    /// allowed (a complete pattern's fix targets thousands).
    static func isWithin(_ pointer: String, anyOf allowed: Set<String>) -> Bool {
        ancestor(of: pointer, in: allowed) != nil
    }

    /// The longest of `pointer` and its ancestors that `set` holds.
    static func ancestor(of pointer: String, in set: Set<String>) -> String? {
        var candidate = Substring(pointer)
        while true {
            if set.contains(String(candidate)) { return String(candidate) }
            guard let slash = candidate.lastIndex(of: "/") else { return nil }
            candidate = candidate[..<slash]
        }
    }
}
