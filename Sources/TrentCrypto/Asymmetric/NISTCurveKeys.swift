import Crypto

/// ECC_NIST_P256 / P384 / P521 key pairs: ECDSA with the curve's one algorithm, and ECDH.
public enum NISTCurveKeys: KeyPairFamily {
    public static let kinds: [KeyPairKind] = [.p256, .p384, .p521]

    public static func generate(_ kind: KeyPairKind) throws(AsymmetricFailure) -> any PrivateKeyHandle {
        switch kind {
        case .p256: return try NISTCurveKeyHandle<CurveP256>(key: CurveP256.generate())
        case .p384: return try NISTCurveKeyHandle<CurveP384>(key: CurveP384.generate())
        case .p521: return try NISTCurveKeyHandle<CurveP521>(key: CurveP521.generate())
        default: throw .algorithmMismatch
        }
    }

    public static func load(_ kind: KeyPairKind, privateKeyDER: [UInt8]) throws(AsymmetricFailure) -> any PrivateKeyHandle {
        switch kind {
        case .p256: return try NISTCurveKeyHandle<CurveP256>(pkcs8: privateKeyDER)
        case .p384: return try NISTCurveKeyHandle<CurveP384>(pkcs8: privateKeyDER)
        case .p521: return try NISTCurveKeyHandle<CurveP521>(pkcs8: privateKeyDER)
        default: throw .invalidPrivateKey
        }
    }

    /// The point inside an SPKI for this curve; nil for any other algorithm or curve.
    static func point<C: NISTCurve>(_ curve: C.Type, spki: [UInt8]) -> ArraySlice<UInt8>? {
        guard let parsed = KeyInfo.parseSPKI(spki), parsed.algorithm.elementsEqual(C.algorithmIdentifier) else { return nil }
        return parsed.publicKey
    }

    static func verify<C: NISTCurve>(_ curve: C.Type, key: C.VerifyingKey, message: SignedMessage, signature: [UInt8], algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> Bool {
        guard algorithm == C.signatureAlgorithm else { throw .algorithmMismatch }
        return C.isValid(key, derSignature: signature, digest: try message.externalDigest(C.Hash.self))
    }
}

struct NISTCurveKeyHandle<Curve: NISTCurve>: PrivateKeyHandle {
    var kind: KeyPairKind { Curve.kind }
    let publicKeyDER: [UInt8]
    let privateKeyDER: [UInt8]
    private let signingKey: Curve.SigningKey
    private let publicKey: Curve.VerifyingKey
    /// swift-crypto keeps ECDH keys as a separate type; converting once here keeps
    /// DeriveSharedSecret from paying for it per request.
    private let agreementKey: Curve.AgreementKey

    init(key: Curve.SigningKey) throws(AsymmetricFailure) {
        signingKey = key
        publicKey = Curve.publicKey(key)
        publicKeyDER = Curve.spki(publicKey)
        privateKeyDER = Curve.pkcs8(key)
        do {
            agreementKey = try Curve.agreementKey(key)
        } catch {
            throw .invalidPrivateKey
        }
    }

    init(pkcs8: [UInt8]) throws(AsymmetricFailure) {
        guard let parsed = KeyInfo.parsePKCS8(pkcs8), parsed.algorithm.elementsEqual(Curve.algorithmIdentifier),
              let key = try? Curve.signingKey(pkcs8: pkcs8)
        else { throw .invalidPrivateKey }
        try self.init(key: key)
    }

    func sign(_ message: SignedMessage, algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> [UInt8] {
        guard algorithm == Curve.signatureAlgorithm else { throw .algorithmMismatch }
        let digest = try message.externalDigest(Curve.Hash.self)
        do {
            return try Curve.derSignature(signingKey, digest: digest)
        } catch {
            throw .invalidPrivateKey
        }
    }

    func verify(_ message: SignedMessage, signature: [UInt8], algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> Bool {
        try NISTCurveKeys.verify(Curve.self, key: publicKey, message: message, signature: signature, algorithm: algorithm)
    }

    func encrypt(_ plaintext: [UInt8], algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8] {
        throw .algorithmMismatch
    }

    func decrypt(_ ciphertext: [UInt8], algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8] {
        throw .algorithmMismatch
    }

    func deriveSharedSecret(peerPublicKeyDER: [UInt8]) throws(AsymmetricFailure) -> [UInt8] {
        guard let point = NISTCurveKeys.point(Curve.self, spki: peerPublicKeyDER) else { throw .invalidPublicKey }
        do {
            return try Curve.sharedSecret(agreementKey, peerPoint: point)
        } catch {
            // swift-crypto checks that the point is on the curve; one that is not lands here.
            throw .invalidPublicKey
        }
    }
}
