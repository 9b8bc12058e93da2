import GradienceSyntax
/// One architecture as `scripts/catalog/generate.py` recorded it from transformers: the
/// usual fine-tuning head's `named_modules()` with its count-driven lists (layers, experts)
/// as placeholders, decoded from `CatalogData` only when a file needs this model type.
///
/// The text format, one item per line:
///
///     T <model_type>[@variant]
///     C <model class> <head kind> <bare model class|-> <base_model_prefix|->
///     O <get_output_embeddings() name|-> <tie_word_embeddings default 0|1|->
///     V <index> <role> <config field path> <default value>      (one per placeholder)
///     W <vision|audio> <module prefix>                          (towers)
///     <depth> <name> <class> [<param>:<dims>,…]                 (a module)
///     L<depth> <name> <class> <var> <a> <b> <head> <i.i.…>      (a list of a·count+b items)
///     I<depth> <class> [<param>:<dims>,…]                       (one distinct item shape)
///
/// A list's item `k` has the shape `seq[k]` for `k < head`, then the shapes repeat with
/// period `seq.count - head` (DeepSeek-V3's three dense layers, Jamba's attention every 8th).
struct CatalogEntry: Sendable {
    struct Variable: Sendable {
        /// `layers` (what `numLayers` is), `decoder`, `vision`, `audio`, `experts` or `other`.
        var role: String
        /// Where config.json keeps the count (`num_hidden_layers`, `vision_config.depth`).
        var field: String
        /// The value in the type's default config (`MixtralConfig()`): used when nothing says.
        var defaultValue: Int
    }

    var modelType: String
    var modelClass: String
    /// `causal-lm`, `seq2seq`, `image-text-to-text`, `encoder`, `speech-seq2seq`, …
    var headKind: String
    /// `MODEL_MAPPING`'s class: the model without its head (`BloomModel`).
    var bareClass: String?
    /// The head's attribute holding the bare model (`transformer`, `model`).
    var basePrefix: String?
    var outputEmbedding: String?
    var tiedEmbeddings: Bool?
    var variables: [Variable]
    var towers: [InventoryTower]
    fileprivate var roots: [Node]

    fileprivate struct Shape: Sendable {
        var className: String
        var parameters: [(name: String, dimensions: Int)]
        var children: [Node]
    }

    fileprivate indirect enum Node: Sendable {
        case module(name: String, Shape)
        case list(name: String, className: String, variable: Int, a: Int, b: Int, head: Int, sequence: [Int], items: [Shape])
    }

    /// Parses one `T` block; nil on text that is not the generator's (never at run time).
    init?(_ text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
        guard let first = lines.popFirst(), first.hasPrefix("T ") else { return nil }
        modelType = String(first.dropFirst(2))
        modelClass = ""
        headKind = ""
        variables = []
        towers = []
        roots = []
        while let line = lines.first, let tag = line.first, "COVW".contains(tag), line.dropFirst().first == " " {
            lines.removeFirst()
            let fields = line.split(separator: " ").map(String.init)
            func optional(_ index: Int) -> String? { index < fields.count && fields[index] != "-" ? fields[index] : nil }
            switch tag {
            case "C":
                modelClass = fields[1]
                headKind = fields[2]
                bareClass = optional(3)
                basePrefix = optional(4)
            case "O":
                outputEmbedding = optional(1)
                tiedEmbeddings = optional(2).map { $0 == "1" }
            case "V":
                guard fields.count == 5, let value = Int(fields[4]) else { return nil }
                variables.append(Variable(role: fields[2], field: fields[3], defaultValue: value))
            default:
                towers.append(InventoryTower(kind: fields[1], prefix: fields[2]))
            }
        }
        var parser = Parser(lines: Array(lines))
        guard let nodes = parser.children(depth: 0), parser.position == parser.lines.count else { return nil }
        roots = nodes
    }

    private struct Parser {
        var lines: [Substring]
        var position = 0

        func depth(_ line: Substring) -> Int? {
            Int(line.prefix(while: { $0 != " " }).drop(while: { $0 == "L" || $0 == "I" }))
        }

        static func parameters(_ field: Substring?) -> [(name: String, dimensions: Int)] {
            guard let field else { return [] }
            return field.split(separator: ",").compactMap { pair in
                let parts = pair.split(separator: ":")
                guard parts.count == 2, let dims = Int(parts[1]) else { return nil }
                return (String(parts[0]), dims)
            }
        }

        /// The nodes at `depth` up to the first line above it.
        mutating func children(depth want: Int) -> [Node]? {
            var nodes: [Node] = []
            while position < lines.count, let depth = depth(lines[position]), depth >= want {
                guard depth == want else { return nil }
                let line = lines[position]
                let fields = line.split(separator: " ")
                position += 1
                if line.hasPrefix("L") {
                    guard fields.count == 8, let variable = Int(fields[3]), let a = Int(fields[4]), let b = Int(fields[5]),
                          let head = Int(fields[6]) else { return nil }
                    let sequence = fields[7].split(separator: ".").compactMap { Int($0) }
                    var items: [Shape] = []
                    while position < lines.count, lines[position].hasPrefix("I"), self.depth(lines[position]) == want + 1 {
                        let item = lines[position].split(separator: " ")
                        position += 1
                        guard item.count >= 2, let children = children(depth: want + 2) else { return nil }
                        items.append(Shape(className: String(item[1]), parameters: Self.parameters(item.count > 2 ? item[2] : nil),
                                           children: children))
                    }
                    guard !sequence.isEmpty, head < sequence.count || head == sequence.count,
                          sequence.allSatisfy({ $0 < items.count }) else { return nil }
                    nodes.append(.list(name: String(fields[1]), className: String(fields[2]), variable: variable, a: a, b: b,
                                       head: head, sequence: sequence, items: items))
                } else {
                    guard fields.count >= 3, let children = children(depth: want + 1) else { return nil }
                    nodes.append(.module(name: String(fields[1]), Shape(className: String(fields[2]),
                                                                        parameters: Self.parameters(fields.count > 3 ? fields[3] : nil),
                                                                        children: children)))
                }
            }
            return nodes
        }
    }

    /// `named_modules()` (root excluded) and the fused experts' and routers' parameters, with
    /// `counts[i]` items per unit of placeholder `i`.
    func expand(counts: [Int]) -> (modules: [ModuleInfo], parameters: [ParameterInfo]) {
        var modules: [ModuleInfo] = []
        var parameters: [ParameterInfo] = []
        func emit(_ name: String, _ shape: Shape) {
            modules.append(ModuleInfo(name: name, className: shape.className))
            for parameter in shape.parameters {
                parameters.append(ParameterInfo(module: name, name: parameter.name, dimensions: parameter.dimensions))
            }
            walk(shape.children, prefix: name)
        }
        func walk(_ nodes: [Node], prefix: String) {
            for node in nodes {
                switch node {
                case .module(let name, let shape):
                    emit(prefix.isEmpty ? name : prefix + "." + name, shape)
                case .list(let name, let className, let variable, let a, let b, let head, let sequence, let items):
                    let full = prefix.isEmpty ? name : prefix + "." + name
                    modules.append(ModuleInfo(name: full, className: className))
                    let count = max(0, a * (variable < counts.count ? counts[variable] : 0) + b)
                    let period = sequence.count - head
                    for index in 0..<count {
                        let which = index < head || period == 0 ? sequence[min(index, sequence.count - 1)]
                            : sequence[head + (index - head) % period]
                        emit(full + "." + String(index), items[which])
                    }
                }
            }
        }
        walk(roots, prefix: "")
        return (modules, parameters)
    }
}
