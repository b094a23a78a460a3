import Crypto
import CryptoExtras

/// RSA_2048 / RSA_3072 / RSA_4096 key pairs, for either signing or OAEP encryption; KMS
/// fixes neither the padding nor the hash on the key, so both key views are kept.
public enum RSAKeys: KeyPairFamily {
    public static let kinds: [KeyPairKind] = [.rsa2048, .rsa3072, .rsa4096]

    public static func generate(_ kind: KeyPairKind) throws(AsymmetricFailure) -> any PrivateKeyHandle {
        guard let bits = RSAPublicKeyOperations.modulusBits(kind) else { throw .algorithmMismatch }
        let key: _RSA.Signing.PrivateKey
        do {
            key = try _RSA.Signing.PrivateKey(keySize: _RSA.Signing.KeySize(bitCount: bits))
        } catch {
            throw .unsupported("RSA key generation failed")
        }
        return try RSAPrivateKeyHandle(kind: kind, key: key)
    }

    public static func load(_ kind: KeyPairKind, privateKeyDER: [UInt8]) throws(AsymmetricFailure) -> any PrivateKeyHandle {
        // swift-crypto also takes PKCS#1 here; only PKCS#8 rsaEncryption keys are Trent's format.
        guard let bits = RSAPublicKeyOperations.modulusBits(kind),
              let parsed = KeyInfo.parsePKCS8(privateKeyDER), parsed.algorithm.elementsEqual(KeyInfo.AlgorithmIdentifier.rsa),
              let key = try? _RSA.Signing.PrivateKey(derRepresentation: privateKeyDER), key.keySizeInBits == bits
        else { throw .invalidPrivateKey }
        return try RSAPrivateKeyHandle(kind: kind, key: key)
    }
}

struct RSAPrivateKeyHandle: PrivateKeyHandle {
    let kind: KeyPairKind
    let publicKeyDER: [UInt8]
    let privateKeyDER: [UInt8]
    private let signingKey: _RSA.Signing.PrivateKey
    private let publicKey: _RSA.Signing.PublicKey
    private let encryptionKeys: RSAEncryptionKeys

    init(kind: KeyPairKind, key: _RSA.Signing.PrivateKey) throws(AsymmetricFailure) {
        self.kind = kind
        signingKey = key
        publicKey = key.publicKey
        publicKeyDER = Array(key.publicKey.derRepresentation)
        // `_RSA.Encryption.PrivateKey` cannot export PKCS#8, so the signing view provides it.
        privateKeyDER = Array(key.pkcs8DERRepresentation)
        do {
            encryptionKeys = RSAEncryptionKeys(
                privateKey: try _RSA.Encryption.PrivateKey(derRepresentation: key.derRepresentation),
                publicKey: try _RSA.Encryption.PublicKey(derRepresentation: publicKeyDER)
            )
        } catch {
            throw .invalidPrivateKey
        }
    }

    func sign(_ message: SignedMessage, algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> [UInt8] {
        let (padding, hash) = try RSAPublicKeyOperations.scheme(algorithm)
        let digest = try hash.concreteDigest(of: message)
        do {
            return Array(try signingKey.signature(for: digest, padding: padding).rawRepresentation)
        } catch {
            throw .invalidPrivateKey
        }
    }

    func verify(_ message: SignedMessage, signature: [UInt8], algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> Bool {
        try RSAPublicKeyOperations.verify(publicKey, message: message, signature: signature, algorithm: algorithm)
    }

    func encrypt(_ plaintext: [UInt8], algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8] {
        try RSAPublicKeyOperations.encrypt(encryptionKeys.publicKey, plaintext: plaintext, algorithm: algorithm)
    }

    func decrypt(_ ciphertext: [UInt8], algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8] {
        let padding = try RSAPublicKeyOperations.padding(algorithm)
        do {
            return Array(try encryptionKeys.privateKey.decrypt(ciphertext, padding: padding))
        } catch {
            throw .invalidCiphertext
        }
    }

    func deriveSharedSecret(peerPublicKeyDER: [UInt8]) throws(AsymmetricFailure) -> [UInt8] {
        throw .algorithmMismatch
    }
}

/// swift-crypto's `_RSA.Encryption` key structs are not declared `Sendable`, although they
/// wrap the same immutable, thread-safe BoringSSL key as the `Sendable` `_RSA.Signing` ones.
/// Holding them here, never mutated, keeps the handle `Sendable` without parsing the key
/// again on every Decrypt.
private final class RSAEncryptionKeys: @unchecked Sendable {
    let privateKey: _RSA.Encryption.PrivateKey
    let publicKey: _RSA.Encryption.PublicKey

    init(privateKey: _RSA.Encryption.PrivateKey, publicKey: _RSA.Encryption.PublicKey) {
        self.privateKey = privateKey
        self.publicKey = publicKey
    }
}
