/// Works out the layer count from module names when the source does not state it.
///
/// A transformer's blocks sit in one `ModuleList` (`model.layers`, `transformer.h`,
/// `encoder.layer`, `encoder.block`); the count is the highest index under such a list
/// plus one. Expert lists (`experts.7`) and T5's `block.N.layer.0` are not blocks.
enum LayerCountInference {
    static let blockListNames: Set<String> = ["layers", "h", "layer", "block", "blocks"]

    static func numLayers(in names: [String]) -> Int? {
        var highest: Int?
        for name in names {
            let components = name.split(separator: ".")
            // The first numbered component is the block index; later ones are experts etc.
            guard let position = components.firstIndex(where: { Int($0) != nil }), position > 0,
                  blockListNames.contains(String(components[position - 1])),
                  let index = Int(components[position]) else { continue }
            highest = max(highest ?? index, index)
        }
        return highest.map { $0 + 1 }
    }
}
