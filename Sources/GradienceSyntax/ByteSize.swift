/// A size in bytes as people write it in settings and on the command line: `67108864`,
/// `64MiB`, `64 MB`, `512KiB`, `1GiB`. Binary (KiB) and decimal (kB/KB) units are both
/// accepted and mean what they say; a bare number is bytes.
public enum ByteSize {
    static let units: [(suffix: String, factor: Int)] = [
        ("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30),
        ("kb", 1_000), ("mb", 1_000_000), ("gb", 1_000_000_000), ("k", 1 << 10), ("m", 1 << 20), ("g", 1 << 30), ("b", 1),
    ]

    /// The largest `max-file-size`: a file is read whole, and sizes near `Int.max` would
    /// overflow the reader's arithmetic (issue 28: `9223372036854775807` trapped).
    public static let maximumFileSize = 1 << 40

    /// The number of bytes, or nil for anything that is not a positive size.
    public static func parse(_ text: String) -> Int? {
        let lowered = text.lowercased().filter { $0 != " " && $0 != "_" }
        for (suffix, factor) in units where lowered.hasSuffix(suffix) {
            guard let number = Int(lowered.dropLast(suffix.count)), number > 0 else { return nil }
            let (product, overflow) = number.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        guard let number = Int(lowered), number > 0 else { return nil }
        return number
    }

    /// `64 MiB`, `1.5 KiB`, `17 bytes`: for messages.
    public static func describe(_ bytes: Int) -> String {
        for (name, factor) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= factor {
            if bytes % factor == 0 { return "\(bytes / factor) \(name)" }
            let tenths = (bytes * 10 + factor / 2) / factor
            return "\(tenths / 10).\(tenths % 10) \(name)"
        }
        return "\(bytes) byte\(bytes == 1 ? "" : "s")"
    }
}
