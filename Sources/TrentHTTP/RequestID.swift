import Synchronization

/// Request ids in AWS's shape (a lowercase UUID v4). Random bits drawn once per process plus
/// a counter: unique within the process, unpredictable across processes, and no system call
/// per request (they identify requests; they protect nothing).
enum RequestID {
    static let hex = Array("0123456789abcdef".utf8)
    static let seed: (UInt64, UInt64) = {
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), generator.next())
    }()
    static let counter = Atomic<UInt64>(0)

    static func make() -> String {
        let count = counter.wrappingAdd(1, ordering: .relaxed).oldValue
        let high = (seed.0 & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000  // version 4
        let low = ((seed.1 &+ count) & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000  // RFC 4122 variant
        var out = [UInt8](repeating: UInt8(ascii: "-"), count: 36)
        var position = 0
        for word in [high, low] {
            var shift = 60
            while shift >= 0 {
                if position == 8 || position == 13 || position == 18 || position == 23 { position += 1 }
                out[position] = hex[Int((word >> UInt64(shift)) & 0xF)]
                position += 1
                shift -= 4
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
