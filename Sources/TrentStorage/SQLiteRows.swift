import Foundation
import GRDB
import TrentDomain

/// Mapping between `KeyRecord` and the `keys` table.
enum KeyRow {
    static func fetch(_ address: KeyAddress, db: Database) throws -> KeyRecord? {
        try Row.fetchOne(
            db,
            sql: "SELECT * FROM keys WHERE account = ? AND region = ? AND key_id = ?",
            arguments: [address.account, address.region, address.keyId]
        ).map(record(from:))
    }

    static func record(from row: Row) -> KeyRecord {
        KeyRecord(
            account: row["account"],
            region: row["region"],
            keyId: row["key_id"],
            creationDate: Date(timeIntervalSince1970: row["creation_date"]),
            description: row["description"],
            keySpec: KeySpec(rawValue: row["key_spec"]) ?? .symmetricDefault,
            keyUsage: KeyUsage(rawValue: row["key_usage"]) ?? .encryptDecrypt,
            origin: KeyOrigin(rawValue: row["origin"]) ?? .awsKMS,
            keyManager: KeyManager(rawValue: row["key_manager"]) ?? .customer,
            state: KeyState(rawValue: row["state"]) ?? .disabled,
            multiRegion: row["multi_region"],
            deletionDate: (row["deletion_date"] as Double?).map(Date.init(timeIntervalSince1970:)),
            pendingWindowInDays: row["pending_window_days"],
            currentMaterialId: row["current_material_id"],
            policy: row["policy"],
            tags: decodeTags(row["tags"]),
            version: row["version"]
        )
    }

    static func arguments(_ key: KeyRecord) -> StatementArguments {
        [
            key.account, key.region, key.keyId, key.creationDate.timeIntervalSince1970, key.description,
            key.keySpec.rawValue, key.keyUsage.rawValue, key.origin.rawValue, key.keyManager.rawValue,
            key.state.rawValue, key.multiRegion, key.deletionDate?.timeIntervalSince1970, key.pendingWindowInDays,
            key.currentMaterialId, key.policy, encodeTags(key.tags), key.version,
        ]
    }

    static func insert(_ key: KeyRecord, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO keys (account, region, key_id, creation_date, description, key_spec, key_usage,
                    origin, key_manager, state, multi_region, deletion_date, pending_window_days,
                    current_material_id, policy, tags, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: arguments(key)
        )
    }

    static func update(_ key: KeyRecord, db: Database) throws {
        try db.execute(
            sql: """
                UPDATE keys SET description = ?, state = ?, deletion_date = ?, pending_window_days = ?,
                    current_material_id = ?, policy = ?, tags = ?, version = ?
                WHERE account = ? AND region = ? AND key_id = ?
                """,
            arguments: [
                key.description, key.state.rawValue, key.deletionDate?.timeIntervalSince1970, key.pendingWindowInDays,
                key.currentMaterialId, key.policy, encodeTags(key.tags), key.version,
                key.account, key.region, key.keyId,
            ]
        )
    }

    // Tags keep their order (AWS lists them in the order they were added), so they are a JSON
    // array of [key, value] pairs rather than an object.
    static func encodeTags(_ tags: [Tag]) -> String {
        let pairs = tags.map { [$0.key, $0.value] }
        let data = (try? JSONSerialization.data(withJSONObject: pairs)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decodeTags(_ text: String) -> [Tag] {
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
