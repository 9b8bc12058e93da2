/// RFC 6901 JSON Pointers, the stable address of a node: unlike a line number it
/// survives reformatting, so baselines and `ignore-keys` use it.
public enum JSONPointer {
    public static func appending(_ base: String, _ token: String) -> String {
        base + "/" + token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    public static func appending(_ base: String, _ index: Int) -> String {
        base + "/" + String(index)
    }
}

import Foundation
