import Crypto

/// swift-crypto gives P-256, P-384 and P-521 the same API on unrelated types; this protocol
/// names that API once so the key handle is written once. Each curve has exactly one KMS
/// signing algorithm, whose hash it fixes.
protocol NISTCurve {
    associatedtype SigningKey: Sendable
    associatedtype VerifyingKey: Sendable
    associatedtype AgreementKey: Sendable
    associatedtype Hash: HashFunction

    static var kind: KeyPairKind { get }
    static var signatureAlgorithm: SignatureAlgorithm { get }
    static var algorithmIdentifier: [UInt8] { get }

    static func generate() -> SigningKey
    /// The caller has already checked that the PKCS#8 names this curve: swift-crypto does not.
    static func signingKey(pkcs8: [UInt8]) throws -> SigningKey
    static func pkcs8(_ key: SigningKey) -> [UInt8]
    static func publicKey(_ key: SigningKey) -> VerifyingKey
    static func agreementKey(_ key: SigningKey) throws -> AgreementKey
    static func spki(_ key: VerifyingKey) -> [UInt8]
    /// An uncompressed (04…) or compressed (02…/03…) SEC1 point; throws if it is not on the curve.
    static func verifyingKey(point: ArraySlice<UInt8>) throws -> VerifyingKey
    static func derSignature(_ key: SigningKey, digest: ExternalDigest<Hash>) throws -> [UInt8]
    static func isValid(_ key: VerifyingKey, derSignature: [UInt8], digest: ExternalDigest<Hash>) -> Bool
    /// The raw shared secret: the x-coordinate, as long as the field (32/48/66 bytes).
    static func sharedSecret(_ key: AgreementKey, peerPoint: ArraySlice<UInt8>) throws -> [UInt8]
}

enum CurveP256: NISTCurve {
    typealias Hash = SHA256
    static let kind = KeyPairKind.p256
    static let signatureAlgorithm = SignatureAlgorithm.ecdsaSha256
    static let algorithmIdentifier = KeyInfo.AlgorithmIdentifier.p256

    static func generate() -> P256.Signing.PrivateKey { P256.Signing.PrivateKey(compactRepresentable: false) }
    static func signingKey(pkcs8: [UInt8]) throws -> P256.Signing.PrivateKey { try P256.Signing.PrivateKey(derRepresentation: pkcs8) }
    static func pkcs8(_ key: P256.Signing.PrivateKey) -> [UInt8] { Array(key.derRepresentation) }
    static func publicKey(_ key: P256.Signing.PrivateKey) -> P256.Signing.PublicKey { key.publicKey }
    static func agreementKey(_ key: P256.Signing.PrivateKey) throws -> P256.KeyAgreement.PrivateKey {
        try P256.KeyAgreement.PrivateKey(rawRepresentation: key.rawRepresentation)
    }
    static func spki(_ key: P256.Signing.PublicKey) -> [UInt8] { Array(key.derRepresentation) }
    static func verifyingKey(point: ArraySlice<UInt8>) throws -> P256.Signing.PublicKey {
        point.first == 0x04 ? try P256.Signing.PublicKey(x963Representation: point) : try P256.Signing.PublicKey(compressedRepresentation: point)
    }
    static func derSignature(_ key: P256.Signing.PrivateKey, digest: ExternalDigest<SHA256>) throws -> [UInt8] {
        Array(try key.signature(for: digest).derRepresentation)
    }
    static func isValid(_ key: P256.Signing.PublicKey, derSignature: [UInt8], digest: ExternalDigest<SHA256>) -> Bool {
        guard let signature = try? P256.Signing.ECDSASignature(derRepresentation: derSignature) else { return false }
        return key.isValidSignature(signature, for: digest)
    }
    static func sharedSecret(_ key: P256.KeyAgreement.PrivateKey, peerPoint: ArraySlice<UInt8>) throws -> [UInt8] {
        let peer = peerPoint.first == 0x04
            ? try P256.KeyAgreement.PublicKey(x963Representation: peerPoint)
            : try P256.KeyAgreement.PublicKey(compressedRepresentation: peerPoint)
        return try key.sharedSecretFromKeyAgreement(with: peer).withUnsafeBytes { Array($0) }
    }
}

enum CurveP384: NISTCurve {
    typealias Hash = SHA384
    static let kind = KeyPairKind.p384
    static let signatureAlgorithm = SignatureAlgorithm.ecdsaSha384
    static let algorithmIdentifier = KeyInfo.AlgorithmIdentifier.p384

