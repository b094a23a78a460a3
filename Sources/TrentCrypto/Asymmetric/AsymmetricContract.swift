/// The contract between the KMS operations and the asymmetric and HMAC primitives. The
/// operations know KMS names (key specs, algorithms); the primitives behind this contract
/// know only curves, hashes and paddings. Private keys travel as PKCS#8 DER, public keys as
/// SubjectPublicKeyInfo DER, exactly the formats KMS returns.

/// Key pair types Trent can hold, by the KMS KeySpec / DataKeyPairSpec names.
public enum KeyPairKind: String, Sendable, CaseIterable {
    case rsa2048 = "RSA_2048", rsa3072 = "RSA_3072", rsa4096 = "RSA_4096"
    case p256 = "ECC_NIST_P256", p384 = "ECC_NIST_P384", p521 = "ECC_NIST_P521"
    case secp256k1 = "ECC_SECG_P256K1"
    case ed25519 = "ECC_NIST_EDWARDS25519"
    case mlDsa44 = "ML_DSA_44", mlDsa65 = "ML_DSA_65", mlDsa87 = "ML_DSA_87"
    case sm2 = "SM2"
}

/// KMS SigningAlgorithmSpec.
public enum SignatureAlgorithm: String, Sendable, CaseIterable {
    case rsaPssSha256 = "RSASSA_PSS_SHA_256", rsaPssSha384 = "RSASSA_PSS_SHA_384", rsaPssSha512 = "RSASSA_PSS_SHA_512"
    case rsaPkcs1Sha256 = "RSASSA_PKCS1_V1_5_SHA_256", rsaPkcs1Sha384 = "RSASSA_PKCS1_V1_5_SHA_384", rsaPkcs1Sha512 = "RSASSA_PKCS1_V1_5_SHA_512"
    case ecdsaSha256 = "ECDSA_SHA_256", ecdsaSha384 = "ECDSA_SHA_384", ecdsaSha512 = "ECDSA_SHA_512"
    case sm2dsa = "SM2DSA"
    case mlDsaShake256 = "ML_DSA_SHAKE_256"
    case ed25519Sha512 = "ED25519_SHA_512"
    case ed25519PhSha512 = "ED25519_PH_SHA_512"
}

/// KMS MessageType: RAW is hashed by the signer; DIGEST is the hash already; EXTERNAL_MU is
/// ML-DSA's µ (FIPS 204), 64 bytes.
public enum SignedMessage: Sendable {
    case raw([UInt8])
    case digest([UInt8])
    case externalMu([UInt8])
}

/// KMS EncryptionAlgorithmSpec for key pairs.
public enum PublicKeyEncryption: String, Sendable {
    case rsaOaepSha1 = "RSAES_OAEP_SHA_1"
    case rsaOaepSha256 = "RSAES_OAEP_SHA_256"
    case sm2pke = "SM2PKE"
}

/// KMS MacAlgorithmSpec.
public enum MacAlgorithm: String, Sendable, CaseIterable {
    case hmacSha224 = "HMAC_SHA_224", hmacSha256 = "HMAC_SHA_256", hmacSha384 = "HMAC_SHA_384", hmacSha512 = "HMAC_SHA_512"
}

public enum AsymmetricFailure: Error, Equatable, Sendable {
    /// This build cannot do it (a kind no family implements, a library failing): the operation answers UnsupportedOperationException.
    case unsupported(String)
    /// The algorithm does not fit the key (e.g. ECDSA_SHA_384 on a P-256 key).
    case algorithmMismatch
    /// A DIGEST message of the wrong length for the algorithm's hash.
    case wrongDigestLength(expected: Int)
    /// Plaintext longer than the key and padding allow.
    case plaintextTooLong(max: Int)
    /// Ciphertext that does not decrypt (bad padding, wrong key, malformed).
    case invalidCiphertext
    /// A peer public key that is not a valid SPKI for the key's curve.
    case invalidPublicKey
    /// Material that does not parse as the expected PKCS#8.
    case invalidPrivateKey
}

/// A parsed private key, ready to use; built once per key and cached by the caller, so
/// PKCS#8 parsing stays off the per-request path. Implementations are immutable.
public protocol PrivateKeyHandle: Sendable {
    var kind: KeyPairKind { get }
    /// SubjectPublicKeyInfo DER.
    var publicKeyDER: [UInt8] { get }
    /// PKCS#8 DER of the private key (sealed under the root key by the caller before storage).
    var privateKeyDER: [UInt8] { get }

    func sign(_ message: SignedMessage, algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> [UInt8]
    /// `true` only for a valid signature; never throws for a bad signature.
    func verify(_ message: SignedMessage, signature: [UInt8], algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> Bool
    /// Encrypts with the public half (what a holder of the public key could do outside Trent).
    func encrypt(_ plaintext: [UInt8], algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8]
    func decrypt(_ ciphertext: [UInt8], algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8]
    /// ECDH with a peer's SubjectPublicKeyInfo: the raw shared secret (x-coordinate).
    func deriveSharedSecret(peerPublicKeyDER: [UInt8]) throws(AsymmetricFailure) -> [UInt8]
}

/// How each family of key pairs is created and reloaded. One conformer per family
/// (RSA, NIST curves, secp256k1, Ed25519, ML-DSA, SM2); `KeyPairs` dispatches on the kind.
public protocol KeyPairFamily {
    static var kinds: [KeyPairKind] { get }
    /// A new random key pair. May take seconds (RSA-4096): call it off the event loops.
    static func generate(_ kind: KeyPairKind) throws(AsymmetricFailure) -> any PrivateKeyHandle
    /// Reloads a key from its PKCS#8 DER.
    static func load(_ kind: KeyPairKind, privateKeyDER: [UInt8]) throws(AsymmetricFailure) -> any PrivateKeyHandle
}
