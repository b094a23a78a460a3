/// The canonical byte form of an encryption context, used as AES-GCM additional data.
///
/// Order-independent (pairs are sorted by the UTF-8 bytes of their keys) and unambiguous
/// (every key and value carries its length), so `{"a":"bc"}` and `{"ab":"c"}` differ and
/// the same map always produces the same bytes. Comparison is exact and case-sensitive.
public enum EncryptionContext {
    public static func canonicalBytes(_ context: [String: String]) -> [UInt8] {
        var out: [UInt8] = []
        appendUInt32(UInt32(context.count), to: &out)
        let sorted = context.map { (Array($0.key.utf8), Array($0.value.utf8)) }
            .sorted { $0.0.lexicographicallyPrecedes($1.0) }
        for (key, value) in sorted {
            appendUInt32(UInt32(key.count), to: &out)
            out.append(contentsOf: key)
            appendUInt32(UInt32(value.count), to: &out)
            out.append(contentsOf: value)
        }
        return out
    }

    static func appendUInt32(_ value: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: value >> 24))
        out.append(UInt8(truncatingIfNeeded: value >> 16))
        out.append(UInt8(truncatingIfNeeded: value >> 8))
        out.append(UInt8(truncatingIfNeeded: value))
    }
}
