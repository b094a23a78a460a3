import Crypto

/// GenerateMac / VerifyMac for HMAC keys. KMS MACs are always the hash's full length, and
/// the key is the raw key material (28/32/48/64 bytes, matching the key spec).
public enum KMSMac {
    public static func generate(key: [UInt8], algorithm: MacAlgorithm, message: [UInt8]) -> [UInt8] {
        let symmetricKey = SymmetricKey(data: key)
        switch algorithm {
        case .hmacSha224: return Array(HMAC<SHA224>.authenticationCode(for: message, using: symmetricKey))
        case .hmacSha256: return Array(HMAC<SHA256>.authenticationCode(for: message, using: symmetricKey))
        case .hmacSha384: return Array(HMAC<SHA384>.authenticationCode(for: message, using: symmetricKey))
        case .hmacSha512: return Array(HMAC<SHA512>.authenticationCode(for: message, using: symmetricKey))
        }
    }

    /// Constant-time in the tag's contents (swift-crypto's `safeCompare`); a tag of the wrong
    /// length, truncated ones included, never verifies.
    public static func verify(key: [UInt8], algorithm: MacAlgorithm, message: [UInt8], mac: [UInt8]) -> Bool {
        let symmetricKey = SymmetricKey(data: key)
        switch algorithm {
        case .hmacSha224: return HMAC<SHA224>.isValidAuthenticationCode(mac, authenticating: message, using: symmetricKey)
        case .hmacSha256: return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: message, using: symmetricKey)
        case .hmacSha384: return HMAC<SHA384>.isValidAuthenticationCode(mac, authenticating: message, using: symmetricKey)
        case .hmacSha512: return HMAC<SHA512>.isValidAuthenticationCode(mac, authenticating: message, using: symmetricKey)
        }
    }

    /// Bytes of key material a KMS HMAC key of this algorithm holds (HMAC_224 … HMAC_512).
    public static func keyLength(_ algorithm: MacAlgorithm) -> Int {
        switch algorithm {
        case .hmacSha224: return 28
        case .hmacSha256: return 32
        case .hmacSha384: return 48
        case .hmacSha512: return 64
        }
    }
}
