import COpenSSL

/// SM2 key pairs (China regions in AWS): SM2DSA (GM/T 0003.2), SM2PKE (GM/T 0003.4) and ECDH.
/// Neither swift-crypto nor its BoringSSL has SM2, so keys live in the system OpenSSL.
public enum SM2Keys: KeyPairFamily {
    public static let kinds: [KeyPairKind] = [.sm2]

    public static func generate(_ kind: KeyPairKind) throws(AsymmetricFailure) -> any PrivateKeyHandle {
        guard kind == .sm2 else { throw .algorithmMismatch }
        guard let key = OpenSSLEVP.generate(type: SM2PublicKey.type, group: SM2PublicKey.group) else {
            throw .unsupported("OpenSSL could not generate an SM2 key")
        }
        return try SM2PrivateKey(key)
    }

    public static func load(_ kind: KeyPairKind, privateKeyDER: [UInt8]) throws(AsymmetricFailure) -> any PrivateKeyHandle {
        guard kind == .sm2, let key = OpenSSLEVP.parsePrivateKeyInfo(privateKeyDER), SM2PublicKey.isSM2(key) else {
            throw .invalidPrivateKey
        }
        return try SM2PrivateKey(key)
    }
}

struct SM2PrivateKey: PrivateKeyHandle {
    let key: EVPKey
    let publicKeyDER: [UInt8]
    let privateKeyDER: [UInt8]

    var kind: KeyPairKind { .sm2 }

    init(_ key: EVPKey) throws(AsymmetricFailure) {
        self.key = key
        (publicKeyDER, privateKeyDER) = try OpenSSLEVP.encodings(of: key)
    }

    func sign(_ message: SignedMessage, algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> [UInt8] {
        guard algorithm == .sm2dsa else { throw .algorithmMismatch }
        let signature: [UInt8]?
        switch message {
        case .raw(let bytes):
            signature = OpenSSLEVP.sign(message: bytes, digest: "SM3", distinguishingID: SM2PublicKey.distinguishingID, with: key)
        case .digest(let e):
            signature = OpenSSLEVP.sign(prehashed: try SM2PublicKey.checkedE(e), with: key)
        case .externalMu:
            throw .algorithmMismatch
        }
        guard let signature else { throw .unsupported("OpenSSL could not sign with the SM2 key") }
        return signature
    }

    func verify(_ message: SignedMessage, signature: [UInt8], algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> Bool {
        try SM2PublicKey.verify(key, message: message, signature: signature, algorithm: algorithm)
    }

    func encrypt(_ plaintext: [UInt8], algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8] {
        try SM2PublicKey.encrypt(plaintext, with: key, algorithm: algorithm)
    }

    func decrypt(_ ciphertext: [UInt8], algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8] {
        guard algorithm == .sm2pke else { throw .algorithmMismatch }
        guard let plaintext = OpenSSLEVP.decrypt(ciphertext, with: key) else { throw .invalidCiphertext }
        return plaintext
    }

    /// ECDH on the SM2 curve (KMS DeriveSharedSecret). SM2's cofactor is 1, so this is also
    /// the cofactor Diffie-Hellman primitive that KMS names.
    func deriveSharedSecret(peerPublicKeyDER: [UInt8]) throws(AsymmetricFailure) -> [UInt8] {
        guard let peer = OpenSSLEVP.parseSubjectPublicKeyInfo(peerPublicKeyDER), SM2PublicKey.isSM2(peer) else {
            throw .invalidPublicKey
        }
        guard let secret = OpenSSLEVP.sharedSecretX(key, peer: peer, curve: NID_sm2) else { throw .invalidPublicKey }
        return secret
    }
}

/// What a holder of only the SM2 public key can do: verify and encrypt.
public enum SM2PublicKey {
    static let type = "SM2"
    static let group = "SM2"
    /// The default user ID of GM/T 0009-2012, which KMS uses for RAW messages and which
    /// offline verifiers must be given.
    static let distinguishingID = Array("1234567812345678".utf8)
    /// The Encrypt API reference limits SM2PKE plaintext to 1024 bytes.
    static let maximumPlaintext = 1024

    public static func verify(spki: [UInt8], message: SignedMessage, signature: [UInt8], algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> Bool {
        try verify(parse(spki), message: message, signature: signature, algorithm: algorithm)
    }

    /// SM2PKE ciphertext as KMS returns it: DER SEQUENCE of C1 (x, y), C3 (SM3 hash), C2.
    public static func encrypt(spki: [UInt8], plaintext: [UInt8], algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8] {
        try encrypt(plaintext, with: parse(spki), algorithm: algorithm)
    }

    static func isSM2(_ key: EVPKey) -> Bool {
        OpenSSLEVP.isKey(key, type: type, group: group)
    }

    /// A DIGEST message for SM2DSA is the `e` value (SM3 of Z‖M), signed as it is, so a caller
    /// may compute Z with a distinguishing ID of their own.
    static func checkedE(_ e: [UInt8]) throws(AsymmetricFailure) -> [UInt8] {
        guard e.count == 32 else { throw .wrongDigestLength(expected: 32) }
        return e
    }

    static func verify(_ key: EVPKey, message: SignedMessage, signature: [UInt8], algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> Bool {
        guard algorithm == .sm2dsa else { throw .algorithmMismatch }
        switch message {
        case .raw(let bytes):
            return OpenSSLEVP.verify(signature: signature, message: bytes, digest: "SM3", distinguishingID: distinguishingID, with: key)
        case .digest(let e):
            return OpenSSLEVP.verify(signature: signature, prehashed: try checkedE(e), with: key)
        case .externalMu:
            throw .algorithmMismatch
        }
    }

    static func encrypt(_ plaintext: [UInt8], with key: EVPKey, algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8] {
        guard algorithm == .sm2pke else { throw .algorithmMismatch }
        guard plaintext.count <= maximumPlaintext else { throw .plaintextTooLong(max: maximumPlaintext) }
        guard let ciphertext = OpenSSLEVP.encrypt(plaintext, with: key) else {
            throw .unsupported("OpenSSL could not encrypt with the SM2 key")
        }
        return ciphertext
    }

    private static func parse(_ spki: [UInt8]) throws(AsymmetricFailure) -> EVPKey {
        guard let key = OpenSSLEVP.parseSubjectPublicKeyInfo(spki), isSM2(key) else { throw .invalidPublicKey }
        return key
    }
}
