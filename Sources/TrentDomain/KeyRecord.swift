import Foundation

/// Everything Trent knows about one KMS key except its material: the row the store keeps
/// and the cache serves. Values, never shared mutable state; a change makes a new record
/// with a higher `version`, which is how concurrent writers and caches agree on order.
public struct KeyRecord: Sendable, Equatable {
    public let account: String
    public let region: String
    public let keyId: String
    /// Built once: every operation names the key by its ARN, many times per request.
    public let arn: String
    public var creationDate: Date
    public var description: String
    public var keySpec: KeySpec
    public var keyUsage: KeyUsage
    public var origin: KeyOrigin
    public var keyManager: KeyManager
    public var state: KeyState
    /// nil for a single-Region key. The set's primary and replicas are found from the key id,
    /// which every key of the set shares, so no record holds a copy of the whole set.
    public var multiRegionType: MultiRegionKeyType?
    public var deletionDate: Date?
    public var pendingWindowInDays: Int?
    /// The material id (hex) new ciphertexts use.
    public var currentMaterialId: String
    /// Every material version, oldest first. A multi-Region set holds the same list.
    public var materialVersions: [MaterialVersion]
    /// Days between automatic rotations; nil while automatic rotation is off.
    public var rotationPeriodInDays: Int?
    public var nextRotationDate: Date?
    public var policy: String
    public var tags: [Tag]
    public var version: Int64

    public init(
        account: String, region: String, keyId: String, creationDate: Date, description: String,
        keySpec: KeySpec, keyUsage: KeyUsage, origin: KeyOrigin, keyManager: KeyManager,
        state: KeyState, multiRegionType: MultiRegionKeyType?, deletionDate: Date?, pendingWindowInDays: Int?,
        currentMaterialId: String, materialVersions: [MaterialVersion], rotationPeriodInDays: Int? = nil,
        nextRotationDate: Date? = nil, policy: String, tags: [Tag], version: Int64
    ) {
        self.account = account
        self.region = region
        self.keyId = keyId
        self.arn = KeyIdentifiers.keyArn(region: region, account: account, keyId: keyId)
        self.creationDate = creationDate
        self.description = description
        self.keySpec = keySpec
        self.keyUsage = keyUsage
        self.origin = origin
        self.keyManager = keyManager
        self.state = state
        self.multiRegionType = multiRegionType
        self.deletionDate = deletionDate
        self.pendingWindowInDays = pendingWindowInDays
        self.currentMaterialId = currentMaterialId
        self.materialVersions = materialVersions
        self.rotationPeriodInDays = rotationPeriodInDays
        self.nextRotationDate = nextRotationDate
        self.policy = policy
        self.tags = tags
        self.version = version
    }

    public var enabled: Bool { state == .enabled }

    public var multiRegion: Bool { multiRegionType != nil }

    public var encryptionAlgorithms: [EncryptionAlgorithm] {
        switch (keySpec, keyUsage) {
        case (.symmetricDefault, _): return [.symmetricDefault]
        case (.rsa2048, .encryptDecrypt), (.rsa3072, .encryptDecrypt), (.rsa4096, .encryptDecrypt):
            return [.rsaesOaepSha1, .rsaesOaepSha256]
        case (.sm2, .encryptDecrypt): return [.sm2pke]
        default: return []
        }
    }
}

public struct Tag: Sendable, Equatable, Hashable {
    public var key: String
    public var value: String
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// An alias: a name in one account and region that points at one key there.
public struct AliasRecord: Sendable, Equatable {
    public var account: String
    public var region: String
    public var name: String
    public var targetKeyId: String
    public var creationDate: Date
    public var lastUpdatedDate: Date

    public init(account: String, region: String, name: String, targetKeyId: String, creationDate: Date, lastUpdatedDate: Date) {
        self.account = account
        self.region = region
        self.name = name
        self.targetKeyId = targetKeyId
        self.creationDate = creationDate
        self.lastUpdatedDate = lastUpdatedDate
    }

    public var arn: String { KeyIdentifiers.aliasArn(region: region, account: account, aliasName: name) }
}

/// The policy a key gets when CreateKey names none: the account may do everything, and IAM
/// (identity policies) decides per principal (AWS Developer Guide, "Default key policy").
public enum DefaultKeyPolicy {
    public static func document(account: String) -> String {
        """
        {
          "Version" : "2012-10-17",
          "Id" : "key-default-1",
          "Statement" : [ {
            "Sid" : "Enable IAM User Permissions",
            "Effect" : "Allow",
            "Principal" : {
              "AWS" : "arn:aws:iam::\(account):root"
            },
            "Action" : "kms:*",
            "Resource" : "*"
          } ]
        }
        """
    }
}
