import Crypto
import TrentCrypto
import TrentDomain

/// The wrapping algorithms and wrapping key specs of GetParametersForImport, which
/// combinations AWS accepts for which key material, and the unwrapping ImportKeyMaterial does.
enum ImportWrapping {
    static let rsaSpecs: Set<String> = ["RSA_2048", "RSA_3072", "RSA_4096"]

    static func check(algorithm: String, wrappingKeySpec spec: String, keySpec: KeySpec, region: String) throws(KMSError) {
        if algorithm == "RSAES_PKCS1_V1_5" {
            throw .validation("The RSAES_PKCS1_V1_5 wrapping algorithm is no longer supported. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.")
        }
        // SM2 wrapping exists only in the China Regions, and only as SM2PKE.
        if (algorithm == "SM2PKE") != (spec == "SM2") {
            throw .validation("Wrapping algorithm \(algorithm) is not compatible with wrapping key spec \(spec).")
        }
        if spec == "SM2", !region.hasPrefix("cn-") {
            throw .validation("The SM2 wrapping key spec is supported only in the China Regions.")
        }
        let directRSA = algorithm == "RSAES_OAEP_SHA_1" || algorithm == "RSAES_OAEP_SHA_256"
        switch keySpec {
        case .rsa2048, .rsa3072, .rsa4096:
            // A PKCS#8 RSA key is larger than any RSA-OAEP block: only the hybrid wrap fits it.
            if directRSA { throw incompatible(algorithm, keySpec) }
        case .eccNistP521:
            if directRSA, spec == "RSA_2048" { throw incompatible(algorithm, keySpec) }
        case .mlDsa44, .mlDsa65, .mlDsa87:
            if directRSA { throw incompatible(algorithm, keySpec) }
        default:
            break
        }
    }

    static func incompatible(_ algorithm: String, _ keySpec: KeySpec) -> KMSError {
        .validation("Wrapping algorithm \(algorithm) is not supported for importing key material of key spec \(keySpec.rawValue).")
    }

    /// The material the caller wrapped, or InvalidCiphertextException (AWS's empty message)
    /// when it does not unwrap under the token's private key with the token's algorithm.
    static func unwrap(_ wrapped: [UInt8], token: ImportToken) throws(KMSError) -> [UInt8] {
        guard let kind = KeyPairKind(rawValue: token.wrappingKeySpec),
              let key = try? KeyPairs.load(kind, privateKeyDER: token.wrappingPrivateKeyDER)
        else { throw ImportToken.invalid }
        let invalid = KMSError("InvalidCiphertextException", "")
        do {
            switch token.wrappingAlgorithm {
            case "RSAES_OAEP_SHA_1": return try key.decrypt(wrapped, algorithm: .rsaOaepSha1)
            case "RSAES_OAEP_SHA_256": return try key.decrypt(wrapped, algorithm: .rsaOaepSha256)
            case "SM2PKE": return try key.decrypt(wrapped, algorithm: .sm2pke)
            case "RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256":
                // RSA-OAEP of an AES-256 key (as long as the modulus), then that key's
                // RFC 5649 wrap of the material.
                let modulusBytes = rsaModulusBytes(kind)
                guard wrapped.count > modulusBytes else { throw invalid }
                let oaep: PublicKeyEncryption = token.wrappingAlgorithm.hasSuffix("SHA_1") ? .rsaOaepSha1 : .rsaOaepSha256
                let aesKey = try key.decrypt(Array(wrapped[0 ..< modulusBytes]), algorithm: oaep)
                guard aesKey.count == 32, let material = AESKeyWrapPad.unwrap(Array(wrapped[modulusBytes...]), key: aesKey) else {
                    throw invalid
                }
                return material
            default:
                throw ImportToken.invalid
            }
        } catch {
            throw invalid
        }
    }

    static func rsaModulusBytes(_ kind: KeyPairKind) -> Int {
        switch kind {
        case .rsa2048: return 256
        case .rsa3072: return 384
        default: return 512
        }
    }
}

/// What imported material must look like for each key spec (AWS: 32 bytes for symmetric
/// keys, exactly the spec's length for HMAC, PKCS#8 of the right type and size for key
/// pairs), rebuilt into the form Trent stores so that two encodings of one key are one.
enum ImportedMaterialFormat {
    static let incorrect = KMSError(
        "IncorrectKeyMaterialException",
        "The key material in the request is invalid or is not the same key material that was previously imported into this KMS key."
    )

    static func parse(_ bytes: [UInt8], keySpec: KeySpec) throws(KMSError) -> KeyMaterial {
        switch keySpec {
        case .symmetricDefault:
            guard bytes.count == 32 else { throw incorrect }
            return .aes(.init(data: bytes))
        case .hmac224, .hmac256, .hmac384, .hmac512:
            guard bytes.count == keySpec.hmacKeyLength else { throw incorrect }
            return .hmac(.init(data: bytes))
        default:
            guard let kind = KeyPairKind(rawValue: keySpec.rawValue),
                  let handle = try? KeyPairs.load(kind, privateKeyDER: bytes)
            else { throw incorrect }
            return .keyPair(handle)
        }
    }
}
