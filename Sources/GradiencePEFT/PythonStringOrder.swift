import Foundation

/// Python compares `str` by code point; Swift's `<` on `String` compares canonically
/// equivalent forms, which is not the same order. UTF-8 byte order equals code-point
/// order, so comparing the UTF-8 views reproduces `sorted()` exactly.
func pythonLess(_ a: String, _ b: String) -> Bool {
    // memcmp over contiguous storage when both strings have it (native strings do): the
    // generic UTF8View comparison was a visible share of sorting complete patterns.
    let fast: Bool?? = a.utf8.withContiguousStorageIfAvailable { left in
        b.utf8.withContiguousStorageIfAvailable { right in
            let common = min(left.count, right.count)
            if common > 0, let l = left.baseAddress, let r = right.baseAddress {
                let order = memcmp(l, r, common)
                if order != 0 { return order < 0 }
            }
            return left.count < right.count
        }
    }
    if let fast, let fast { return fast }
    return a.utf8.lexicographicallyPrecedes(b.utf8)
}

extension Sequence where Element == String {
    /// The order Python's `sorted()` gives, as PEFT's `json.dumps(sort_keys=True)` writes keys.
    func pythonSorted() -> [String] { sorted(by: pythonLess) }
}
