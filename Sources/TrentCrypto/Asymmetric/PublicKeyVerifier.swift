/// Verification with nothing but a public key (SPKI DER), as a holder of a key downloaded
/// with GetPublicKey would do it: the same checks as the private-key handles' `verify`.
public enum PublicKeyVerifier {
    /// `true` only for a valid signature; throws for an SPKI that is not a key of `kind`,
    /// or an algorithm or message type that does not fit it.
    public static func verify(spki: [UInt8], kind: KeyPairKind, algorithm: SignatureAlgorithm, message: SignedMessage, signature: [UInt8]) throws(AsymmetricFailure) -> Bool {
        switch kind {
        case .rsa2048, .rsa3072, .rsa4096:
            let key = try RSAPublicKeyOperations.publicKey(spki: spki, kind: kind)
            return try RSAPublicKeyOperations.verify(key, message: message, signature: signature, algorithm: algorithm)
        case .p256: return try verifyECDSA(CurveP256.self, spki: spki, algorithm: algorithm, message: message, signature: signature)
        case .p384: return try verifyECDSA(CurveP384.self, spki: spki, algorithm: algorithm, message: message, signature: signature)
        case .p521: return try verifyECDSA(CurveP521.self, spki: spki, algorithm: algorithm, message: message, signature: signature)
        case .mlDsa44: return try verifyMLDSA(MLDSA44Parameters.self, spki: spki, algorithm: algorithm, message: message, signature: signature)
        case .mlDsa65: return try verifyMLDSA(MLDSA65Parameters.self, spki: spki, algorithm: algorithm, message: message, signature: signature)
        case .mlDsa87: return try verifyMLDSA(MLDSA87Parameters.self, spki: spki, algorithm: algorithm, message: message, signature: signature)
        case .secp256k1:
            return try Secp256k1PublicKey.verify(spki: spki, message: message, signature: signature, algorithm: algorithm)
        case .sm2:
            return try SM2PublicKey.verify(spki: spki, message: message, signature: signature, algorithm: algorithm)
        case .ed25519:
            return try Ed25519PublicKey.verify(spki: spki, message: message, signature: signature, algorithm: algorithm)
        }
    }

    private static func verifyMLDSA<P: MLDSAParameterSet>(_ parameters: P.Type, spki: [UInt8], algorithm: SignatureAlgorithm, message: SignedMessage, signature: [UInt8]) throws(AsymmetricFailure) -> Bool {
        let key = try MLDSAKeys.publicKey(P.self, spki: spki)
        return try MLDSAKeys.verify(P.self, key: key, message: message, signature: signature, algorithm: algorithm)
    }

    private static func verifyECDSA<C: NISTCurve>(_ curve: C.Type, spki: [UInt8], algorithm: SignatureAlgorithm, message: SignedMessage, signature: [UInt8]) throws(AsymmetricFailure) -> Bool {
        guard let point = NISTCurveKeys.point(C.self, spki: spki), let key = try? C.verifyingKey(point: point) else { throw .invalidPublicKey }
        return try NISTCurveKeys.verify(C.self, key: key, message: message, signature: signature, algorithm: algorithm)
    }
}
