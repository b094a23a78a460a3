import Crypto
import CryptoExtras
import Foundation

/// ECC_NIST_EDWARDS25519 key pairs. KMS pins each algorithm to one message type:
/// ED25519_SHA_512 (pure Ed25519, swift-crypto) takes RAW only, and ED25519_PH_SHA_512
/// (Ed25519ph, libsodium) takes a 64-byte DIGEST only.
public enum Ed25519Keys: KeyPairFamily {
    public static let kinds: [KeyPairKind] = [.ed25519]

    public static func generate(_ kind: KeyPairKind) throws(AsymmetricFailure) -> any PrivateKeyHandle {
        guard kind == .ed25519 else { throw .algorithmMismatch }
        return Ed25519PrivateKey(Curve25519.Signing.PrivateKey())
    }

    /// Takes the 48-byte PKCS#8 v1 form that swift-crypto, OpenSSL and pyca write. The
    /// re-encoding must give back the input because swift-crypto's parser does not look at the
    /// algorithm: an X25519 key would otherwise load as an Ed25519 one.
    public static func load(_ kind: KeyPairKind, privateKeyDER: [UInt8]) throws(AsymmetricFailure) -> any PrivateKeyHandle {
        guard kind == .ed25519,
              let key = try? Curve25519.Signing.PrivateKey(derRepresentation: privateKeyDER),
              key.derRepresentation.elementsEqual(privateKeyDER)
        else { throw .invalidPrivateKey }
        return Ed25519PrivateKey(key)
    }
}

struct Ed25519PrivateKey: PrivateKeyHandle {
    let key: Curve25519.Signing.PrivateKey
    let publicKeyDER: [UInt8]
    let privateKeyDER: [UInt8]

    var kind: KeyPairKind { .ed25519 }

    init(_ key: Curve25519.Signing.PrivateKey) {
        self.key = key
        self.publicKeyDER = Array(key.publicKey.derRepresentation)
        self.privateKeyDER = Array(key.derRepresentation)
    }

    func sign(_ message: SignedMessage, algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> [UInt8] {
        let signature: [UInt8]?
        switch try Ed25519PublicKey.input(message, algorithm: algorithm) {
        case .pure(let bytes):
            signature = (try? key.signature(for: bytes)).map { Array($0) }
        case .prehash(let digest):
            signature = Ed25519ph.sign(message: digest, seed: Array(key.rawRepresentation))
        }
        guard let signature else { throw .unsupported("Ed25519 signing failed") }
        return signature
    }

    func verify(_ message: SignedMessage, signature: [UInt8], algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> Bool {
        try Ed25519PublicKey.verify(key.publicKey, message: message, signature: signature, algorithm: algorithm)
    }

    func encrypt(_ plaintext: [UInt8], algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8] {
        throw .algorithmMismatch
    }

    func decrypt(_ ciphertext: [UInt8], algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8] {
        throw .algorithmMismatch
    }

    /// Ed25519 keys are for signing only; KMS has no KEY_AGREEMENT for them.
    func deriveSharedSecret(peerPublicKeyDER: [UInt8]) throws(AsymmetricFailure) -> [UInt8] {
        throw .algorithmMismatch
    }
}

/// Verification with only the SubjectPublicKeyInfo (44 bytes).
public enum Ed25519PublicKey {
    public static func verify(spki: [UInt8], message: SignedMessage, signature: [UInt8], algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(derRepresentation: spki) else { throw .invalidPublicKey }
        return try verify(key, message: message, signature: signature, algorithm: algorithm)
    }

    static func verify(_ key: Curve25519.Signing.PublicKey, message: SignedMessage, signature: [UInt8], algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> Bool {
        switch try input(message, algorithm: algorithm) {
        case .pure(let bytes):
            return key.isValidSignature(signature, for: bytes)
        case .prehash(let digest):
            return Ed25519ph.verify(signature: signature, message: digest, publicKey: Array(key.rawRepresentation))
        }
    }

    enum Input {
        case pure([UInt8])
        case prehash([UInt8])
    }

    /// The pairing KMS enforces between algorithm and message type.
    static func input(_ message: SignedMessage, algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> Input {
        switch (algorithm, message) {
        case (.ed25519Sha512, .raw(let bytes)):
            return .pure(bytes)
        case (.ed25519PhSha512, .digest(let digest)):
            guard digest.count == SHA512.byteCount else { throw .wrongDigestLength(expected: SHA512.byteCount) }
            return .prehash(digest)
        default:
            throw .algorithmMismatch
        }
    }
}
