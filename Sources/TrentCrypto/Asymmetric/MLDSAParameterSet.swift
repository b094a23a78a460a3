import CMLDSAShim
import Crypto

/// The API the generic ML-DSA key handle needs from a parameter set: swift-crypto's
/// ML-DSA-65 and ML-DSA-87 for RAW messages, and BoringSSL through CMLDSAShim for what
/// swift-crypto 4.5.2 lacks (ML-DSA-44, see MLDSA44Parameters, and external µ for all three).
protocol MLDSAParameterSet {
    associatedtype PrivateKey: Sendable
    associatedtype PublicKey: Sendable

    static var kind: KeyPairKind { get }
    static var algorithmIdentifier: [UInt8] { get }

    static func generate() throws -> PrivateKey
    static func privateKey(seed: ArraySlice<UInt8>) throws -> PrivateKey
    static func seed(_ key: PrivateKey) -> [UInt8]
    static func publicKey(_ key: PrivateKey) -> PublicKey
    static func publicKey(raw: ArraySlice<UInt8>) throws -> PublicKey
    static func raw(_ key: PublicKey) -> [UInt8]
    /// Pure ML-DSA (FIPS 204 Algorithm 2) with an empty context string, which is what KMS
    /// signs for MessageType RAW. BoringSSL randomises (hedges) each signature.
    static func sign(_ key: PrivateKey, message: [UInt8]) throws -> [UInt8]
    static func isValid(_ key: PublicKey, signature: [UInt8], message: [UInt8]) -> Bool
    /// The same signature from µ (FIPS 204 §6.2 "external µ"), 64 bytes, which is what KMS
    /// signs for MessageType EXTERNAL_MU: µ of the empty context gives a RAW signature.
    static func sign(_ key: PrivateKey, mu: [UInt8]) throws -> [UInt8]
    static func isValid(_ key: PublicKey, signature: [UInt8], mu: [UInt8]) -> Bool
}

enum MLDSA65Parameters: MLDSAParameterSet {
    static let kind = KeyPairKind.mlDsa65
    static let algorithmIdentifier = KeyInfo.AlgorithmIdentifier.mlDsa65

    static func generate() throws -> MLDSA65.PrivateKey { try MLDSA65.PrivateKey() }
    static func privateKey(seed: ArraySlice<UInt8>) throws -> MLDSA65.PrivateKey { try MLDSA65.PrivateKey(seedRepresentation: seed, publicKey: nil) }
    static func seed(_ key: MLDSA65.PrivateKey) -> [UInt8] { Array(key.seedRepresentation) }
    static func publicKey(_ key: MLDSA65.PrivateKey) -> MLDSA65.PublicKey { key.publicKey }
    static func publicKey(raw: ArraySlice<UInt8>) throws -> MLDSA65.PublicKey { try MLDSA65.PublicKey(rawRepresentation: raw) }
    static func raw(_ key: MLDSA65.PublicKey) -> [UInt8] { Array(key.rawRepresentation) }
    static func sign(_ key: MLDSA65.PrivateKey, message: [UInt8]) throws -> [UInt8] { Array(try key.signature(for: message)) }
    static func isValid(_ key: MLDSA65.PublicKey, signature: [UInt8], message: [UInt8]) -> Bool {
        key.isValidSignature(signature, for: message)
    }
    static func sign(_ key: MLDSA65.PrivateKey, mu: [UInt8]) throws -> [UInt8] {
        try MLDSAShim.sign(mu: mu, seed: seed(key), signatureBytes: Int(TRENT_MLDSA65_SIGNATURE_BYTES), trent_mldsa65_sign_mu)
    }
    static func isValid(_ key: MLDSA65.PublicKey, signature: [UInt8], mu: [UInt8]) -> Bool {
        MLDSAShim.isValid(signature: signature, mu: mu, publicKey: raw(key), trent_mldsa65_verify_mu)
    }
}

enum MLDSA87Parameters: MLDSAParameterSet {
    static let kind = KeyPairKind.mlDsa87
    static let algorithmIdentifier = KeyInfo.AlgorithmIdentifier.mlDsa87

    static func generate() throws -> MLDSA87.PrivateKey { try MLDSA87.PrivateKey() }
    static func privateKey(seed: ArraySlice<UInt8>) throws -> MLDSA87.PrivateKey { try MLDSA87.PrivateKey(seedRepresentation: seed, publicKey: nil) }
    static func seed(_ key: MLDSA87.PrivateKey) -> [UInt8] { Array(key.seedRepresentation) }
    static func publicKey(_ key: MLDSA87.PrivateKey) -> MLDSA87.PublicKey { key.publicKey }
    static func publicKey(raw: ArraySlice<UInt8>) throws -> MLDSA87.PublicKey { try MLDSA87.PublicKey(rawRepresentation: raw) }
    static func raw(_ key: MLDSA87.PublicKey) -> [UInt8] { Array(key.rawRepresentation) }
    static func sign(_ key: MLDSA87.PrivateKey, message: [UInt8]) throws -> [UInt8] { Array(try key.signature(for: message)) }
    static func isValid(_ key: MLDSA87.PublicKey, signature: [UInt8], message: [UInt8]) -> Bool {
        key.isValidSignature(signature, for: message)
    }
    static func sign(_ key: MLDSA87.PrivateKey, mu: [UInt8]) throws -> [UInt8] {
        try MLDSAShim.sign(mu: mu, seed: seed(key), signatureBytes: Int(TRENT_MLDSA87_SIGNATURE_BYTES), trent_mldsa87_sign_mu)
    }
    static func isValid(_ key: MLDSA87.PublicKey, signature: [UInt8], mu: [UInt8]) -> Bool {
        MLDSAShim.isValid(signature: signature, mu: mu, publicKey: raw(key), trent_mldsa87_verify_mu)
    }
}
