/// Byte-level helpers for the verifier's hot path. Swift's `String` operations work on
/// grapheme clusters, which costs far more than header parsing needs; these work on UTF-8
/// bytes and fall back to the general path whenever a string is not plain ASCII.
enum ASCII {
    /// `text.lowercased()`, without allocating when `text` is already lowercase ASCII.
    static func lowercased(_ text: some StringProtocol) -> String {
        var needsWork = false
        for byte in text.utf8 {
            if byte >= 0x80 { return text.lowercased() }
            if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { needsWork = true }
        }
        guard needsWork else { return String(text) }
        var bytes = Array(text.utf8)
        for index in bytes.indices where bytes[index] >= UInt8(ascii: "A") && bytes[index] <= UInt8(ascii: "Z") {
            bytes[index] += 32
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }

    /// Splits on a single ASCII byte, keeping empty pieces, as `split(separator:omittingEmptySubsequences: false)`.
    static func split(_ text: Substring, on separator: UInt8) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.utf8.startIndex
        var index = start
        let end = text.utf8.endIndex
        while index < end {
            if text.utf8[index] == separator {
                pieces.append(Substring(text.utf8[start ..< index]))
                start = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        pieces.append(Substring(text.utf8[start ..< end]))
        return pieces
    }
}
