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
            let lastUses = try Row.fetchAll(db, sql: "SELECT key_arn, operation, time, event_id, request_id FROM key_last_use").map {
                KeyLastUse(keyArn: $0[0], operation: $0[1], time: Date(timeIntervalSince1970: $0[2]), eventId: $0[3], requestId: $0[4])
            }
            return StoreSnapshot(lastUses: lastUses, keys: keys, materials: materials, aliases: aliases, grants: grants)
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

    public func metaValue(_ name: String, insertingIfAbsent value: [UInt8]) async throws -> [UInt8] {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO NOTHING", arguments: [name, Data(value)])
            guard let stored = try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE name = ?", arguments: [name]) else {
                throw KMSError.internalFailure
            }
            return Array(stored)
        }
    }

    public func insertKey(_ key: KeyRecord, materials: [SealedMaterial]) async throws {
        try await pool.write { db in
            try KeyRow.insert(key, db: db)
            for material in materials {
                try MaterialRow.insert(material, for: KeyAddress(account: key.account, region: key.region, keyId: key.keyId), db: db)
            }
        }
    }

    public func changeKeys(
        _ addresses: [KeyAddress],
        _ change: @escaping @Sendable ([KeyRecord?]) throws(KMSError) -> [KeyWrite]
    ) async throws -> [KeyRecord] {
        try await pool.write { db in
            let current = try addresses.map { try KeyRow.fetch($0, db: db) }
            var written: [KeyRecord] = []
            for write in try change(current) {
                var record = write.record
                let address = KeyAddress(account: record.account, region: record.region, keyId: record.keyId)
                if let existing = try KeyRow.fetch(address, db: db) {
                    record.version = existing.version + 1
                    try KeyRow.update(record, db: db)
                } else {
                    record.version = 1
                    try KeyRow.insert(record, db: db)
                }
                for materialId in write.removedMaterials {
                    try db.execute(
                        sql: "DELETE FROM key_materials WHERE account = ? AND region = ? AND key_id = ? AND material_id = ?",
                        arguments: [address.account, address.region, address.keyId, materialId]
                    )
                }
                for material in write.addedMaterials {
                    try MaterialRow.upsert(material, for: address, db: db)
                }
                written.append(record)
            }
            return written
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

    public func deleteKey(_ address: KeyAddress, dueBefore: Date) async throws -> [String]? {
        try await pool.write { db in
            guard let key = try KeyRow.fetch(address, db: db), key.state == .pendingDeletion,
                  let date = key.deletionDate, date <= dueBefore
            else { return nil }
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
                sql: "DELETE FROM key_last_use WHERE key_arn = ?",
                arguments: [KeyIdentifiers.keyArn(region: address.region, account: address.account, keyId: address.keyId)]
            )
            try db.execute(
                sql: "DELETE FROM keys WHERE account = ? AND region = ? AND key_id = ?",
                arguments: [address.account, address.region, address.keyId]
            )
            return names
        }
    }

    public func keysDueForDeletion(before date: Date) async throws -> [KeyAddress] {
        try await addresses("deletion_date IS NOT NULL AND deletion_date <= ? AND state = 'PendingDeletion'", [date.timeIntervalSince1970])
    }

    public func keysDueForRotation(before date: Date) async throws -> [KeyAddress] {
        try await addresses("next_rotation_date IS NOT NULL AND next_rotation_date <= ?", [date.timeIntervalSince1970])
    }

    public func keysWithMaterialExpiring(before date: Date) async throws -> [KeyAddress] {
        try await addresses("next_expiry IS NOT NULL AND next_expiry <= ?", [date.timeIntervalSince1970])
    }

    public func keys(inStates states: [KeyState]) async throws -> [KeyAddress] {
        let placeholders = Array(repeating: "?", count: states.count).joined(separator: ", ")
        return try await addresses("state IN (\(placeholders))", StatementArguments(states.map(\.rawValue)))
    }

    private func addresses(_ condition: String, _ arguments: StatementArguments) async throws -> [KeyAddress] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT account, region, key_id FROM keys WHERE \(condition)", arguments: arguments)
                .map { KeyAddress(account: $0["account"], region: $0["region"], keyId: $0["key_id"]) }
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
                throw StoreError.duplicate(alias.arn)
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

    // MARK: Last use

    public func recordLastUses(_ uses: [KeyLastUse]) async throws {
        try await pool.write { db in
            for use in uses {
                // A key deleted since the use was recorded keeps no last use.
                guard let address = use.keyAddress, try KeyRow.fetch(address, db: db) != nil else { continue }
                try db.execute(
                    sql: """
                        INSERT INTO key_last_use (key_arn, operation, time, event_id, request_id) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(key_arn) DO UPDATE SET operation = excluded.operation, time = excluded.time,
                            event_id = excluded.event_id, request_id = excluded.request_id
                        WHERE excluded.time >= key_last_use.time
                        """,
                    arguments: [use.keyArn, use.operation, use.time.timeIntervalSince1970, use.eventId, use.requestId]
                )
            }
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
