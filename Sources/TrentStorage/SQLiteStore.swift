import Foundation
import GRDB
import TrentDomain

/// The embedded default store: SQLite in WAL mode through a GRDB pool. `synchronous=FULL`
/// makes every commit fsync the WAL before the write returns, so an acknowledged request
/// survives a crash or power loss.
public final class SQLiteStore: TrentStore {
    let pool: DatabasePool

    public init(path: String) throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: config)
        try SQLiteSchema.migrator().migrate(pool)
    }

    // MARK: Snapshot

    public func loadSnapshot() async throws -> StoreSnapshot {
        try await pool.read { db in
            let strings = StringInterner()
            var keys: [KeyRecord] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT \(KeyRow.columns) FROM keys")
            while let row = try rows.next() {
                keys.append(KeyRow.record(from: row, interning: strings))
            }
            var materials: [KeyAddress: [SealedMaterial]] = [:]
            materials.reserveCapacity(keys.count)
            let materialRows = try Row.fetchCursor(
                db, sql: "SELECT account, region, key_id, material_id, sealed, created_at FROM key_materials ORDER BY created_at"
            )
            while let row = try materialRows.next() {
                let address = KeyAddress(account: row[0], region: row[1], keyId: row[2])
                materials[address, default: []].append(SealedMaterial(
                    materialId: row[3], sealed: Array(row[4] as Data), createdAt: Date(timeIntervalSince1970: row[5])
                ))
            }
            let aliases = try Row.fetchAll(db, sql: "SELECT * FROM aliases").map(AliasRow.record(from:))
            let grants = try Row.fetchAll(db, sql: "SELECT * FROM grants ORDER BY creation_date, grant_id").map(GrantRow.record(from:))
            return StoreSnapshot(keys: keys, materials: materials, aliases: aliases, grants: grants)
        }
    }

    // MARK: Root key check

    public func rootKeyCheckValue() async throws -> [UInt8]? {
        try await pool.read { db in
            let data = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE name = 'root_key_check'")
            return data.map { Array($0) }
        }
    }

    public func setRootKeyCheckValue(_ value: [UInt8]) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO meta (name, value) VALUES ('root_key_check', ?)",
                arguments: [Data(value)]
            )
        }
    }

    // MARK: Keys

    public func insertKey(_ key: KeyRecord, material: SealedMaterial) async throws {
        try await pool.write { db in
            try KeyRow.insert(key, db: db)
            try MaterialRow.insert(material, for: KeyAddress(account: key.account, region: key.region, keyId: key.keyId), db: db)
        }
    }

    public func updateKey(
        _ address: KeyAddress,
        _ change: @escaping @Sendable (KeyRecord) throws(KMSError) -> KeyRecord
    ) async throws -> KeyRecord? {
        try await pool.write { db in
            guard let current = try KeyRow.fetch(address, db: db) else { return nil }
            var updated = try change(current)
            updated.version = current.version + 1
            try KeyRow.update(updated, db: db)
            return updated
        }
    }

    public func deleteKey(_ address: KeyAddress) async throws -> [String] {
        try await pool.write { db in
            let names = try String.fetchAll(
                db,
                sql: "SELECT name FROM aliases WHERE account = ? AND region = ? AND target_key_id = ?",
                arguments: [address.account, address.region, address.keyId]
            )
            try db.execute(
                sql: "DELETE FROM aliases WHERE account = ? AND region = ? AND target_key_id = ?",
                arguments: [address.account, address.region, address.keyId]
            )
            try db.execute(
                sql: "DELETE FROM grants WHERE account = ? AND region = ? AND key_id = ?",
                arguments: [address.account, address.region, address.keyId]
            )
            try db.execute(
                sql: "DELETE FROM key_materials WHERE account = ? AND region = ? AND key_id = ?",
                arguments: [address.account, address.region, address.keyId]
            )
            try db.execute(
                sql: "DELETE FROM keys WHERE account = ? AND region = ? AND key_id = ?",
                arguments: [address.account, address.region, address.keyId]
            )
            return names
        }
    }

    public func keysDueForDeletion(before date: Date) async throws -> [KeyAddress] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT account, region, key_id FROM keys WHERE deletion_date IS NOT NULL AND deletion_date <= ? AND state = 'PendingDeletion'",
                arguments: [date.timeIntervalSince1970]
            ).map { KeyAddress(account: $0["account"], region: $0["region"], keyId: $0["key_id"]) }
        }
    }

    // MARK: Grants

    public func insertGrant(
        _ grant: GrantRecord,
        check: @escaping @Sendable (_ key: KeyRecord?, _ existing: [GrantRecord]) throws(KMSError) -> GrantRecord?
    ) async throws -> GrantRecord {
        try await pool.write { db in
            let key = try KeyRow.fetch(KeyAddress(account: grant.account, region: grant.region, keyId: grant.keyId), db: db)
            let existing = try Row.fetchAll(
                db, sql: "SELECT * FROM grants WHERE account = ? AND region = ? AND key_id = ? ORDER BY creation_date, grant_id",
                arguments: [grant.account, grant.region, grant.keyId]
            ).map(GrantRow.record(from:))
            if let reused = try check(key, existing) { return reused }
            try GrantRow.insert(grant, db: db)
            return grant
        }
    }

    public func deleteGrant(id: String) async throws -> GrantRecord? {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM grants WHERE grant_id = ?", arguments: [id]) else { return nil }
            try db.execute(sql: "DELETE FROM grants WHERE grant_id = ?", arguments: [id])
            return GrantRow.record(from: row)
        }
    }

    // MARK: Aliases

    public func insertAlias(_ alias: AliasRecord, check: @escaping @Sendable (KeyRecord?) throws(KMSError) -> Void) async throws {
        try await pool.write { db in
            let target = try KeyRow.fetch(KeyAddress(account: alias.account, region: alias.region, keyId: alias.targetKeyId), db: db)
            try check(target)
            let exists = try Bool.fetchOne(
                db,
                sql: "SELECT 1 FROM aliases WHERE account = ? AND region = ? AND name = ?",
                arguments: [alias.account, alias.region, alias.name]
            ) ?? false
            if exists {
                throw KMSError("AlreadyExistsException", "An alias with the name \(alias.arn) already exists")
            }
            try AliasRow.insert(alias, db: db)
        }
    }

    public func updateAlias(
        account: String, region: String, name: String, newTarget: String, at date: Date,
        check: @escaping @Sendable (_ current: KeyRecord?, _ new: KeyRecord?) throws(KMSError) -> Void
    ) async throws -> AliasRecord? {
        try await pool.write { db in
            guard let row = try Row.fetchOne(
                db,
                sql: "SELECT * FROM aliases WHERE account = ? AND region = ? AND name = ?",
                arguments: [account, region, name]
            ) else { return nil }
            var alias = AliasRow.record(from: row)
            let current = try KeyRow.fetch(KeyAddress(account: account, region: region, keyId: alias.targetKeyId), db: db)
            let new = try KeyRow.fetch(KeyAddress(account: account, region: region, keyId: newTarget), db: db)
            try check(current, new)
            alias.targetKeyId = newTarget
            alias.lastUpdatedDate = date
            try db.execute(
                sql: "UPDATE aliases SET target_key_id = ?, last_updated_date = ? WHERE account = ? AND region = ? AND name = ?",
                arguments: [newTarget, date.timeIntervalSince1970, account, region, name]
            )
            return alias
        }
    }

    public func deleteAlias(account: String, region: String, name: String) async throws -> AliasRecord? {
        try await pool.write { db in
            guard let row = try Row.fetchOne(
                db,
                sql: "SELECT * FROM aliases WHERE account = ? AND region = ? AND name = ?",
                arguments: [account, region, name]
            ) else { return nil }
            try db.execute(
                sql: "DELETE FROM aliases WHERE account = ? AND region = ? AND name = ?",
                arguments: [account, region, name]
            )
            return AliasRow.record(from: row)
        }
    }

    // MARK: Identities

    public func accessKeys() async throws -> [StoredAccessKey] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM access_keys").map { row in
                StoredAccessKey(
                    accessKeyId: row["access_key_id"],
                    account: row["account"],
                    userName: row["user_name"],
                    sealedSecret: Array(row["sealed_secret"] as Data)
                )
            }
        }
    }

    public func upsertAccessKey(_ key: StoredAccessKey) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO access_keys (access_key_id, account, user_name, sealed_secret) VALUES (?, ?, ?, ?)
                    ON CONFLICT(access_key_id) DO UPDATE SET account = excluded.account,
                        user_name = excluded.user_name, sealed_secret = excluded.sealed_secret
                    """,
                arguments: [key.accessKeyId, key.account, key.userName, Data(key.sealedSecret)]
            )
        }
    }

    /// Closes the pool; used by tests that scan the files afterwards.
    public func close() throws {
        try pool.close()
    }
}
