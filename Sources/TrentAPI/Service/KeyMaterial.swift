import Crypto
import TrentCrypto
import TrentDomain

/// One unsealed material version of a key, in the form its operations use.
enum KeyMaterial: Sendable {
    /// SYMMETRIC_DEFAULT: an AES-256 key.
    case aes(SymmetricKey)
    /// HMAC_*: the MAC key.
    case hmac(SymmetricKey)
    /// Asymmetric specs: a parsed private key (its public half included).
    case keyPair(any PrivateKeyHandle)

    /// The bytes sealed under the root key: raw key bytes, or PKCS#8 DER for key pairs.
    var sealableBytes: [UInt8] {
        switch self {
        case .aes(let key), .hmac(let key): return key.withUnsafeBytes { Array($0) }
        case .keyPair(let handle): return handle.privateKeyDER
        }
    }

    var aesKey: SymmetricKey? {
        if case .aes(let key) = self { return key }
        return nil
    }

    var keyPair: (any PrivateKeyHandle)? {
        if case .keyPair(let handle) = self { return handle }
        return nil
    }

    var hmacKey: SymmetricKey? {
        if case .hmac(let key) = self { return key }
        return nil
    }

    /// Rebuilds material of a key of `spec` from its unsealed bytes.
    static func restore(spec: KeySpec, bytes: [UInt8]) throws -> KeyMaterial {
        switch spec {
        case .symmetricDefault:
            return .aes(SymmetricKey(data: bytes))
        case .hmac224, .hmac256, .hmac384, .hmac512:
            return .hmac(SymmetricKey(data: bytes))
        default:
            guard let kind = KeyPairKind(rawValue: spec.rawValue) else { throw KMSError.internalFailure }
            return .keyPair(try KeyPairs.load(kind, privateKeyDER: bytes))
        }
    }
}
