/// The outer layers of SubjectPublicKeyInfo (RFC 5280) and PKCS#8 / OneAsymmetricKey
/// (RFC 5958) shared by every key family. Algorithm identifiers are compared byte for byte
/// with the canonical encodings below, which is how a key for another algorithm or curve,
/// or one with explicit curve parameters, gets refused.
enum KeyInfo {
    enum AlgorithmIdentifier {
        /// rsaEncryption with NULL parameters.
        static let rsa: [UInt8] = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]
        /// id-ecPublicKey with the named curve (RFC 5480).
        static let p256: [UInt8] = [0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]
        static let p384: [UInt8] = [0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22]
        static let p521: [UInt8] = [0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23]
        /// id-ml-dsa-44 / -65 / -87 (2.16.840.1.101.3.4.3.17 / .18 / .19), parameters absent (RFC 9881).
        static let mlDsa44: [UInt8] = [0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x11]
        static let mlDsa65: [UInt8] = [0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x12]
        static let mlDsa87: [UInt8] = [0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x13]
    }

    static func spki(algorithm: [UInt8], publicKey: [UInt8]) -> [UInt8] {
        DERElements.encode(DERElements.sequence, algorithm + DERElements.encode(DERElements.bitString, [0] + publicKey))
    }

    /// The algorithm identifier and the public key bits of an SPKI with nothing after it.
    static func parseSPKI(_ der: [UInt8]) -> (algorithm: ArraySlice<UInt8>, publicKey: ArraySlice<UInt8>)? {
        guard let outer = DERElements.only(DERElements.sequence, in: der[...]),
              let fields = DERElements.split(outer.content), fields.count == 2,
              fields[0].tag == DERElements.sequence, fields[1].tag == DERElements.bitString,
              fields[1].content.first == 0 // no unused bits: every key here is whole bytes
        else { return nil }
        return (fields[0].encoded, fields[1].content.dropFirst())
    }

    static func pkcs8(algorithm: [UInt8], privateKey: [UInt8]) -> [UInt8] {
        DERElements.encode(DERElements.sequence, [DERElements.integer, 0x01, 0x00] + algorithm + DERElements.encode(DERElements.octetString, privateKey))
    }

    /// The algorithm identifier and the privateKey octets of a PKCS#8 v1 or v2 key. The
    /// optional attributes [0] and publicKey [1] are skipped: the public key is always
    /// recomputed from the private one.
    static func parsePKCS8(_ der: [UInt8]) -> (algorithm: ArraySlice<UInt8>, privateKey: ArraySlice<UInt8>)? {
        guard let outer = DERElements.only(DERElements.sequence, in: der[...]),
              let fields = DERElements.split(outer.content), (3...5).contains(fields.count),
              fields[0].tag == DERElements.integer, fields[0].content.count == 1, fields[0].content.first! <= 1,
              fields[1].tag == DERElements.sequence, fields[2].tag == DERElements.octetString,
              fields.dropFirst(3).allSatisfy({ $0.tag == 0xa0 || $0.tag == 0x81 })
        else { return nil }
        return (fields[1].encoded, fields[2].content)
    }
}
