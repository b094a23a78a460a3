/// Request ids in AWS's shape (a lowercase UUID v4), made from the system CSPRNG without
/// Foundation's UUID and its string round trips.
enum RequestID {
    static let hex = Array("0123456789abcdef".utf8)

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var high = generator.next() as UInt64, low = generator.next() as UInt64
        high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000  // version 4
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000     // RFC 4122 variant
        var out = [UInt8](repeating: UInt8(ascii: "-"), count: 36)
        var position = 0
        for (word, shift) in [(high, 60), (low, 60)] {
            var remaining = shift
            while remaining >= 0 {
                if position == 8 || position == 13 || position == 18 || position == 23 { position += 1 }
                out[position] = hex[Int((word >> UInt64(remaining)) & 0xF)]
                position += 1
                remaining -= 4
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
