import Crypto

/// Random bytes from the operating system's CSPRNG (getrandom on Linux), through BoringSSL.
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        // SymmetricKey(size:) draws from BoringSSL's RAND_bytes, which is seeded by getrandom.
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var remaining = count
        while remaining > 0 {
            let key = SymmetricKey(size: .bits256)
            key.withUnsafeBytes { raw in
                out.append(contentsOf: raw.prefix(remaining))
            }
            remaining = count - out.count
        }
        return out
    }

    public static func hex(_ count: Int) -> String {
        Hex.encode(bytes(count))
    }
}

public enum Hex {
    static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex; with `lowercaseOnly`, uppercase digits are refused (SigV4 signatures are
    /// compared as lowercase text by AWS, so an uppercase one must not match).
    public static func decode(_ text: String, lowercaseOnly: Bool = false) -> [UInt8]? {
        let chars = Array(text.utf8)
        if lowercaseOnly, chars.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") }) { return nil }
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var index = 0
        while index < chars.count {
            guard let high = nibble(chars[index]), let low = nibble(chars[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }
}
