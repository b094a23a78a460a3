import Foundation

/// What Trent knows about one material version of a key, without the material itself: the
/// row ListKeyRotations renders and the scheduler reads. The sealed bytes live apart, in
/// the store's material table, and may be absent (imported material deleted or expired)
/// while this entry remains, because AWS keeps naming the version until the key is deleted.
public struct MaterialVersion: Sendable, Equatable, Codable {
    public var materialId: String
    public var createdAt: Date
    /// When the version became current by a rotation; nil for a key's first material and for
    /// imported material still waiting for RotateKeyOnDemand.
    public var rotationDate: Date?
    public var rotationType: RotationType?
    /// Imported as NEW_KEY_MATERIAL and not made current yet (KeyMaterialState PENDING_ROTATION).
    public var pendingRotation: Bool
    /// Present for EXTERNAL keys only.
    public var imported: ImportedMaterial?

    public init(
        materialId: String, createdAt: Date, rotationDate: Date? = nil, rotationType: RotationType? = nil,
        pendingRotation: Bool = false, imported: ImportedMaterial? = nil
    ) {
        self.materialId = materialId
        self.createdAt = createdAt
        self.rotationDate = rotationDate
        self.rotationType = rotationType
        self.pendingRotation = pendingRotation
        self.imported = imported
    }

    /// Whether the sealed bytes exist: always for generated material, and for imported
    /// material between an import and its deletion or expiry.
    public var hasMaterial: Bool { imported?.present ?? true }
}

/// The import facts of one imported material version.
public struct ImportedMaterial: Sendable, Equatable, Codable {
    public var description: String?
    /// ImportState IMPORTED (true) or PENDING_IMPORT.
    public var present: Bool
    public var expirationModel: ExpirationModel?
    public var validTo: Date?

    public init(description: String?, present: Bool, expirationModel: ExpirationModel?, validTo: Date?) {
        self.description = description
        self.present = present
        self.expirationModel = expirationModel
        self.validTo = validTo
    }
}

public enum RotationType: String, Sendable, Codable {
    case automatic = "AUTOMATIC"
    case onDemand = "ON_DEMAND"
}

public enum ExpirationModel: String, Sendable, Codable {
    case expires = "KEY_MATERIAL_EXPIRES"
    case doesNotExpire = "KEY_MATERIAL_DOES_NOT_EXPIRE"
}

public enum MultiRegionKeyType: String, Sendable, Codable {
    case primary = "PRIMARY"
    case replica = "REPLICA"
}

extension KeyRecord {
    public func version(_ materialId: String) -> MaterialVersion? {
        materialVersions.first { $0.materialId == materialId }
    }

    public var currentVersion: MaterialVersion? { version(currentMaterialId) }

    /// The earliest moment any present imported material of this key expires: the column
    /// the expiry scheduler queries.
    public var nextExpiry: Date? {
        materialVersions.compactMap { version in
            guard let imported = version.imported, imported.present, imported.expirationModel == .expires else { return nil }
            return imported.validTo
        }.min()
    }

    /// Automatic rotation applies only to symmetric keys whose material Trent generated.
    public var supportsAutomaticRotation: Bool { keySpec == .symmetricDefault && origin == .awsKMS }

    /// On-demand rotation also applies to symmetric keys with imported material.
    public var supportsOnDemandRotation: Bool { keySpec == .symmetricDefault && (origin == .awsKMS || origin == .external) }

    /// RotateKeyOnDemand calls so far: AWS allows 25 per key.
    public var onDemandRotationCount: Int { materialVersions.count { $0.rotationType == .onDemand } }
}
