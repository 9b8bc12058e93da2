import GradienceSyntax
/// The core transformer: semantic edits in, minimal byte edits out, in the file's style.
/// It never re-serializes a document; every byte outside the edited spans is kept.
public enum Transformer {
    /// What one round can do with a list of semantic edits.
    public struct Plan {
        /// Non-overlapping byte edits, ready for `TextEditApplier`.
        public var textEdits: [TextEdit] = []
        /// Edits whose bytes overlap an earlier edit's: recompute them on the re-parsed text.
        public var deferred: [SemanticEdit] = []
        /// Edits that cannot be written as text at all, with why.
        public var rejected: [(edit: SemanticEdit, reason: String)] = []
    }

    public static func plan(_ semanticEdits: [SemanticEdit], in file: ParsedFile) -> Plan {
        Planner(file).plan(semanticEdits)
    }

    /// Plans many separate edit lists on one file, indexing the file once (the fix loop
    /// plans each finding's fix alone, and a complete pattern has thousands).
    public struct Planner {
        let file: ParsedFile
        private let planner: EditPlanner?

        public init(_ file: ParsedFile) {
            self.file = file
            planner = file.problem == nil ? EditPlanner(file: file) : nil
        }

        public func plan(_ semanticEdits: [SemanticEdit]) -> Plan {
            guard let planner else {
                var plan = Plan()
                plan.rejected = semanticEdits.map { ($0, "the file does not parse") }
                return plan
            }
            return Transformer.plan(semanticEdits, in: file, with: planner)
        }
    }

    private static func plan(_ semanticEdits: [SemanticEdit], in file: ParsedFile, with planner: EditPlanner) -> Plan {
        var plan = Plan()
        for edit in emptyingRemovalsMerged(semanticEdits, roots: Set(file.documents.map(\.range.start.offset))) {
            do {
                let edits = try planner.textEdits(for: edit)
                // All of one semantic edit's byte edits go in together, or none do.
                if edits.contains(where: { new in plan.textEdits.contains { $0.conflicts(with: new) } }) {
                    plan.deferred.append(edit)
                } else {
                    plan.textEdits += edits
                }
            } catch let unsupported as EditPlanner.Unsupported {
                plan.rejected.append((edit, unsupported.reason))
            } catch {
                plan.rejected.append((edit, "\(error)"))
            }
        }
        return plan
    }

    /// Each removal is planned against the unedited tree, so removals that together empty a
    /// block collection would each delete their lines and leave `key:` holding null (PEFT's
    /// `rank_pattern.keys()` then fails). Such a group becomes one edit that sets the
    /// collection to `{}` / `[]`, in place of its first removal. (Flow collections need no
    /// help: their removals overlap and wait a round; a document root cannot be set.)
    static func emptyingRemovalsMerged(_ edits: [SemanticEdit], roots: Set<Int>) -> [SemanticEdit] {
        var groups: [Int: (collection: Node, children: Int, removed: Set<Int>)] = [:]
        for edit in edits {
            guard let (collection, children, child) = removal(edit) else { continue }
            groups[collection.range.start.offset, default: (collection, children, [])].removed.insert(child)
        }
        let emptied = groups.filter {
            $0.value.children > 1 && $0.value.removed.count == $0.value.children
                && $0.value.collection.collectionStyle == .block && !roots.contains($0.key)
        }
        guard !emptied.isEmpty else { return edits }
        var merged: [SemanticEdit] = []
        var done: Set<Int> = []
        for edit in edits {
            guard let (collection, _, _) = removal(edit), emptied[collection.range.start.offset] != nil else {
                merged.append(edit)
                continue
            }
            if done.insert(collection.range.start.offset).inserted {
                merged.append(.setValue(node: collection, to: collection.entries != nil ? .mapping([]) : .strings([])))
            }
        }
        return merged
    }

    /// For a removal: its collection, how many children that has, and the removed child's offset.
    private static func removal(_ edit: SemanticEdit) -> (collection: Node, children: Int, child: Int)? {
        switch edit {
        case .removeEntry(let mapping, let entry): return (mapping, mapping.entries?.count ?? 0, entry.key.range.start.offset)
        case .removeSequenceItem(let sequence, let item): return (sequence, sequence.items?.count ?? 0, item.range.start.offset)
        default: return nil
        }
    }

    /// The byte edits for one round, and the semantic edits left for the next round.
    /// Throws `TransformFailure.unsupported` when an edit cannot be expressed at all.
    public static func edits(for semanticEdits: [SemanticEdit], in file: ParsedFile) throws -> (edits: [TextEdit], deferred: [SemanticEdit]) {
        let plan = plan(semanticEdits, in: file)
        if let first = plan.rejected.first { throw TransformFailure.unsupported(reason: first.reason) }
        return (plan.textEdits, plan.deferred)
    }

    /// One round on a text: the new bytes (re-parsed and checked) and the deferred edits.
    /// Nothing is applied when any edit is unsupported or the result does not parse.
    public static func apply(_ semanticEdits: [SemanticEdit], to source: SourceText) -> Result<Output, TransformFailure> {
        apply(semanticEdits, to: Parser.parse(source))
    }

    public static func apply(_ semanticEdits: [SemanticEdit], to file: ParsedFile) -> Result<Output, TransformFailure> {
        if let problem = file.problem { return .failure(.sourceDoesNotParse(problem)) }
        let plan = plan(semanticEdits, in: file)
        if let first = plan.rejected.first { return .failure(.unsupported(reason: first.reason)) }
        let (bytes, leftOver) = TextEditApplier.apply(plan.textEdits, to: file.source.bytes)
        guard leftOver.isEmpty else { return .failure(.unsupported(reason: "an edit fell outside the file")) }
        let source = SourceText(path: file.source.path, bytes: bytes, isJSON: file.source.isJSON)
        let reparsed = Parser.parse(source)
        if let problem = reparsed.problem { return .failure(.resultDoesNotParse(problem, bytes: bytes)) }
        guard reparsed.documents.count == file.documents.count else {
            return .failure(.documentCountChanged(before: file.documents.count, after: reparsed.documents.count))
        }
        return .success(Output(bytes: bytes, parsed: reparsed, textEdits: plan.textEdits, deferred: plan.deferred))
    }

    public struct Output {
        public let bytes: [UInt8]
        /// The result, already parsed: the caller's next round starts from it.
        public let parsed: ParsedFile
        public let textEdits: [TextEdit]
        public let deferred: [SemanticEdit]
    }
}

/// Why a round of edits was not applied. The file is never partially edited.
public enum TransformFailure: Error, Sendable {
    case sourceDoesNotParse(SyntaxProblem)
    case unsupported(reason: String)
    case resultDoesNotParse(SyntaxProblem, bytes: [UInt8])
    case documentCountChanged(before: Int, after: Int)
}
