import Foundation
import GradienceSyntax
import GradienceTransformer

/// Reading JSON-RPC messages into the repository's `JSONValue` (our own output type) with
/// Foundation's decoder: no second JSON model, no new dependency. Object key order is not
/// kept on input; nothing the server reads depends on it.
extension JSONValue {
    public init(parsing data: Data) throws {
        self = try JSONDecoder().decode(Decoded.self, from: data).value
    }

    private struct Decoded: Decodable {
        let value: JSONValue

        private struct Key: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: Decoder) throws {
            if let object = try? decoder.container(keyedBy: Key.self) {
                value = .object(try object.allKeys.map { ($0.stringValue, try object.decode(Decoded.self, forKey: $0).value) })
                return
            }
            if var array = try? decoder.unkeyedContainer() {
                var items: [JSONValue] = []
                while !array.isAtEnd { items.append(try array.decode(Decoded.self).value) }
                value = .array(items)
                return
            }
            let single = try decoder.singleValueContainer()
            if single.decodeNil() { value = .null }
            else if let bool = try? single.decode(Bool.self) { value = .bool(bool) }
            else if let int = try? single.decode(Int.self) { value = .int(int) }
            else if let double = try? single.decode(Double.self) { value = .double(double) }
            else { value = .string(try single.decode(String.self)) }
        }
    }

    /// The member named `key` of an object (nil for anything else, or when absent).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && value.magnitude < 1e15: return Int(value)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
