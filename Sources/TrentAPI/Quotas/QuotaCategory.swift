import TrentDomain

/// AWS's request quotas (Developer Guide, "Request quotas"): the shared cryptographic ones by
/// key type, GenerateDataKeyPair by key pair spec, and one per management API. The raw values
/// are the names an account's `quotas:` map uses in the configuration file.
public enum QuotaCategory: String, CaseIterable, Sendable {
    case symmetricCryptographic, rsa, ecc, sm
    case generateDataKeyPairEcc, generateDataKeyPairRsa2048, generateDataKeyPairRsa3072, generateDataKeyPairRsa4096, generateDataKeyPairSm2
    case cancelKeyDeletion, createAlias, createGrant, createKey, deleteAlias, deleteImportedKeyMaterial, describeKey
    case disableKey, disableKeyRotation, enableKey, enableKeyRotation, getKeyPolicy, getKeyRotationStatus
    case getParametersForImport, getPublicKey, importKeyMaterial, listAliases, listGrants, listKeyPolicies, listKeys
    case listResourceTags, listRetirableGrants, putKeyPolicy, replicateKey, retireGrant, revokeGrant
    case scheduleKeyDeletion, tagResource, untagResource, updateAlias, updateKeyDescription, updatePrimaryRegion

    /// AWS's default in requests per second (`quotas: aws-default`).
    public func awsDefault(region: String) -> Double {
        switch self {
        case .symmetricCryptographic:
            if ["us-east-1", "us-west-2", "eu-west-1"].contains(region) { return 50_000 }
            if ["us-east-2", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "eu-central-1", "eu-west-2"].contains(region) { return 10_000 }
            return 5_500
        case .rsa: return 500
        case .ecc, .sm: return 300
        case .generateDataKeyPairEcc: return 100
        case .generateDataKeyPairRsa2048: return 1
        case .generateDataKeyPairRsa3072: return 0.5
        case .generateDataKeyPairRsa4096: return 0.1
        case .generateDataKeyPairSm2: return 25
        case .getParametersForImport: return 0.25
        case .createGrant: return 50
        case .deleteAlias, .putKeyPolicy, .scheduleKeyDeletion, .enableKeyRotation: return 15
        case .describeKey, .getPublicKey, .listResourceTags: return 2_000
        case .getKeyPolicy, .getKeyRotationStatus: return 1_000
        case .listAliases, .listKeys: return 500
        case .listGrants, .listKeyPolicies, .listRetirableGrants: return 100
        case .retireGrant, .revokeGrant: return 30
        case .tagResource: return 10
        default: return 5
        }
    }

    static let perAPI: [KMSOperation: QuotaCategory] = [
        .cancelKeyDeletion: .cancelKeyDeletion, .createAlias: .createAlias, .createGrant: .createGrant, .createKey: .createKey,
        .deleteAlias: .deleteAlias, .deleteImportedKeyMaterial: .deleteImportedKeyMaterial, .describeKey: .describeKey,
        .disableKey: .disableKey, .disableKeyRotation: .disableKeyRotation, .enableKey: .enableKey,
        .enableKeyRotation: .enableKeyRotation, .getKeyPolicy: .getKeyPolicy, .getKeyRotationStatus: .getKeyRotationStatus,
        .getParametersForImport: .getParametersForImport, .getPublicKey: .getPublicKey, .importKeyMaterial: .importKeyMaterial,
        .listAliases: .listAliases, .listGrants: .listGrants, .listKeyPolicies: .listKeyPolicies, .listKeys: .listKeys,
        .listResourceTags: .listResourceTags, .listRetirableGrants: .listRetirableGrants, .putKeyPolicy: .putKeyPolicy,
        .replicateKey: .replicateKey, .retireGrant: .retireGrant, .revokeGrant: .revokeGrant,
        .scheduleKeyDeletion: .scheduleKeyDeletion, .tagResource: .tagResource, .untagResource: .untagResource,
        .updateAlias: .updateAlias, .updateKeyDescription: .updateKeyDescription, .updatePrimaryRegion: .updatePrimaryRegion,
    ]

    /// The quota a request counts against, from its operation and, for the cryptographic
    /// operations, the type of the key it names (`keySpec`; nil when it names none, as a
    /// symmetric Decrypt may not). Operations AWS gives no quota return nil.
    static func of(_ operation: KMSOperation, keySpec: KeySpec?, keyPairSpec: String?) -> QuotaCategory? {
        switch operation {
        case .encrypt, .decrypt, .reEncrypt, .sign, .verify:
            switch keySpec {
            case .rsa2048?, .rsa3072?, .rsa4096?: return .rsa
            case .sm2?: return .sm
            case .eccNistP256?, .eccNistP384?, .eccNistP521?, .eccSecgP256k1?, .eccNistEdwards25519?: return .ecc
            case .mlDsa44?, .mlDsa65?, .mlDsa87?: return .ecc
            default: return .symmetricCryptographic
            }
        case .generateDataKey, .generateDataKeyWithoutPlaintext, .generateMac, .verifyMac, .generateRandom:
            return .symmetricCryptographic
        case .generateDataKeyPair, .generateDataKeyPairWithoutPlaintext:
            switch keyPairSpec {
            case "RSA_2048"?: return .generateDataKeyPairRsa2048
            case "RSA_3072"?: return .generateDataKeyPairRsa3072
            case "RSA_4096"?: return .generateDataKeyPairRsa4096
            case "SM2"?: return .generateDataKeyPairSm2
            default: return .generateDataKeyPairEcc
            }
        default:
            return perAPI[operation]
        }
    }
}

/// An account's request quotas, in requests per second per category; a category it does
/// not name is not limited.
public struct QuotaSettings: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case awsDefault
        case explicit([QuotaCategory: Double])
    }

    public let source: Source

    public init(_ source: Source) { self.source = source }

    public func rate(_ category: QuotaCategory, region: String) -> Double? {
        switch source {
        case .awsDefault: return category.awsDefault(region: region)
        case .explicit(let rates): return rates[category]
        }
    }
}
