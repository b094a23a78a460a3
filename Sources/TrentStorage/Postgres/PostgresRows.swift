import Foundation
import Logging
import PostgresNIO
import TrentDomain

/// Row mapping for PostgreSQL: the same columns and JSON encodings as the SQLite store
/// (`KeyRow`, `GrantRow`), so both stores hold one model of the data.
enum PostgresKeyRow {
    static let columns = """
        account, region, key_id, creation_date, description, key_spec, key_usage, origin, key_manager, \
        state, multi_region, deletion_date, pending_window_days, current_material_id, policy, tags, version, \
        multi_region_type, material_versions, rotation_period_days, next_rotation_date
        """

    static func record(_ row: PostgresRow) throws -> KeyRecord {
        let r = row.makeRandomAccess()
        return KeyRecord(
            account: try r["account"].decode(String.self),
            region: try r["region"].decode(String.self),
            keyId: try r["key_id"].decode(String.self),
            creationDate: Date(timeIntervalSince1970: try r["creation_date"].decode(Double.self)),
            description: try r["description"].decode(String.self),
            keySpec: KeySpec(rawValue: try r["key_spec"].decode(String.self)) ?? .symmetricDefault,
            keyUsage: KeyUsage(rawValue: try r["key_usage"].decode(String.self)) ?? .encryptDecrypt,
            origin: KeyOrigin(rawValue: try r["origin"].decode(String.self)) ?? .awsKMS,
            keyManager: KeyManager(rawValue: try r["key_manager"].decode(String.self)) ?? .customer,
            state: KeyState(rawValue: try r["state"].decode(String.self)) ?? .disabled,
            multiRegionType: try r["multi_region_type"].decode(String?.self).flatMap(MultiRegionKeyType.init(rawValue:)),
            deletionDate: try r["deletion_date"].decode(Double?.self).map(Date.init(timeIntervalSince1970:)),
            pendingWindowInDays: try r["pending_window_days"].decode(Int?.self),
            currentMaterialId: try r["current_material_id"].decode(String.self),
            materialVersions: KeyRow.decodeVersions(try r["material_versions"].decode(String.self)),
            rotationPeriodInDays: try r["rotation_period_days"].decode(Int?.self),
            nextRotationDate: try r["next_rotation_date"].decode(Double?.self).map(Date.init(timeIntervalSince1970:)),
            policy: try r["policy"].decode(String.self),
            tags: KeyRow.decodeTags(try r["tags"].decode(String.self)),
            version: try r["version"].decode(Int64.self)
        )
    }

    static func fetch(_ address: KeyAddress, forUpdate: Bool, _ connection: PostgresConnection, _ logger: Logger) async throws -> KeyRecord? {
        let query: PostgresQuery = forUpdate
            ? "SELECT \(unescaped: columns) FROM keys WHERE account = \(address.account) AND region = \(address.region) AND key_id = \(address.keyId) FOR UPDATE"
            : "SELECT \(unescaped: columns) FROM keys WHERE account = \(address.account) AND region = \(address.region) AND key_id = \(address.keyId)"
        for try await row in try await connection.query(query, logger: logger) {
            return try record(row)
        }
        return nil
    }

    static func insert(_ key: KeyRecord, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO keys (account, region, key_id, creation_date, description, key_spec, key_usage, origin,
                key_manager, state, multi_region, deletion_date, pending_window_days, current_material_id, policy,
                tags, version, multi_region_type, material_versions, rotation_period_days, next_rotation_date, next_expiry)
            VALUES (\(key.account), \(key.region), \(key.keyId), \(key.creationDate.timeIntervalSince1970),
                \(key.description), \(key.keySpec.rawValue), \(key.keyUsage.rawValue), \(key.origin.rawValue),
                \(key.keyManager.rawValue), \(key.state.rawValue), \(key.multiRegion),
                \(key.deletionDate?.timeIntervalSince1970), \(key.pendingWindowInDays.map(Int64.init)),
                \(key.currentMaterialId), \(key.policy), \(KeyRow.encodeTags(key.tags)), \(key.version),
                \(key.multiRegionType?.rawValue), \(KeyRow.encodeVersions(key.materialVersions)),
                \(key.rotationPeriodInDays.map(Int64.init)), \(key.nextRotationDate?.timeIntervalSince1970),
                \(key.nextExpiry?.timeIntervalSince1970))
            """, logger: logger)
    }

    static func update(_ key: KeyRecord, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query("""
            UPDATE keys SET description = \(key.description), state = \(key.state.rawValue),
                deletion_date = \(key.deletionDate?.timeIntervalSince1970),
                pending_window_days = \(key.pendingWindowInDays.map(Int64.init)),
                current_material_id = \(key.currentMaterialId), policy = \(key.policy),
                tags = \(KeyRow.encodeTags(key.tags)), version = \(key.version),
                multi_region_type = \(key.multiRegionType?.rawValue),
                material_versions = \(KeyRow.encodeVersions(key.materialVersions)),
                rotation_period_days = \(key.rotationPeriodInDays.map(Int64.init)),
                next_rotation_date = \(key.nextRotationDate?.timeIntervalSince1970),
                next_expiry = \(key.nextExpiry?.timeIntervalSince1970)
            WHERE account = \(key.account) AND region = \(key.region) AND key_id = \(key.keyId)
            """, logger: logger)
    }
}

enum PostgresGrantRow {
    static func record(_ row: PostgresRow) throws -> GrantRecord {
        let r = row.makeRandomAccess()
        return GrantRecord(
            grantId: try r["grant_id"].decode(String.self), account: try r["account"].decode(String.self),
            region: try r["region"].decode(String.self), keyId: try r["key_id"].decode(String.self),
            name: try r["name"].decode(String.self), granteePrincipal: try r["grantee"].decode(String.self),
            retiringPrincipal: try r["retiring"].decode(String?.self),
            operations: GrantRow.decodeList(try r["operations"].decode(String.self)),
            constraints: GrantRow.decodeConstraints(try r["constraints"].decode(String?.self)),
            issuingAccount: try r["issuing_account"].decode(String.self),
            creationDate: Date(timeIntervalSince1970: try r["creation_date"].decode(Double.self))
        )
    }
}

enum PostgresAliasRow {
    static func record(_ row: PostgresRow) throws -> AliasRecord {
        let r = row.makeRandomAccess()
        return AliasRecord(
            account: try r["account"].decode(String.self), region: try r["region"].decode(String.self),
            name: try r["name"].decode(String.self), targetKeyId: try r["target_key_id"].decode(String.self),
            creationDate: Date(timeIntervalSince1970: try r["creation_date"].decode(Double.self)),
            lastUpdatedDate: Date(timeIntervalSince1970: try r["last_updated_date"].decode(Double.self))
        )
    }
}

extension PostgresConnection {
    /// Every row of `query`, mapped.
    func all<T>(_ query: PostgresQuery, logger: Logger, _ map: (PostgresRow) throws -> T) async throws -> [T] {
        var out: [T] = []
        for try await row in try await self.query(query, logger: logger) {
            out.append(try map(row))
        }
        return out
    }
}
