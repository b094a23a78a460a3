import Foundation
import TrentDomain

/// The `KeyMetadata` structure of DescribeKey/CreateKey, field for field as AWS returns it.
enum KeyMetadataJSON {
    static func render(_ key: KeyRecord) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("AWSAccountId", .string(key.account)),
            ("KeyId", .string(key.keyId)),
            ("Arn", .string(key.arn)),
            ("CreationDate", Wire.date(key.creationDate)),
            ("Enabled", .bool(key.enabled)),
            ("Description", .string(key.description)),
            ("KeyUsage", .string(key.keyUsage.rawValue)),
            ("KeyState", .string(key.state.rawValue)),
        ]
        if let deletionDate = key.deletionDate, key.state == .pendingDeletion {
            fields.append(("DeletionDate", Wire.date(deletionDate)))
        }
        fields.append(("Origin", .string(key.origin.rawValue)))
        fields.append(("KeyManager", .string(key.keyManager.rawValue)))
        fields.append(("CustomerMasterKeySpec", .string(key.keySpec.rawValue)))
        fields.append(("KeySpec", .string(key.keySpec.rawValue)))
        fields += algorithmFields(key)
        fields.append(("MultiRegion", .bool(key.multiRegion)))
        if key.state == .pendingReplicaDeletion, let window = key.pendingWindowInDays {
            fields.append(("PendingDeletionWindowInDays", Wire.int(window)))
        }
        if key.keySpec == .symmetricDefault, key.origin == .awsKMS {
            fields.append(("CurrentKeyMaterialId", .string(key.currentMaterialId)))
        }
        return Wire.object(fields)
    }

    /// EncryptionAlgorithms / SigningAlgorithms / MacAlgorithms / KeyAgreementAlgorithms,
    /// whichever apply to the key; DescribeKey and GetPublicKey both list them.
    static func algorithmFields(_ key: KeyRecord) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = []
        let encryption = key.encryptionAlgorithms.map(\.rawValue)
        for (name, list) in [
            ("EncryptionAlgorithms", encryption), ("SigningAlgorithms", key.signingAlgorithms),
            ("MacAlgorithms", key.macAlgorithms), ("KeyAgreementAlgorithms", key.keyAgreementAlgorithms),
        ] where !list.isEmpty {
            fields.append((name, .array(list.map { .string($0) })))
        }
        return fields
    }
}
