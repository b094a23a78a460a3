/// The algorithms each kind of key supports, as DescribeKey and GetPublicKey list them.
extension KeyRecord {
    public var signingAlgorithms: [String] {
        guard keyUsage == .signVerify else { return [] }
        switch keySpec {
        case .rsa2048, .rsa3072, .rsa4096:
            return ["RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512",
                    "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512"]
        case .eccNistP256, .eccSecgP256k1: return ["ECDSA_SHA_256"]
        case .eccNistP384: return ["ECDSA_SHA_384"]
        case .eccNistP521: return ["ECDSA_SHA_512"]
        case .eccNistEdwards25519: return ["ED25519_SHA_512", "ED25519_PH_SHA_512"]
        case .mlDsa44, .mlDsa65, .mlDsa87: return ["ML_DSA_SHAKE_256"]
        case .sm2: return ["SM2DSA"]
        default: return []
        }
    }

    public var macAlgorithms: [String] {
        guard keyUsage == .generateVerifyMac else { return [] }
        switch keySpec {
        case .hmac224: return ["HMAC_SHA_224"]
        case .hmac256: return ["HMAC_SHA_256"]
        case .hmac384: return ["HMAC_SHA_384"]
        case .hmac512: return ["HMAC_SHA_512"]
        default: return []
        }
    }

    public var keyAgreementAlgorithms: [String] {
        keyUsage == .keyAgreement ? ["ECDH"] : []
    }

    public var isAsymmetric: Bool {
        switch keySpec {
        case .symmetricDefault, .hmac224, .hmac256, .hmac384, .hmac512: return false
        default: return true
        }
    }

    public var isHMAC: Bool {
        switch keySpec {
        case .hmac224, .hmac256, .hmac384, .hmac512: return true
        default: return false
        }
    }
}

extension KeySpec {
    /// Bytes of key material for HMAC specs (the HMAC key length equals the hash length).
    public var hmacKeyLength: Int? {
        switch self {
        case .hmac224: return 28
        case .hmac256: return 32
        case .hmac384: return 48
        case .hmac512: return 64
        default: return nil
        }
    }
}
