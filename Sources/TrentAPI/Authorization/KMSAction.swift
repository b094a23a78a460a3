import TrentDomain

/// One permission a request needs: the IAM action name policies match, whether a grant can
/// give it, and whether a principal of another account may ever be given it (Developer Guide,
/// "Allowing users in other accounts to use a KMS key"; spec authorization.md §2.5, §8).
public struct KMSAction: Sendable, Hashable, CustomStringConvertible {
    /// "kms:Encrypt", "kms:ReEncryptFrom".
    public let name: String
    /// The name a grant's Operations list uses for it, when grants can allow it.
    public let grantOperation: String?
    public let crossAccount: Bool

    public var description: String { name }

    init(_ suffix: String) {
        name = "kms:" + suffix
        grantOperation = Self.grantOperations.contains(suffix) ? suffix : nil
        crossAccount = Self.crossAccountActions.contains(suffix)
    }

    /// The action an operation checks on its key(s); ReEncrypt has two, named apart. Built once
    /// per operation: the hot path only looks it up.
    public init(_ operation: KMSOperation) {
        self = Self.byOperation[operation] ?? KMSAction(operation.rawValue)
    }

    private static let byOperation: [KMSOperation: KMSAction] = Dictionary(
        uniqueKeysWithValues: KMSOperation.allCases.map { ($0, KMSAction($0.rawValue)) }
    )

    public static let reEncryptFrom = KMSAction("ReEncryptFrom")
    public static let reEncryptTo = KMSAction("ReEncryptTo")

    /// The GrantOperation enum of the API model.
    static let grantOperations: Set<String> = [
        "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo",
        "Sign", "Verify", "GetPublicKey", "CreateGrant", "RetireGrant", "DescribeKey", "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext", "GenerateMac", "VerifyMac", "DeriveSharedSecret",
    ]

    /// Only these work across accounts; every other action fails there whatever policies say.
    static let crossAccountActions: Set<String> = [
        "Decrypt", "DeriveSharedSecret", "DescribeKey", "Encrypt", "GenerateDataKey", "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext", "GenerateMac", "GetPublicKey",
        "ReEncryptFrom", "ReEncryptTo", "Sign", "Verify", "VerifyMac", "CreateGrant", "GetKeyRotationStatus",
        "ListGrants", "RetireGrant", "RevokeGrant",
    ]
}
