/// Just enough DER for the few fixed structures swift-crypto neither builds nor checks for
/// us: ML-DSA SPKI/PKCS#8, and the algorithm identifier of EC keys (swift-crypto ignores
/// it, so a key for another curve would otherwise get through). Strict on purpose: DER has
/// one encoding per value, so anything not minimal is rejected rather than normalised.
enum DERElements {
    static let sequence: UInt8 = 0x30
    static let integer: UInt8 = 0x02
    static let bitString: UInt8 = 0x03
    static let octetString: UInt8 = 0x04

    struct Element {
        let tag: UInt8
        let content: ArraySlice<UInt8>
        /// Tag, length and content together, to compare against a canonical encoding.
        let encoded: ArraySlice<UInt8>
    }

    /// The consecutive elements filling `bytes` exactly; nil if anything is malformed.
    static func split(_ bytes: ArraySlice<UInt8>) -> [Element]? {
        var elements: [Element] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let start = index
            let tag = bytes[index]
            // Multi-byte tags never occur in the structures read here.
            guard tag & 0x1f != 0x1f else { return nil }
            index += 1
            guard index < bytes.endIndex else { return nil }
            let first = bytes[index]
            index += 1
            var length = 0
            if first < 0x80 {
                length = Int(first)
            } else {
                let count = Int(first & 0x7f)
                // 0x80 is BER's indefinite length; more than 3 length bytes is beyond any key here.
                guard (1...3).contains(count), bytes.endIndex - index >= count, bytes[index] != 0 else { return nil }
                for _ in 0..<count {
                    length = length << 8 | Int(bytes[index])
                    index += 1
                }
                guard length >= 0x80 else { return nil }
            }
            guard bytes.endIndex - index >= length else { return nil }
            elements.append(Element(tag: tag, content: bytes[index..<index + length], encoded: bytes[start..<index + length]))
            index += length
        }
        return elements
    }

    /// The single element `bytes` consists of, if it has that tag.
    static func only(_ tag: UInt8, in bytes: ArraySlice<UInt8>) -> Element? {
        guard let elements = split(bytes), elements.count == 1, elements[0].tag == tag else { return nil }
        return elements[0]
    }

    static func encode(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        var out = [tag]
        if content.count < 0x80 {
            out.append(UInt8(content.count))
        } else {
            var lengthBytes: [UInt8] = []
            var remaining = content.count
            while remaining > 0 {
                lengthBytes.insert(UInt8(remaining & 0xff), at: 0)
                remaining >>= 8
            }
            out.append(0x80 | UInt8(lengthBytes.count))
            out.append(contentsOf: lengthBytes)
        }
        return out + content
    }
}
