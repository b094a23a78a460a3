import Crypto

/// ML_DSA_44 / ML_DSA_65 / ML_DSA_87 key pairs, stored as the 32-byte seed (the PKCS#8
/// "seed" form of RFC 9881) from which the whole key is re-expanded on load.
public enum MLDSAKeys: KeyPairFamily {
    public static let kinds: [KeyPairKind] = [.mlDsa44, .mlDsa65, .mlDsa87]

    public static func generate(_ kind: KeyPairKind) throws(AsymmetricFailure) -> any PrivateKeyHandle {
        switch kind {
        case .mlDsa44: return try MLDSAKeyHandle<MLDSA44Parameters>()
        case .mlDsa65: return try MLDSAKeyHandle<MLDSA65Parameters>()
        case .mlDsa87: return try MLDSAKeyHandle<MLDSA87Parameters>()
        default: throw .algorithmMismatch
        }
    }

    public static func load(_ kind: KeyPairKind, privateKeyDER: [UInt8]) throws(AsymmetricFailure) -> any PrivateKeyHandle {
        switch kind {
        case .mlDsa44: return try MLDSAKeyHandle<MLDSA44Parameters>(pkcs8: privateKeyDER)
        case .mlDsa65: return try MLDSAKeyHandle<MLDSA65Parameters>(pkcs8: privateKeyDER)
        case .mlDsa87: return try MLDSAKeyHandle<MLDSA87Parameters>(pkcs8: privateKeyDER)
        default: throw .invalidPrivateKey
        }
    }

    /// The raw FIPS 204 public key inside an SPKI for this parameter set.
    static func publicKey<P: MLDSAParameterSet>(_ parameters: P.Type, spki: [UInt8]) throws(AsymmetricFailure) -> P.PublicKey {
        guard let parsed = KeyInfo.parseSPKI(spki), parsed.algorithm.elementsEqual(P.algorithmIdentifier),
              let key = try? P.publicKey(raw: parsed.publicKey)
        else { throw .invalidPublicKey }
        return key
    }

    static func verify<P: MLDSAParameterSet>(_ parameters: P.Type, key: P.PublicKey, message: SignedMessage, signature: [UInt8], algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> Bool {
        guard algorithm == .mlDsaShake256 else { throw .algorithmMismatch }
        switch try input(message) {
        case .message(let bytes): return P.isValid(key, signature: signature, message: bytes)
        case .mu(let mu): return P.isValid(key, signature: signature, mu: mu)
        }
    }

    /// What ML-DSA takes for each KMS MessageType: the message (RAW) or µ (EXTERNAL_MU).
    enum Input {
        case message([UInt8])
        case mu([UInt8])
    }

    static func input(_ message: SignedMessage) throws(AsymmetricFailure) -> Input {
        switch message {
        case .raw(let bytes): return .message(bytes)
        // ML-DSA signs messages, not SHA-2 digests; KMS offers it no DIGEST type.
        case .digest: throw .algorithmMismatch
        // KMS: for EXTERNAL_MU "the length of the Message value must be 64 bytes"; like a
        // DIGEST of the wrong length, that is a ValidationException.
        case .externalMu(let mu):
            guard mu.count == MLDSAShim.muBytes else { throw .wrongDigestLength(expected: MLDSAShim.muBytes) }
            return .mu(mu)
        }
    }

    /// PKCS#8 privateKey content in the seed form: `[0] IMPLICIT OCTET STRING (SIZE (32))`.
    static func seedPrivateKey(_ seed: [UInt8]) -> [UInt8] {
        DERElements.encode(0x80, seed)
    }

    static func seed(fromPrivateKey content: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard let element = DERElements.only(0x80, in: content), element.content.count == 32 else { return nil }
        return element.content
    }
}

struct MLDSAKeyHandle<Parameters: MLDSAParameterSet>: PrivateKeyHandle {
    var kind: KeyPairKind { Parameters.kind }
    let publicKeyDER: [UInt8]
    let privateKeyDER: [UInt8]
    private let privateKey: Parameters.PrivateKey
    private let publicKey: Parameters.PublicKey

    init() throws(AsymmetricFailure) {
        do {
            self.init(key: try Parameters.generate())
        } catch {
            throw .unsupported("ML-DSA key generation failed")
        }
    }

    init(pkcs8: [UInt8]) throws(AsymmetricFailure) {
        // Only the seed form: BoringSSL loads ML-DSA private keys from the seed alone, and
        // Trent never writes the expanded or "both" form.
        guard let parsed = KeyInfo.parsePKCS8(pkcs8), parsed.algorithm.elementsEqual(Parameters.algorithmIdentifier),
              let seed = MLDSAKeys.seed(fromPrivateKey: parsed.privateKey),
              let key = try? Parameters.privateKey(seed: seed)
        else { throw .invalidPrivateKey }
        self.init(key: key)
    }

    private init(key: Parameters.PrivateKey) {
        privateKey = key
        publicKey = Parameters.publicKey(key)
        publicKeyDER = KeyInfo.spki(algorithm: Parameters.algorithmIdentifier, publicKey: Parameters.raw(publicKey))
        privateKeyDER = KeyInfo.pkcs8(algorithm: Parameters.algorithmIdentifier, privateKey: MLDSAKeys.seedPrivateKey(Parameters.seed(key)))
    }

    func sign(_ message: SignedMessage, algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> [UInt8] {
        guard algorithm == .mlDsaShake256 else { throw .algorithmMismatch }
        let input = try MLDSAKeys.input(message)
        do {
            switch input {
            case .message(let bytes): return try Parameters.sign(privateKey, message: bytes)
            case .mu(let mu): return try Parameters.sign(privateKey, mu: mu)
            }
        } catch {
            throw .invalidPrivateKey
        }
    }

    func verify(_ message: SignedMessage, signature: [UInt8], algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> Bool {
        try MLDSAKeys.verify(Parameters.self, key: publicKey, message: message, signature: signature, algorithm: algorithm)
    }

    func encrypt(_ plaintext: [UInt8], algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8] {
        throw .algorithmMismatch
    }

    func decrypt(_ ciphertext: [UInt8], algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8] {
        throw .algorithmMismatch
    }

    func deriveSharedSecret(peerPublicKeyDER: [UInt8]) throws(AsymmetricFailure) -> [UInt8] {
        throw .algorithmMismatch
    }
}
