import COpenSSL
import Crypto

/// Random bytes from OpenSSL 3's DRBG (NIST SP 800-90A CTR_DRBG, AES-256), which seeds itself
/// from getrandom, keeps one instance per thread and reseeds after fork. Drawing from it costs
/// no system call, where asking the kernel each time (as `SystemRandomNumberGenerator` does)
/// costs about a microsecond per nonce on the request path.
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }

    /// Fills `buffer` with random bytes. A DRBG that cannot produce output (its seed source
    /// failed) leaves nothing safe to do: nonces and keys must never be guessable.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        let status = RAND_bytes(base.assumingMemoryBound(to: UInt8.self), Int32(buffer.count))
        precondition(status == 1, "the OpenSSL DRBG failed to produce random bytes")
    }

    public static func hex(_ count: Int) -> String {
        Hex.encode(bytes(count))
    }
}

public enum Hex {
    static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let count = bytes.underestimatedCount
        // Digests (the request path hashes two per call) have an exact count: write the
        // text in place instead of growing an array and copying it into a String.
        if count > 0, let text = bytes.withContiguousStorageIfAvailable({ encodeContiguous($0) }) {
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func encode(_ digest: some Digest) -> String {
        digest.withUnsafeBytes { raw in encodeContiguous(raw.bindMemory(to: UInt8.self)) }
    }

    private static func encodeContiguous(_ input: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: input.count * 2) { output in
            digits.withUnsafeBufferPointer { table in
                for (index, byte) in input.enumerated() {
                    output[2 * index] = table[Int(byte >> 4)]
                    output[2 * index + 1] = table[Int(byte & 0x0f)]
                }
            }
            return input.count * 2
        }
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
