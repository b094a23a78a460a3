/// Trent's symmetric ciphertext blob. The format is private, as AWS's is, but fixed:
///
///     0      version (0x01)
///     1      n = length of the key id
///     2      key id, n ASCII bytes (no region or account, so a multi-Region replica,
///            which shares the key id, decrypts its primary's blobs)
///     2+n    key material id, 32 bytes (selects the material version after rotation)
///     34+n   AES-GCM nonce, 12 bytes
///     46+n   ciphertext
///     end-16 AES-GCM tag, 16 bytes
///
/// The AES-GCM additional data is the header (bytes 0 ..< 46+n) followed by the canonical
/// encryption context, so changing any header byte or the context fails authentication.
public struct CiphertextBlob: Sendable, Equatable {
    public static let version: UInt8 = 1
    public static let materialIdLength = 32
    public static let nonceLength = 12
    public static let tagLength = 16

    public let keyId: String
    public let materialId: [UInt8]
    public let nonce: [UInt8]
    public let ciphertext: [UInt8]
    public let tag: [UInt8]

    public init(keyId: String, materialId: [UInt8], nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) {
        self.keyId = keyId
        self.materialId = materialId
        self.nonce = nonce
        self.ciphertext = ciphertext
        self.tag = tag
    }

    /// The header bytes for a key id, material id and nonce: the blob's prefix and the
    /// start of its additional data.
    public static func header(keyId: String, materialId: [UInt8], nonce: [UInt8]) -> [UInt8] {
        let id = Array(keyId.utf8)
        precondition(id.count < 256 && materialId.count == materialIdLength && nonce.count == nonceLength)
        var out: [UInt8] = []
        out.reserveCapacity(2 + id.count + materialIdLength + nonceLength)
        out.append(version)
        out.append(UInt8(id.count))
        out.append(contentsOf: id)
        out.append(contentsOf: materialId)
        out.append(contentsOf: nonce)
        return out
    }

    public var header: [UInt8] { Self.header(keyId: keyId, materialId: materialId, nonce: nonce) }

    public func additionalData(context: [String: String]) -> [UInt8] {
        header + EncryptionContext.canonicalBytes(context)
    }

    public func serialized() -> [UInt8] {
        header + ciphertext + tag
    }

    /// Parses a blob; every malformed input is `InvalidCiphertextException`, never a crash.
    public static func parse(_ bytes: [UInt8]) throws(KMSError) -> CiphertextBlob {
        guard bytes.count >= 2, bytes[0] == version else { throw invalid }
        let idLength = Int(bytes[1])
        let headerLength = 2 + idLength + materialIdLength + nonceLength
        guard idLength > 0, bytes.count >= headerLength + tagLength else { throw invalid }
        let idBytes = bytes[2 ..< 2 + idLength]
        guard let keyId = String(validating: idBytes, as: UTF8.self),
              KeyIdentifiers.isValidKeyId(keyId)
        else { throw invalid }
        var offset = 2 + idLength
        let materialId = Array(bytes[offset ..< offset + materialIdLength])
        offset += materialIdLength
        let nonce = Array(bytes[offset ..< offset + nonceLength])
        offset += nonceLength
        let ciphertext = Array(bytes[offset ..< bytes.count - tagLength])
        let tag = Array(bytes[(bytes.count - tagLength)...])
        return CiphertextBlob(keyId: keyId, materialId: materialId, nonce: nonce, ciphertext: ciphertext, tag: tag)
    }

    /// AWS returns this with an empty message for any ciphertext it cannot authenticate.
    public static let invalid = KMSError("InvalidCiphertextException", "")
}
