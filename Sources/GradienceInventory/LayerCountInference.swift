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
            // On the UTF-8 bytes: splitting 300,000 names into Substrings was a tenth of
            // reading a large modules file.
            let components = Array(name.utf8).split(separator: UInt8(ascii: "."))
            // The first numbered component is the block index; later ones are experts etc.
            guard let position = components.firstIndex(where: { integer($0) != nil }), position > 0,
                  blockListNames.contains(String(decoding: components[position - 1], as: UTF8.self)),
                  let index = integer(components[position]) else { continue }
            highest = max(highest ?? index, index)
        }
        return highest.map { $0 + 1 }
    }

    /// `Int(text)` on UTF-8: an optional sign, then decimal digits, within Int's range.
    static func integer(_ bytes: ArraySlice<UInt8>) -> Int? {
        var digits = bytes[...]
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")) * (negative ? -1 : 1))
            if overflow || overflow2 { return nil }
            value = sum
        }
        return value
    }
}
