/// A module and its submodules in registration order, the order `nn.Module.__init__`
/// assigns them and therefore the order `named_modules()` walks them (pre-order).
/// Catalog templates are written as these trees so the flattened names come out in the
/// same order PyTorch prints them.
struct ModuleTree: Sendable {
    var name: String
    var className: String
    var children: [ModuleTree]

    init(_ name: String, _ className: String, _ children: [ModuleTree] = []) {
        self.name = name
        self.className = className
        self.children = children
    }

    /// An `nn.ModuleList` whose items are named `0`, `1`, …
    static func list(_ name: String, count: Int, _ item: (Int) -> ModuleTree) -> ModuleTree {
        ModuleTree(name, "ModuleList", (0..<count).map { index in
            var child = item(index)
            child.name = String(index)
            return child
        })
    }

    // Leaf helpers for the plain torch classes. Subclasses are spelled as the model
    // builds them (`Gemma3TextScaledWordEmbedding`, `FalconLinear`); PEFT's support and
    // all-linear checks know them by name.
    static func linear(_ name: String) -> ModuleTree { ModuleTree(name, "Linear") }
    static func conv1D(_ name: String) -> ModuleTree { ModuleTree(name, "Conv1D") }
    static func embedding(_ name: String) -> ModuleTree { ModuleTree(name, "Embedding") }
    static func layerNorm(_ name: String) -> ModuleTree { ModuleTree(name, "LayerNorm") }
    static func dropout(_ name: String) -> ModuleTree { ModuleTree(name, "Dropout") }

    /// Pre-order names below a root whose own name is the empty string.
    static func flatten(_ roots: [ModuleTree]) -> [ModuleInfo] {
        var result: [ModuleInfo] = []
        var stack: [(tree: ModuleTree, prefix: String)] = roots.reversed().map { ($0, "") }
        while let (tree, prefix) = stack.popLast() {
            let name = prefix.isEmpty ? tree.name : prefix + "." + tree.name
            result.append(ModuleInfo(name: name, className: tree.className))
            stack.append(contentsOf: tree.children.reversed().map { ($0, name) })
        }
        return result
    }
}