    static func generate() -> P384.Signing.PrivateKey { P384.Signing.PrivateKey(compactRepresentable: false) }
    static func signingKey(pkcs8: [UInt8]) throws -> P384.Signing.PrivateKey { try P384.Signing.PrivateKey(derRepresentation: pkcs8) }
    static func pkcs8(_ key: P384.Signing.PrivateKey) -> [UInt8] { Array(key.derRepresentation) }
    static func publicKey(_ key: P384.Signing.PrivateKey) -> P384.Signing.PublicKey { key.publicKey }
    static func agreementKey(_ key: P384.Signing.PrivateKey) throws -> P384.KeyAgreement.PrivateKey {
        try P384.KeyAgreement.PrivateKey(rawRepresentation: key.rawRepresentation)
    }
    static func spki(_ key: P384.Signing.PublicKey) -> [UInt8] { Array(key.derRepresentation) }
    static func verifyingKey(point: ArraySlice<UInt8>) throws -> P384.Signing.PublicKey {
        point.first == 0x04 ? try P384.Signing.PublicKey(x963Representation: point) : try P384.Signing.PublicKey(compressedRepresentation: point)
    }
    static func derSignature(_ key: P384.Signing.PrivateKey, digest: ExternalDigest<SHA384>) throws -> [UInt8] {
        Array(try key.signature(for: digest).derRepresentation)
    }
    static func isValid(_ key: P384.Signing.PublicKey, derSignature: [UInt8], digest: ExternalDigest<SHA384>) -> Bool {
        guard let signature = try? P384.Signing.ECDSASignature(derRepresentation: derSignature) else { return false }
        return key.isValidSignature(signature, for: digest)
    }
    static func sharedSecret(_ key: P384.KeyAgreement.PrivateKey, peerPoint: ArraySlice<UInt8>) throws -> [UInt8] {
        let peer = peerPoint.first == 0x04
            ? try P384.KeyAgreement.PublicKey(x963Representation: peerPoint)
            : try P384.KeyAgreement.PublicKey(compressedRepresentation: peerPoint)
        return try key.sharedSecretFromKeyAgreement(with: peer).withUnsafeBytes { Array($0) }
    }
}

enum CurveP521: NISTCurve {
    typealias Hash = SHA512
    static let kind = KeyPairKind.p521
    static let signatureAlgorithm = SignatureAlgorithm.ecdsaSha512
    static let algorithmIdentifier = KeyInfo.AlgorithmIdentifier.p521

    static func generate() -> P521.Signing.PrivateKey { P521.Signing.PrivateKey(compactRepresentable: false) }
    static func signingKey(pkcs8: [UInt8]) throws -> P521.Signing.PrivateKey { try P521.Signing.PrivateKey(derRepresentation: pkcs8) }
    static func pkcs8(_ key: P521.Signing.PrivateKey) -> [UInt8] { Array(key.derRepresentation) }
    static func publicKey(_ key: P521.Signing.PrivateKey) -> P521.Signing.PublicKey { key.publicKey }
    static func agreementKey(_ key: P521.Signing.PrivateKey) throws -> P521.KeyAgreement.PrivateKey {
        try P521.KeyAgreement.PrivateKey(rawRepresentation: key.rawRepresentation)
    }
    static func spki(_ key: P521.Signing.PublicKey) -> [UInt8] { Array(key.derRepresentation) }
    static func verifyingKey(point: ArraySlice<UInt8>) throws -> P521.Signing.PublicKey {
        point.first == 0x04 ? try P521.Signing.PublicKey(x963Representation: point) : try P521.Signing.PublicKey(compressedRepresentation: point)
    }
    static func derSignature(_ key: P521.Signing.PrivateKey, digest: ExternalDigest<SHA512>) throws -> [UInt8] {
        Array(try key.signature(for: digest).derRepresentation)
    }
    static func isValid(_ key: P521.Signing.PublicKey, derSignature: [UInt8], digest: ExternalDigest<SHA512>) -> Bool {
        guard let signature = try? P521.Signing.ECDSASignature(derRepresentation: derSignature) else { return false }
        return key.isValidSignature(signature, for: digest)
    }
    static func sharedSecret(_ key: P521.KeyAgreement.PrivateKey, peerPoint: ArraySlice<UInt8>) throws -> [UInt8] {
        let peer = peerPoint.first == 0x04
            ? try P521.KeyAgreement.PublicKey(x963Representation: peerPoint)
            : try P521.KeyAgreement.PublicKey(compressedRepresentation: peerPoint)
        return try key.sharedSecretFromKeyAgreement(with: peer).withUnsafeBytes { Array($0) }
    }
}
