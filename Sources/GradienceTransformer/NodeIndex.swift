import GradienceSyntax
/// Where each node sits in its document: its parent and whether it is inside a flow
/// collection. Nodes are found by span, not identity, so edits built on one parse of a
/// text work on another parse of the same text.
struct NodeIndex {
    enum Parent {
        case document
        case mappingKey(mapping: Node, entry: MappingEntry)
        case mappingValue(mapping: Node, entry: MappingEntry)
        case sequenceItem(sequence: Node)
    }

    struct Key: Hashable {
        let start: Int
        let end: Int
        let kind: Int

        init(_ node: Node) {
            start = node.range.start.offset
            end = node.range.end.offset
            switch node.kind {
            case .scalar: kind = 0
            case .sequence: kind = 1
            case .mapping: kind = 2
            case .alias: kind = 3
            }
        }
    }

    struct Place {
        let node: Node
        let parent: Parent
        let inFlow: Bool
    }

    private var places: [Key: Place] = [:]
    private(set) var allNodes: [Node] = []

    init(documents: [Node]) {
        for document in documents { visit(document, parent: .document, inFlow: false) }
    }

    private mutating func visit(_ node: Node, parent: Parent, inFlow: Bool) {
        places[Key(node)] = Place(node: node, parent: parent, inFlow: inFlow)
        allNodes.append(node)
        let childrenInFlow = inFlow || node.collectionStyle == .flow
        switch node.kind {
        case .mapping(let entries):
            for entry in entries {
                visit(entry.key, parent: .mappingKey(mapping: node, entry: entry), inFlow: childrenInFlow)
                visit(entry.value, parent: .mappingValue(mapping: node, entry: entry), inFlow: childrenInFlow)
            }
        case .sequence(let items):
            for item in items { visit(item, parent: .sequenceItem(sequence: node), inFlow: childrenInFlow) }
        case .scalar, .alias:
            break
        }
    }

    /// This parse's node with the same span as `node` (which may come from another parse).
    func place(of node: Node) -> Place? { places[Key(node)] }
}
