/// An IPv4 or IPv6 address or CIDR block, for IpAddress / NotIpAddress.
///
/// Addresses are kept as 128 bits; IPv4 is stored IPv4-mapped (`::ffff:a.b.c.d`) so that an
/// IPv4 block also contains the mapped form of its addresses, which dual-stack servers report.
struct IPRange: Sendable, Hashable {
    let high: UInt64
    let low: UInt64
    /// Leading bits that must match, in the 128-bit space.
    let prefix: Int
    let isIPv4: Bool

    private static let mappedHigh: UInt64 = 0
    private static let mappedLow: UInt64 = 0x0000_FFFF_0000_0000

    /// `a.b.c.d`, `a.b.c.d/n`, an IPv6 address, or `addr/n`; nil when malformed.
    init?(_ text: String) {
        var address = Substring(text)
        var bits: Int?
        if let slash = text.firstIndex(of: "/") {
            address = text[..<slash]
            let digits = text[text.index(after: slash)...]
            guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy(\.isASCIIDigit), let value = Int(digits) else { return nil }
            bits = value
        }
        guard let parsed = Self.parseAddress(address) else { return nil }
        let maximum = parsed.isIPv4 ? 32 : 128
        let width = bits ?? maximum
        guard width <= maximum else { return nil }
        let prefix = parsed.isIPv4 ? width + 96 : width
        let (maskHigh, maskLow) = Self.mask(prefix)
        high = parsed.high & maskHigh
        low = parsed.low & maskLow
        self.prefix = prefix
        isIPv4 = parsed.isIPv4
    }

    /// Whether the request's address (`aws:SourceIp`) lies in this block. An IPv6 block does
    /// not contain addresses written as IPv4.
    func contains(_ text: String) -> Bool {
        guard !text.contains("/"), let address = Self.parseAddress(Substring(text)) else { return false }
        if !isIPv4, address.isIPv4 { return false }
        let (maskHigh, maskLow) = Self.mask(prefix)
        return address.high & maskHigh == high && address.low & maskLow == low
    }

    private static func mask(_ prefix: Int) -> (UInt64, UInt64) {
        func bits(_ count: Int) -> UInt64 {
            count <= 0 ? 0 : count >= 64 ? ~0 : ~0 << UInt64(64 - count)
        }
        return (bits(prefix), bits(prefix - 64))
    }

    private static func parseAddress(_ text: Substring) -> (high: UInt64, low: UInt64, isIPv4: Bool)? {
        if !text.utf8.contains(UInt8(ascii: ":")) {
            guard let v4 = parseIPv4(text) else { return nil }
            return (mappedHigh, mappedLow | UInt64(v4), true)
        }
        guard let groups = parseIPv6(text) else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 0..<4 { high = high << 16 | UInt64(groups[index]) }
        for index in 4..<8 { low = low << 16 | UInt64(groups[index]) }
        return (high, low, false)
    }

    /// Four decimal octets, read byte by byte: every IpAddress condition parses the request's
    /// address, so this runs on the request path and must not allocate.
    private static func parseIPv4(_ text: Substring) -> UInt32? {
        var value: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, dots < 3 else { return nil }
                value = value << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                digits += 1
                octet = octet * 10 + UInt32(byte - UInt8(ascii: "0"))
                guard digits <= 3, octet <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return value << 8 | octet
    }

    /// Eight 16-bit groups; `::` once, an embedded IPv4 tail allowed.
    private static func parseIPv6(_ text: Substring) -> [UInt16]? {
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var compressed = false
        let pieces = text.split(separator: "::", omittingEmptySubsequences: false)
        guard pieces.count <= 2 else { return nil }
        compressed = pieces.count == 2
        func groups(_ part: Substring, allowIPv4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, field) in fields.enumerated() {
                if allowIPv4Tail, index == fields.count - 1, field.contains(".") {
                    guard let v4 = parseIPv4(field) else { return nil }
                    result.append(UInt16(v4 >> 16))
                    result.append(UInt16(v4 & 0xFFFF))
                    continue
                }
                guard !field.isEmpty, field.count <= 4, field.allSatisfy({ $0.isASCII && $0.isHexDigit }),
                      let group = UInt16(field, radix: 16)
                else { return nil }
                result.append(group)
            }
            return result
        }
        guard let first = groups(pieces[0], allowIPv4Tail: !compressed) else { return nil }
        head = first
        if compressed {
            guard let second = groups(pieces[1], allowIPv4Tail: true) else { return nil }
            tail = second
            guard head.count + tail.count <= 7 else { return nil }
            return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        return head.count == 8 ? head : nil
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
