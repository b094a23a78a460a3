import Crypto

/// ECC_SECG_P256K1 key pairs: ECDSA_SHA_256 only, signatures DER-encoded. swift-crypto has no
/// secp256k1, so keys live in the system OpenSSL. Signatures keep whatever S OpenSSL produces,
/// as AWS does not normalise to low-S either.
public enum Secp256k1Keys: KeyPairFamily {
    public static let kinds: [KeyPairKind] = [.secp256k1]

    public static func generate(_ kind: KeyPairKind) throws(AsymmetricFailure) -> any PrivateKeyHandle {
        guard kind == .secp256k1 else { throw .algorithmMismatch }
        guard let key = OpenSSLEVP.generate(type: "EC", group: Secp256k1PublicKey.group) else {
            throw .unsupported("OpenSSL could not generate a secp256k1 key")
        }
        return try Secp256k1PrivateKey(key)
    }

    public static func load(_ kind: KeyPairKind, privateKeyDER: [UInt8]) throws(AsymmetricFailure) -> any PrivateKeyHandle {
        guard kind == .secp256k1, let key = OpenSSLEVP.parsePrivateKeyInfo(privateKeyDER), Secp256k1PublicKey.isSecp256k1(key) else {
            throw .invalidPrivateKey
        }
        return try Secp256k1PrivateKey(key)
    }
}

struct Secp256k1PrivateKey: PrivateKeyHandle {
    let key: EVPKey
    let publicKeyDER: [UInt8]
    let privateKeyDER: [UInt8]

    var kind: KeyPairKind { .secp256k1 }

    init(_ key: EVPKey) throws(AsymmetricFailure) {
        self.key = key
        (publicKeyDER, privateKeyDER) = try OpenSSLEVP.encodings(of: key)
    }

    func sign(_ message: SignedMessage, algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> [UInt8] {
        let digest = try Secp256k1PublicKey.digest(of: message, algorithm: algorithm)
        guard let signature = OpenSSLEVP.sign(prehashed: digest, with: key) else {
            throw .unsupported("OpenSSL could not sign with the secp256k1 key")
        }
        return signature
    }

    func verify(_ message: SignedMessage, signature: [UInt8], algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> Bool {
        let digest = try Secp256k1PublicKey.digest(of: message, algorithm: algorithm)
        return OpenSSLEVP.verify(signature: signature, prehashed: digest, with: key)
    }

    func encrypt(_ plaintext: [UInt8], algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8] {
        throw .algorithmMismatch
    }

    func decrypt(_ ciphertext: [UInt8], algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8] {
        throw .algorithmMismatch
    }

    /// KMS offers no KEY_AGREEMENT usage for ECC_SECG_P256K1.
    func deriveSharedSecret(peerPublicKeyDER: [UInt8]) throws(AsymmetricFailure) -> [UInt8] {
        throw .algorithmMismatch
    }
}

/// Verification with only a SubjectPublicKeyInfo, as a holder of the public key would do it.
public enum Secp256k1PublicKey {
    static let group = "secp256k1"

    /// `true` only for a valid signature; throws for an SPKI that is not a secp256k1 key, or an
    /// algorithm or message type that does not fit it.
    public static func verify(spki: [UInt8], message: SignedMessage, signature: [UInt8], algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> Bool {
        let digest = try digest(of: message, algorithm: algorithm)
        guard let key = OpenSSLEVP.parseSubjectPublicKeyInfo(spki), isSecp256k1(key) else { throw .invalidPublicKey }
        return OpenSSLEVP.verify(signature: signature, prehashed: digest, with: key)
    }

    static func isSecp256k1(_ key: EVPKey) -> Bool {
        OpenSSLEVP.isKey(key, type: "EC", group: group)
    }

    /// The SHA-256 value ECDSA signs: computed here for RAW, taken as given for DIGEST.
    static func digest(of message: SignedMessage, algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> [UInt8] {
        guard algorithm == .ecdsaSha256 else { throw .algorithmMismatch }
        switch message {
        case .raw(let bytes):
            return Array(SHA256.hash(data: bytes))
        case .digest(let bytes):
            guard bytes.count == SHA256.byteCount else { throw .wrongDigestLength(expected: SHA256.byteCount) }
            return bytes
        case .externalMu:
            throw .algorithmMismatch
        }
    }
}
