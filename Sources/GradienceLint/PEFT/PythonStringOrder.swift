/// Python compares `str` by code point; Swift's `<` on `String` compares canonically
/// equivalent forms, which is not the same order. UTF-8 byte order equals code-point
/// order, so comparing the UTF-8 views reproduces `sorted()` exactly.
func pythonLess(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}

extension Sequence where Element == String {
    /// The order Python's `sorted()` gives, as PEFT's `json.dumps(sort_keys=True)` writes keys.
    func pythonSorted() -> [String] { sorted(by: pythonLess) }
}
