import CMLDSAShim

/// ML-DSA-44 through BoringSSL's MLDSA44 functions (CMLDSAShim), since swift-crypto 4.5.2
/// wraps only ML-DSA-65 and -87. The private key is kept as its 32-byte seed and expanded
/// by BoringSSL on each signature; the public key as its FIPS 204 encoding, checked once.
enum MLDSA44Parameters: MLDSAParameterSet {
    struct PrivateKey: Sendable {
        let seed: [UInt8]
        let publicKey: PublicKey
    }

    struct PublicKey: Sendable {
        let raw: [UInt8]
    }

    static let kind = KeyPairKind.mlDsa44
    static let algorithmIdentifier = KeyInfo.AlgorithmIdentifier.mlDsa44
    static let publicKeyBytes = Int(TRENT_MLDSA44_PUBLIC_KEY_BYTES)
    static let signatureBytes = Int(TRENT_MLDSA44_SIGNATURE_BYTES)

    static func generate() throws -> PrivateKey {
        var seed = [UInt8](repeating: 0, count: MLDSAShim.seedBytes)
        let raw = try MLDSAShim.output(publicKeyBytes) { out in
            seed.withUnsafeMutableBufferPointer { trent_mldsa44_generate(out, $0.baseAddress) }
        }
        return PrivateKey(seed: seed, publicKey: PublicKey(raw: raw))
    }

    static func privateKey(seed: ArraySlice<UInt8>) throws -> PrivateKey {
        let seed = Array(seed)
        // BoringSSL refuses a seed of any length but 32.
        let raw = try MLDSAShim.output(publicKeyBytes) { out in
            seed.withUnsafeBufferPointer { trent_mldsa44_public_key(out, $0.baseAddress, $0.count) }
        }
        return PrivateKey(seed: seed, publicKey: PublicKey(raw: raw))
    }

    static func seed(_ key: PrivateKey) -> [UInt8] { key.seed }
    static func publicKey(_ key: PrivateKey) -> PublicKey { key.publicKey }

    static func publicKey(raw: ArraySlice<UInt8>) throws -> PublicKey {
        let raw = Array(raw)
        guard raw.withUnsafeBufferPointer({ trent_mldsa44_is_public_key($0.baseAddress, $0.count) }) == 1 else {
            throw MLDSAShim.Failure()
        }
        return PublicKey(raw: raw)
    }

    static func raw(_ key: PublicKey) -> [UInt8] { key.raw }

    static func sign(_ key: PrivateKey, message: [UInt8]) throws -> [UInt8] {
        try MLDSAShim.output(signatureBytes) { out in
            key.seed.withUnsafeBufferPointer { s in
                message.withUnsafeBufferPointer { m in trent_mldsa44_sign(out, s.baseAddress, m.baseAddress, m.count) }
            }
        }
    }

    static func isValid(_ key: PublicKey, signature: [UInt8], message: [UInt8]) -> Bool {
        key.raw.withUnsafeBufferPointer { k in
            signature.withUnsafeBufferPointer { s in
                message.withUnsafeBufferPointer { m in
                    trent_mldsa44_verify(k.baseAddress, k.count, s.baseAddress, s.count, m.baseAddress, m.count) == 1
                }
            }
        }
    }

    static func sign(_ key: PrivateKey, mu: [UInt8]) throws -> [UInt8] {
        try MLDSAShim.sign(mu: mu, seed: key.seed, signatureBytes: signatureBytes, trent_mldsa44_sign_mu)
    }

    static func isValid(_ key: PublicKey, signature: [UInt8], mu: [UInt8]) -> Bool {
        MLDSAShim.isValid(signature: signature, mu: mu, publicKey: key.raw, trent_mldsa44_verify_mu)
    }
}
