import Foundation

extension String {
    /// Foundation's `contains` for a substring, answered from the bytes when the text and
    /// the needle are both ASCII without CR (then bytes, UTF-16 units and characters all
    /// agree): Foundation's search costs thousands of instructions a call, and some calls
    /// run for every scalar or every pattern key.
    package func containsText(_ needle: String) -> Bool {
        let isPlain: (UInt8) -> Bool = { $0 < 0x80 && $0 != 0x0D }
        guard needle.utf8.allSatisfy(isPlain) else { return contains(needle) }
        let pattern = Array(needle.utf8)
        let found: Bool? = utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.allSatisfy(isPlain) else { return nil }
            guard !pattern.isEmpty else { return true }
            guard bytes.count >= pattern.count else { return false }
            for start in 0...(bytes.count - pattern.count) where bytes[start] == pattern[0] {
                var index = 1
                while index < pattern.count, bytes[start + index] == pattern[index] { index += 1 }
                if index == pattern.count { return true }
            }
            return false
        } ?? nil
        return found ?? contains(needle)
    }
}
