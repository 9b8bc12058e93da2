import GradienceSyntax
/// Turns header bytes into tensor entries, refusing what the safetensors library refuses:
/// non-UTF-8, anything but a JSON object, duplicate names, malformed entries.
struct SafetensorsHeaderParser {
    let path: String
    let bytes: [UInt8]

    private func fail(_ problem: SafetensorsHeaderError.Problem) -> SafetensorsHeaderError {
        SafetensorsHeaderError(path: path, problem: problem)
    }

    func parse() throws(SafetensorsHeaderError) -> (tensors: [SafetensorsHeader.Tensor], metadata: [String: String]?) {
        if let offset = Self.firstInvalidUTF8Offset(bytes) { throw fail(.notUTF8(offset: offset)) }
        guard bytes.first == UInt8(ascii: "{") else {
            let start = bytes.first.map { String(decoding: [$0], as: UTF8.self) } ?? ""
            throw fail(.notJSONObject(startsWith: start))
        }
        let parsed = Parser.parse(SourceText(path: path, bytes: bytes, isJSON: true))
        if let problem = parsed.problem {
            throw fail(.invalidJSON("\(problem.message) at byte \(problem.range.start.offset)"))
        }
        guard parsed.documents.count == 1, let entries = parsed.documents[0].entries else {
            throw fail(.notJSONObject(startsWith: "{"))
        }
        var tensors: [SafetensorsHeader.Tensor] = []
        var metadata: [String: String]?
        var seen = Set<String>()
        for entry in entries {
            guard let name = entry.key.jsonString else { throw fail(.invalidJSON("a key is not a string")) }
            guard seen.insert(name).inserted else { throw fail(.duplicateTensor(name)) }
            if name == "__metadata__" {
                metadata = try parseMetadata(entry.value)
            } else {
                tensors.append(try parseTensor(name: name, entry.value))
            }
        }
        return (tensors, metadata)
    }

    private func parseMetadata(_ node: Node) throws(SafetensorsHeaderError) -> [String: String] {
        guard let entries = node.entries else { throw fail(.badMetadata("must be an object of strings")) }
        var metadata: [String: String] = [:]
        for entry in entries {
            guard let key = entry.key.jsonString, let value = entry.value.jsonString else {
                throw fail(.badMetadata("must map strings to strings"))
            }
            guard metadata.updateValue(value, forKey: key) == nil else {
                throw fail(.badMetadata("repeats the key '\(key)'"))
            }
        }
        return metadata
    }

    private func parseTensor(name: String, _ node: Node) throws(SafetensorsHeaderError) -> SafetensorsHeader.Tensor {
        guard let entries = node.entries else {
            throw fail(.malformedEntry(tensor: name, reason: "expected an object with dtype, shape and data_offsets"))
        }
        var fields: [String: Node] = [:]
        for entry in entries {
            guard let key = entry.key.jsonString else { continue }
            guard fields.updateValue(entry.value, forKey: key) == nil else {
                throw fail(.malformedEntry(tensor: name, reason: "the field '\(key)' appears twice"))
            }
        }
        guard let dtype = fields["dtype"]?.jsonString else {
            throw fail(.malformedEntry(tensor: name, reason: "missing or non-string 'dtype'"))
        }
        guard let shapeNode = fields["shape"], let shapeItems = shapeNode.items else {
            throw fail(.invalidShape(tensor: name, reason: "missing, or not a list"))
        }
        var shape: [Int] = []
        for item in shapeItems {
            switch Self.nonNegativeInt(item) {
            case .success(let dimension): shape.append(dimension)
            case .failure(let why): throw fail(.invalidShape(tensor: name, reason: why.text))
            }
        }
        guard let offsetItems = fields["data_offsets"]?.items else {
            throw fail(.invalidOffsets(tensor: name, reason: "missing, or not a list"))
        }
        guard offsetItems.count == 2 else {
            throw fail(.invalidOffsets(tensor: name, reason: "expected [begin, end], found \(offsetItems.count) values"))
        }
        var offsets: [Int] = []
        for item in offsetItems {
            switch Self.nonNegativeInt(item) {
            case .success(let offset): offsets.append(offset)
            case .failure(let why): throw fail(.invalidOffsets(tensor: name, reason: why.text))
            }
        }
        guard offsets[0] <= offsets[1] else {
            throw fail(.invalidOffsets(tensor: name, reason: "begin \(offsets[0]) is after end \(offsets[1])"))
        }
        return SafetensorsHeader.Tensor(name: name, dtype: dtype, shape: shape, dataOffsets: offsets[0]..<offsets[1])
    }

    struct Why: Error { let text: String }

    private static func nonNegativeInt(_ node: Node) -> Result<Int, Why> {
        switch node.scalar?.value {
        case .int(let value)?:
            return value >= 0 ? .success(value) : .failure(Why(text: "\(value) is negative"))
        case .bigInt(let text)?:
            return .failure(Why(text: "\(text) is too large"))
        case .float(let value)?:
            return .failure(Why(text: "\(value) is not an integer"))
        default:
            return .failure(Why(text: "expected a non-negative integer"))
        }
    }

    /// Offset of the first byte that does not start a valid UTF-8 sequence, if any.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }
}
