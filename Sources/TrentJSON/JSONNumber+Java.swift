extension JSONNumber {
    /// The value AWS's Java deserializer gives an `integer` member.
    ///
    /// It reads the number as a BigDecimal and narrows it: the fraction is
    /// dropped (so `2.9` is 2, which dynalite's notes record AWS accepting) and,
    /// as Java's `intValue()` does, only the low 32 bits of a too-large value are
    /// kept. The wrap-around is Java's documented narrowing; we found no AWS
    /// recording of an out-of-range integer member.
    public var javaInt: Int32 { Int32(truncatingIfNeeded: truncatedLowBits) }

    /// As `javaInt`, for `long` members (Java's `longValue()`).
    public var javaLong: Int64 { Int64(bitPattern: truncatedLowBits) }

    /// The integer part of the literal, modulo 2^64, computed from the text so
    /// that `1e30` or a 400-digit literal cannot overflow or take long.
    private var truncatedLowBits: UInt64 {
        var digits: [UInt8] = []
        var negative = false
        var exponent = 0
        var fractionDigits = 0
        var inFraction = false
        var utf8 = text.utf8[...]
        if utf8.first == UInt8(ascii: "-") {
            negative = true
            utf8 = utf8.dropFirst()
        }
        while let byte = utf8.first {
            if byte == UInt8(ascii: ".") {
                inFraction = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                exponent = Self.saturatingExponent(utf8.dropFirst())
                break
            } else {
                digits.append(byte - UInt8(ascii: "0"))
                if inFraction { fractionDigits += 1 }
            }
            utf8 = utf8.dropFirst()
        }
        // value = digits × 10^scale
        let scale = exponent - fractionDigits
        var kept = digits.count
        if scale < 0 { kept = max(0, digits.count + scale) }
        var result: UInt64 = 0
        for digit in digits.prefix(kept) {
            result = result &* 10 &+ UInt64(digit)
        }
        if scale > 0 {
            // 10^64 is a multiple of 2^64, so further factors change nothing.
            for _ in 0..<min(scale, 64) { result = result &* 10 }
        }
        return negative ? 0 &- result : result
    }

    private static func saturatingExponent(_ text: Substring.UTF8View.SubSequence) -> Int {
        var rest = text
        var negative = false
        if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            rest = rest.dropFirst()
        }
        var value = 0
        for byte in rest {
            value = Swift.min(value * 10 + Int(byte - UInt8(ascii: "0")), 1 << 40)
        }
        return negative ? -value : value
    }
}
