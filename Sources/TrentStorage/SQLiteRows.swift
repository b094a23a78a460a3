import Foundation
import GRDB
import TrentDomain

/// Mapping between `KeyRecord` and the `keys` table.
enum KeyRow {
    /// Selected by position: start-up reads every row, and positional access is several
    /// times cheaper than lookup by column name.
    static let columns = """
        account, region, key_id, creation_date, description, key_spec, key_usage, origin, key_manager, \
        state, multi_region, deletion_date, pending_window_days, current_material_id, policy, tags, version, \
        multi_region_type, material_versions, rotation_period_days, next_rotation_date
        """

    static func fetch(_ address: KeyAddress, db: Database) throws -> KeyRecord? {
        try Row.fetchOne(
            db,
            sql: "SELECT \(columns) FROM keys WHERE account = ? AND region = ? AND key_id = ?",
            arguments: [address.account, address.region, address.keyId]
        ).map { record(from: $0) }
    }

    static func record(from row: Row, interning strings: StringInterner? = nil) -> KeyRecord {
        let policy: String = row[14]
        return KeyRecord(
            account: row[0],
            region: row[1],
            keyId: row[2],
            creationDate: Date(timeIntervalSince1970: row[3]),
            description: row[4],
            keySpec: KeySpec(rawValue: row[5]) ?? .symmetricDefault,
            keyUsage: KeyUsage(rawValue: row[6]) ?? .encryptDecrypt,
            origin: KeyOrigin(rawValue: row[7]) ?? .awsKMS,
            keyManager: KeyManager(rawValue: row[8]) ?? .customer,
            state: KeyState(rawValue: row[9]) ?? .disabled,
            multiRegionType: (row[17] as String?).flatMap(MultiRegionKeyType.init(rawValue:)),
            deletionDate: (row[11] as Double?).map(Date.init(timeIntervalSince1970:)),
            pendingWindowInDays: row[12],
            currentMaterialId: row[13],
            materialVersions: decodeVersions(row[18]),
            rotationPeriodInDays: row[19],
            nextRotationDate: (row[20] as Double?).map(Date.init(timeIntervalSince1970:)),
            policy: strings?.intern(policy) ?? policy,
            tags: decodeTags(row[15]),
            version: row[16]
        )
    }

    static func arguments(_ key: KeyRecord) -> StatementArguments {
        [
            key.account, key.region, key.keyId, key.creationDate.timeIntervalSince1970, key.description,
            key.keySpec.rawValue, key.keyUsage.rawValue, key.origin.rawValue, key.keyManager.rawValue,
            key.state.rawValue, key.multiRegion, key.deletionDate?.timeIntervalSince1970, key.pendingWindowInDays,
            key.currentMaterialId, key.policy, encodeTags(key.tags), key.version,
            key.multiRegionType?.rawValue, encodeVersions(key.materialVersions), key.rotationPeriodInDays,
            key.nextRotationDate?.timeIntervalSince1970, key.nextExpiry?.timeIntervalSince1970,
        ]
    }

    static func insert(_ key: KeyRecord, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO keys (account, region, key_id, creation_date, description, key_spec, key_usage,
                    origin, key_manager, state, multi_region, deletion_date, pending_window_days,
                    current_material_id, policy, tags, version, multi_region_type, material_versions,
                    rotation_period_days, next_rotation_date, next_expiry)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: arguments(key)
        )
    }

    static func update(_ key: KeyRecord, db: Database) throws {
        try db.execute(
            sql: """
                UPDATE keys SET description = ?, state = ?, deletion_date = ?, pending_window_days = ?,
                    current_material_id = ?, policy = ?, tags = ?, version = ?, multi_region_type = ?,
                    material_versions = ?, rotation_period_days = ?, next_rotation_date = ?, next_expiry = ?
                WHERE account = ? AND region = ? AND key_id = ?
                """,
            arguments: [
                key.description, key.state.rawValue, key.deletionDate?.timeIntervalSince1970, key.pendingWindowInDays,
                key.currentMaterialId, key.policy, encodeTags(key.tags), key.version, key.multiRegionType?.rawValue,
                encodeVersions(key.materialVersions), key.rotationPeriodInDays, key.nextRotationDate?.timeIntervalSince1970,
                key.nextExpiry?.timeIntervalSince1970, key.account, key.region, key.keyId,
            ]
        )
    }

    /// Material versions as JSON: metadata only, never material. A row that does not decode
    /// reads as no versions (the key then fails closed: no current material).
    static func encodeVersions(_ versions: [MaterialVersion]) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(versions) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decodeVersions(_ text: String) -> [MaterialVersion] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return (try? decoder.decode([MaterialVersion].self, from: Data(text.utf8))) ?? []
    }

    // Tags keep their order (AWS lists them in the order they were added), so they are a JSON
    // array of [key, value] pairs rather than an object.
    static func encodeTags(_ tags: [Tag]) -> String {
        let pairs = tags.map { [$0.key, $0.value] }
        let data = (try? JSONSerialization.data(withJSONObject: pairs)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decodeTags(_ text: String) -> [Tag] {
        if text == "[]" { return [] }
        guard let pairs = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String]] else { return [] }
        return pairs.compactMap { $0.count == 2 ? Tag(key: $0[0], value: $0[1]) : nil }
    }
}

enum MaterialRow {
    static func material(from row: Row) -> SealedMaterial {
        SealedMaterial(
            materialId: row["material_id"],
            sealed: Array(row["sealed"] as Data),
            createdAt: Date(timeIntervalSince1970: row["created_at"])
        )
    }

    static func insert(_ material: SealedMaterial, for address: KeyAddress, db: Database) throws {
        try db.execute(
            sql: "INSERT INTO key_materials (account, region, key_id, material_id, sealed, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [address.account, address.region, address.keyId, material.materialId, Data(material.sealed), material.createdAt.timeIntervalSince1970]
        )
    }
}

extension MaterialRow {
    /// A re-import writes the same version again: the row is replaced, not duplicated.
    static func upsert(_ material: SealedMaterial, for address: KeyAddress, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO key_materials (account, region, key_id, material_id, sealed, created_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(account, region, key_id, material_id) DO UPDATE SET sealed = excluded.sealed
                """,
            arguments: [address.account, address.region, address.keyId, material.materialId, Data(material.sealed), material.createdAt.timeIntervalSince1970]
        )
    }
}

enum AliasRow {
    static func record(from row: Row) -> AliasRecord {
        AliasRecord(
            account: row["account"],
            region: row["region"],
            name: row["name"],
            targetKeyId: row["target_key_id"],
            creationDate: Date(timeIntervalSince1970: row["creation_date"]),
            lastUpdatedDate: Date(timeIntervalSince1970: row["last_updated_date"])
        )
    }

    static func insert(_ alias: AliasRecord, db: Database) throws {
        try db.execute(
            sql: "INSERT INTO aliases (account, region, name, target_key_id, creation_date, last_updated_date) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [alias.account, alias.region, alias.name, alias.targetKeyId, alias.creationDate.timeIntervalSince1970, alias.lastUpdatedDate.timeIntervalSince1970]
        )
    }
}

/// Shares one copy of strings that repeat across many keys (most keys carry their account's
/// default policy), so 100,000 keys do not hold 100,000 copies of the same text.
final class StringInterner {
    private var seen: [String: String] = [:]

    func intern(_ text: String) -> String {
        if let existing = seen[text] { return existing }
        seen[text] = text
        return text
    }
}
