import Crypto
import CryptoExtras

/// What anyone holding an RSA public key can do (verify, encrypt), shared by the private-key
/// handle and by verification against a bare SPKI.
enum RSAPublicKeyOperations {
    static func modulusBits(_ kind: KeyPairKind) -> Int? {
        switch kind {
        case .rsa2048: return 2048
        case .rsa3072: return 3072
        case .rsa4096: return 4096
        default: return nil
        }
    }

    /// KMS pairs PSS with MGF1 of the same hash and a salt as long as the hash, which is
    /// exactly swift-crypto's `.PSS`.
    static func scheme(_ algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> (padding: _RSA.Signing.Padding, hash: SignatureHash) {
        switch algorithm {
        case .rsaPssSha256: return (.PSS, .sha256)
        case .rsaPssSha384: return (.PSS, .sha384)
        case .rsaPssSha512: return (.PSS, .sha512)
        case .rsaPkcs1Sha256: return (.insecurePKCS1v1_5, .sha256)
        case .rsaPkcs1Sha384: return (.insecurePKCS1v1_5, .sha384)
        case .rsaPkcs1Sha512: return (.insecurePKCS1v1_5, .sha512)
        default: throw .algorithmMismatch
        }
    }

    /// KMS's OAEP uses MGF1 with the same hash as the label hash, and an empty label.
    static func padding(_ algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> _RSA.Encryption.Padding {
        switch algorithm {
        case .rsaOaepSha1: return .PKCS1_OAEP
        case .rsaOaepSha256: return .PKCS1_OAEP_SHA256
        case .sm2pke: throw .algorithmMismatch
        }
    }

    static func verify(_ key: _RSA.Signing.PublicKey, message: SignedMessage, signature: [UInt8], algorithm: SignatureAlgorithm) throws(AsymmetricFailure) -> Bool {
        let (padding, hash) = try scheme(algorithm)
        let digest = try hash.concreteDigest(of: message)
        return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: digest, padding: padding)
    }

    static func encrypt(_ key: _RSA.Encryption.PublicKey, plaintext: [UInt8], algorithm: PublicKeyEncryption) throws(AsymmetricFailure) -> [UInt8] {
        let padding = try padding(algorithm)
        // (k − 2·hLen − 2): 214/190, 342/318, 470/446 bytes, the limits KMS documents.
        let maximum = key.maximumEncryptSize(with: padding)
        guard plaintext.count <= maximum else { throw .plaintextTooLong(max: maximum) }
        do {
            return Array(try key.encrypt(plaintext, padding: padding))
        } catch {
            // With the length checked, only an unusable key makes BoringSSL refuse.
            throw .invalidPublicKey
        }
    }

    /// A public key from an rsaEncryption SPKI whose modulus has the kind's size.
    /// swift-crypto alone would also take PKCS#1 and RSA-PSS SPKIs, which KMS never returns.
    static func publicKey(spki: [UInt8], kind: KeyPairKind) throws(AsymmetricFailure) -> _RSA.Signing.PublicKey {
        guard let bits = modulusBits(kind),
              let parsed = KeyInfo.parseSPKI(spki), parsed.algorithm.elementsEqual(KeyInfo.AlgorithmIdentifier.rsa),
              let key = try? _RSA.Signing.PublicKey(derRepresentation: spki), key.keySizeInBits == bits
        else { throw .invalidPublicKey }
        return key
    }
}
