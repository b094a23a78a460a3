import Crypto

/// The SHA-2 hash a KMS signing algorithm names, and the digest it signs for a message:
/// RAW messages are hashed here, DIGEST messages must already have the hash's length.
enum SignatureHash: Sendable {
    case sha256, sha384, sha512

    var byteCount: Int {
        switch self {
        case .sha256: return SHA256Digest.byteCount
        case .sha384: return SHA384Digest.byteCount
        case .sha512: return SHA512Digest.byteCount
        }
    }

    /// The digest as swift-crypto's own `SHA256Digest`/`SHA384Digest`/`SHA512Digest`,
    /// because its RSA picks the hash by the digest's type and rejects any other type.
    func concreteDigest(of message: SignedMessage) throws(AsymmetricFailure) -> any Digest {
        switch self {
        case .sha256: return try message.concreteDigest(SHA256.self)
        case .sha384: return try message.concreteDigest(SHA384.self)
        case .sha512: return try message.concreteDigest(SHA512.self)
        }
    }
}

extension SignedMessage {
    func concreteDigest<H: HashFunction>(_ hash: H.Type) throws(AsymmetricFailure) -> H.Digest {
        switch self {
        case .raw(let message): return H.hash(data: message)
        case .digest(let digest): return try DigestBytes.concrete(H.self, from: digest)
        case .externalMu: throw .algorithmMismatch
        }
    }

    func externalDigest<H: HashFunction>(_ hash: H.Type) throws(AsymmetricFailure) -> ExternalDigest<H> {
        switch self {
        case .raw(let message): return try ExternalDigest(Array(H.hash(data: message)))
        case .digest(let digest): return try ExternalDigest(digest)
        case .externalMu: throw .algorithmMismatch
        }
    }
}

/// A digest computed by the caller, labelled with the hash it claims to come from. ECDSA
/// in swift-crypto accepts any `Digest` and only reads its bytes, so this is all it needs.
struct ExternalDigest<H: HashFunction>: Digest {
    static var byteCount: Int { H.Digest.byteCount }
    private let bytes: [UInt8]

    init(_ bytes: [UInt8]) throws(AsymmetricFailure) {
        guard bytes.count == Self.byteCount else { throw .wrongDigestLength(expected: Self.byteCount) }
        self.bytes = bytes
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }

    func makeIterator() -> IndexingIterator<[UInt8]> {
        bytes.makeIterator()
    }
}

enum DigestBytes {
    /// swift-crypto's SHA-2 digest types have no public initialiser from bytes, yet its RSA
    /// accepts nothing else. They are plain structs holding exactly the digest bytes, so a
    /// real digest value is overwritten in place. The layout is not API: the size check and
    /// the read-back below refuse to sign if a future release changes it, and a unit test
    /// pins it against real digests.
    static func concrete<H: HashFunction>(_ hash: H.Type, from bytes: [UInt8]) throws(AsymmetricFailure) -> H.Digest {
        guard bytes.count == H.Digest.byteCount else { throw .wrongDigestLength(expected: H.Digest.byteCount) }
        guard MemoryLayout<H.Digest>.size == bytes.count else { throw .unsupported("DIGEST") }
        var digest = H.hash(data: [UInt8]())
        withUnsafeMutableBytes(of: &digest) { $0.copyBytes(from: bytes) }
        guard Array(digest) == bytes else { throw .unsupported("DIGEST") }
        return digest
    }
}
