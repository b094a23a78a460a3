import Foundation
import TrentDomain

/// The `KeyMetadata` structure of DescribeKey/CreateKey, field for field as AWS returns it.
enum KeyMetadataJSON {
    /// The set a multi-Region key belongs to, as every key of the set reports it.
    struct MultiRegionSet {
        let primary: KeyRecord?
        let replicas: [KeyRecord]
    }

    static func render(_ key: KeyRecord, multiRegionSet: MultiRegionSet? = nil) -> JSONValue {
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
        let imported = key.origin == .external ? key.currentVersion?.imported : nil
        if let validTo = imported?.validTo, imported?.present == true, imported?.expirationModel == .expires {
            fields.append(("ValidTo", Wire.date(validTo)))
        }
        fields.append(("Origin", .string(key.origin.rawValue)))
        if let model = imported?.expirationModel, imported?.present == true {
            fields.append(("ExpirationModel", .string(model.rawValue)))
        }
        fields.append(("KeyManager", .string(key.keyManager.rawValue)))
        fields.append(("CustomerMasterKeySpec", .string(key.keySpec.rawValue)))
        fields.append(("KeySpec", .string(key.keySpec.rawValue)))
        fields += algorithmFields(key)
        fields.append(("MultiRegion", .bool(key.multiRegion)))
        if let type = key.multiRegionType {
            fields.append(("MultiRegionConfiguration", multiRegionConfiguration(type, multiRegionSet)))
        }
        if key.state == .pendingReplicaDeletion, let window = key.pendingWindowInDays {
            fields.append(("PendingDeletionWindowInDays", Wire.int(window)))
        }
        if key.keySpec == .symmetricDefault, !key.currentMaterialId.isEmpty {
            fields.append(("CurrentKeyMaterialId", .string(key.currentMaterialId)))
        }
        return Wire.object(fields)
    }

    static func multiRegionConfiguration(_ type: MultiRegionKeyType, _ set: MultiRegionSet?) -> JSONValue {
        func entry(_ key: KeyRecord) -> JSONValue {
            Wire.object([("Arn", .string(key.arn)), ("Region", .string(key.region))])
        }
        var fields: [(String, JSONValue)] = [("MultiRegionKeyType", .string(type.rawValue))]
        if let primary = set?.primary { fields.append(("PrimaryKey", entry(primary))) }
        fields.append(("ReplicaKeys", .array((set?.replicas ?? []).map(entry))))
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
