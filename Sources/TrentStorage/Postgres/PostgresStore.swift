import Foundation
import Logging
import PostgresNIO
import TrentDomain

/// The store for several Trent nodes: PostgreSQL through postgres-nio's connection pool.
/// The same contract as `SQLiteStore` (the contract tests run against both): every write is
/// one transaction, committed before it returns; read-modify-write operations lock the rows
/// they read (`SELECT … FOR UPDATE`) so that checks and changes are atomic across nodes.
///
/// The pool runs in `run()`, which the caller keeps going (a task of the server's group)
/// for as long as the store is used.
public final class PostgresStore: TrentStore {
    let client: PostgresClient
    let logger: Logger

    public init(configuration: PostgresClient.Configuration, logger: Logger) {
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    /// The connection pool; returns when its task is cancelled.
    public func run() async {
        await client.run()
    }

    /// Applies missing migrations (one node at a time).
    public func migrate() async throws {
        try await PostgresSchema.migrate(client, logger: self.logger)
    }

    private func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await PostgresTransactions.run(client, logger: self.logger, body)
    }

    // MARK: Snapshot

    public func loadSnapshot() async throws -> StoreSnapshot {
        try await transaction { c in
            let keys = try await c.all("SELECT \(unescaped: PostgresKeyRow.columns) FROM keys", logger: self.logger, PostgresKeyRow.record)
            var materials: [KeyAddress: [SealedMaterial]] = [:]
            let rows = try await c.query(
                "SELECT account, region, key_id, material_id, sealed, created_at FROM key_materials ORDER BY created_at", logger: self.logger
            )
            for try await (account, region, keyId, materialId, sealed, createdAt) in rows.decode((String, String, String, String, Data, Double).self) {
                materials[KeyAddress(account: account, region: region, keyId: keyId), default: []].append(
                    SealedMaterial(materialId: materialId, sealed: Array(sealed), createdAt: Date(timeIntervalSince1970: createdAt))
                )
            }
            let aliases = try await c.all("SELECT * FROM aliases", logger: self.logger, PostgresAliasRow.record)
            let grants = try await c.all("SELECT * FROM grants ORDER BY creation_date, grant_id", logger: self.logger, PostgresGrantRow.record)
            var lastUses: [KeyLastUse] = []
            let useRows = try await c.query("SELECT key_arn, operation, time, event_id, request_id FROM key_last_use", logger: self.logger)
            for try await (arn, operation, time, eventId, requestId) in useRows.decode((String, String, Double, String, String).self) {
                lastUses.append(KeyLastUse(keyArn: arn, operation: operation, time: Date(timeIntervalSince1970: time), eventId: eventId, requestId: requestId))
            }
            return StoreSnapshot(lastUses: lastUses, keys: keys, materials: materials, aliases: aliases, grants: grants)
        }
    }

    // MARK: Meta

    public func rootKeyCheckValue() async throws -> [UInt8]? {
        try await meta("root_key_check")
    }

    public func setRootKeyCheckValue(_ value: [UInt8]) async throws {
        try await client.query("INSERT INTO meta (name, value) VALUES ('root_key_check', \(Data(value)))", logger: self.logger)
    }

    private func meta(_ name: String) async throws -> [UInt8]? {
        for try await value in try await client.query("SELECT value FROM meta WHERE name = \(name)", logger: self.logger).decode(Data.self) {
            return Array(value)
        }
        return nil
    }

    public func metaValue(_ name: String, insertingIfAbsent value: [UInt8]) async throws -> [UInt8] {
        try await client.query("INSERT INTO meta (name, value) VALUES (\(name), \(Data(value))) ON CONFLICT (name) DO NOTHING", logger: self.logger)
        guard let stored = try await meta(name) else { throw KMSError.internalFailure }
        return stored
    }

    // MARK: Keys

    public func insertKey(_ key: KeyRecord, materials: [SealedMaterial]) async throws {
        try await transaction { c in
            try await PostgresKeyRow.insert(key, c, self.logger)
            let address = KeyAddress(account: key.account, region: key.region, keyId: key.keyId)
            for material in materials {
                try await self.insertMaterial(material, for: address, c)
            }
            try await self.notify(.key(address), c)
        }
    }

    private func insertMaterial(_ material: SealedMaterial, for a: KeyAddress, _ c: PostgresConnection) async throws {
        try await c.query("""
            INSERT INTO key_materials (account, region, key_id, material_id, sealed, created_at)
            VALUES (\(a.account), \(a.region), \(a.keyId), \(material.materialId), \(Data(material.sealed)), \(material.createdAt.timeIntervalSince1970))
            ON CONFLICT (account, region, key_id, material_id) DO UPDATE SET sealed = excluded.sealed
            """, logger: self.logger)
    }

    public func updateKey(
        _ address: KeyAddress,
        _ change: @escaping @Sendable (KeyRecord) throws(KMSError) -> KeyRecord
    ) async throws -> KeyRecord? {
        try await transaction { c in
            guard let current = try await PostgresKeyRow.fetch(address, forUpdate: true, c, self.logger) else { return nil }
            var updated = try change(current)
            updated.version = current.version + 1
            try await PostgresKeyRow.update(updated, c, self.logger)
            try await self.notify(.key(address), c)
            return updated
        }
    }

    public func changeKeys(
        _ addresses: [KeyAddress],
        _ change: @escaping @Sendable ([KeyRecord?]) throws(KMSError) -> [KeyWrite]
    ) async throws -> [KeyRecord] {
        try await transaction { c in
            var current: [KeyRecord?] = []
            for address in addresses {
                current.append(try await PostgresKeyRow.fetch(address, forUpdate: true, c, self.logger))
            }
            var written: [KeyRecord] = []
            for write in try change(current) {
                var record = write.record
                let address = KeyAddress(account: record.account, region: record.region, keyId: record.keyId)
                if let existing = try await PostgresKeyRow.fetch(address, forUpdate: true, c, self.logger) {
                    record.version = existing.version + 1
                    try await PostgresKeyRow.update(record, c, self.logger)
                } else {
                    record.version = 1
                    try await PostgresKeyRow.insert(record, c, self.logger)
                }
                for materialId in write.removedMaterials {
                    try await c.query("""
                        DELETE FROM key_materials WHERE account = \(address.account) AND region = \(address.region)
                            AND key_id = \(address.keyId) AND material_id = \(materialId)
                        """, logger: self.logger)
                }
                for material in write.addedMaterials {
                    try await self.insertMaterial(material, for: address, c)
                }
                try await self.notify(.key(address), c)
                written.append(record)
            }
            return written
        }
    }

    public func deleteKey(_ address: KeyAddress, dueBefore: Date) async throws -> [String]? {
        try await transaction { c in
            guard let key = try await PostgresKeyRow.fetch(address, forUpdate: true, c, self.logger), key.state == .pendingDeletion,
                  let date = key.deletionDate, date <= dueBefore
            else { return nil }
            let names = try await c.all("""
                DELETE FROM aliases WHERE account = \(address.account) AND region = \(address.region)
                    AND target_key_id = \(address.keyId) RETURNING name
                """, logger: self.logger) { try $0.decode(String.self) }
            let arn = KeyIdentifiers.keyArn(region: address.region, account: address.account, keyId: address.keyId)
            try await c.query("DELETE FROM key_last_use WHERE key_arn = \(arn)", logger: self.logger)
            // Grants and materials go with the key (ON DELETE CASCADE).
            try await c.query(
                "DELETE FROM keys WHERE account = \(address.account) AND region = \(address.region) AND key_id = \(address.keyId)",
                logger: self.logger
            )
            try await self.notify(.key(address), c)
            for name in names { try await self.notify(.alias(account: address.account, region: address.region, name: name), c) }
            return names.sorted()
        }
    }

    public func keysDueForDeletion(before date: Date) async throws -> [KeyAddress] {
        try await addresses("""
            SELECT account, region, key_id FROM keys WHERE deletion_date IS NOT NULL
                AND deletion_date <= \(date.timeIntervalSince1970) AND state = 'PendingDeletion'
            """)
    }

    public func keysDueForRotation(before date: Date) async throws -> [KeyAddress] {
        try await addresses(
            "SELECT account, region, key_id FROM keys WHERE next_rotation_date IS NOT NULL AND next_rotation_date <= \(date.timeIntervalSince1970)"
        )
    }

    public func keysWithMaterialExpiring(before date: Date) async throws -> [KeyAddress] {
        try await addresses(
            "SELECT account, region, key_id FROM keys WHERE next_expiry IS NOT NULL AND next_expiry <= \(date.timeIntervalSince1970)"
        )
    }

    public func keys(inStates states: [KeyState]) async throws -> [KeyAddress] {
        try await addresses("SELECT account, region, key_id FROM keys WHERE state = ANY(\(states.map(\.rawValue)))")
    }

    private func addresses(_ query: PostgresQuery) async throws -> [KeyAddress] {
        var out: [KeyAddress] = []
        for try await (account, region, keyId) in try await client.query(query, logger: self.logger).decode((String, String, String).self) {
            out.append(KeyAddress(account: account, region: region, keyId: keyId))
        }
        return out
    }

    // MARK: Aliases

    public func insertAlias(_ alias: AliasRecord, check: @escaping @Sendable (KeyRecord?) throws(KMSError) -> Void) async throws {
        try await transaction { c in
            let target = try await PostgresKeyRow.fetch(
                KeyAddress(account: alias.account, region: alias.region, keyId: alias.targetKeyId), forUpdate: true, c, self.logger
            )
            try check(target)
            // Two nodes creating one name: the primary key lets exactly one insert through.
            let inserted = try await c.all("""
                INSERT INTO aliases (account, region, name, target_key_id, creation_date, last_updated_date)
                VALUES (\(alias.account), \(alias.region), \(alias.name), \(alias.targetKeyId),
                    \(alias.creationDate.timeIntervalSince1970), \(alias.lastUpdatedDate.timeIntervalSince1970))
                ON CONFLICT (account, region, name) DO NOTHING RETURNING name
                """, logger: self.logger) { try $0.decode(String.self) }
            if inserted.isEmpty {
                throw StoreError.duplicate(alias.arn)
            }
            try await self.notify(.alias(account: alias.account, region: alias.region, name: alias.name), c)
        }
    }

    public func updateAlias(
        account: String, region: String, name: String, newTarget: String, at date: Date,
        check: @escaping @Sendable (_ current: KeyRecord?, _ new: KeyRecord?) throws(KMSError) -> Void
    ) async throws -> AliasRecord? {
        try await transaction { c in
            let found = try await c.all(
                "SELECT * FROM aliases WHERE account = \(account) AND region = \(region) AND name = \(name) FOR UPDATE",
                logger: self.logger, PostgresAliasRow.record
            )
            guard var alias = found.first else { return nil }
            let current = try await PostgresKeyRow.fetch(KeyAddress(account: account, region: region, keyId: alias.targetKeyId), forUpdate: false, c, self.logger)
            let new = try await PostgresKeyRow.fetch(KeyAddress(account: account, region: region, keyId: newTarget), forUpdate: false, c, self.logger)
            try check(current, new)
            alias.targetKeyId = newTarget
            alias.lastUpdatedDate = date
            try await c.query("""
                UPDATE aliases SET target_key_id = \(newTarget), last_updated_date = \(date.timeIntervalSince1970)
                WHERE account = \(account) AND region = \(region) AND name = \(name)
                """, logger: self.logger)
            try await self.notify(.alias(account: account, region: region, name: name), c)
            return alias
        }
    }

    public func deleteAlias(account: String, region: String, name: String) async throws -> AliasRecord? {
        try await transaction { c in
            let deleted = try await c.all(
                "DELETE FROM aliases WHERE account = \(account) AND region = \(region) AND name = \(name) RETURNING *",
                logger: self.logger, PostgresAliasRow.record
            ).first
            if deleted != nil { try await self.notify(.alias(account: account, region: region, name: name), c) }
            return deleted
        }
    }

    // MARK: Grants

    public func insertGrant(
        _ grant: GrantRecord,
        check: @escaping @Sendable (_ key: KeyRecord?, _ existing: [GrantRecord]) throws(KMSError) -> GrantRecord?
    ) async throws -> GrantRecord {
        try await transaction { c in
            // The key's row lock orders grant creation per key, for the per-key quota and Name reuse.
            let key = try await PostgresKeyRow.fetch(
                KeyAddress(account: grant.account, region: grant.region, keyId: grant.keyId), forUpdate: true, c, self.logger
            )
            let existing = try await c.all("""
                SELECT * FROM grants WHERE account = \(grant.account) AND region = \(grant.region) AND key_id = \(grant.keyId)
                ORDER BY creation_date, grant_id
                """, logger: self.logger, PostgresGrantRow.record)
            if let reused = try check(key, existing) { return reused }
            try await c.query("""
                INSERT INTO grants (grant_id, account, region, key_id, name, grantee, retiring, operations, constraints,
                    issuing_account, creation_date)
                VALUES (\(grant.grantId), \(grant.account), \(grant.region), \(grant.keyId), \(grant.name),
                    \(grant.granteePrincipal), \(grant.retiringPrincipal), \(GrantRow.encode(grant.operations)),
                    \(grant.constraints.map(GrantRow.encode)), \(grant.issuingAccount), \(grant.creationDate.timeIntervalSince1970))
                """, logger: self.logger)
            try await self.notify(.grant(id: grant.grantId, key: KeyAddress(account: grant.account, region: grant.region, keyId: grant.keyId)), c)
            return grant
        }
    }

    public func deleteGrant(id: String) async throws -> GrantRecord? {
        try await transaction { c in
            let deleted = try await c.all("DELETE FROM grants WHERE grant_id = \(id) RETURNING *", logger: self.logger, PostgresGrantRow.record).first
            if let deleted {
                try await self.notify(.grant(id: id, key: KeyAddress(account: deleted.account, region: deleted.region, keyId: deleted.keyId)), c)
            }
            return deleted
        }
    }

    // MARK: Last use

    public func recordLastUses(_ uses: [KeyLastUse]) async throws {
        try await transaction { c in
            for use in uses {
                guard let key = use.keyAddress else { continue }
                // A key deleted since the use was recorded keeps no last use.
                try await c.query("""
                    INSERT INTO key_last_use (key_arn, operation, time, event_id, request_id)
                    SELECT \(use.keyArn), \(use.operation), \(use.time.timeIntervalSince1970), \(use.eventId), \(use.requestId)
                    WHERE EXISTS (SELECT 1 FROM keys WHERE account = \(key.account) AND region = \(key.region) AND key_id = \(key.keyId))
                    ON CONFLICT (key_arn) DO UPDATE SET operation = excluded.operation, time = excluded.time,
                        event_id = excluded.event_id, request_id = excluded.request_id
                    WHERE excluded.time >= key_last_use.time
                    """, logger: self.logger)
            }
        }
    }

    // MARK: Identities

    public func accessKeys() async throws -> [StoredAccessKey] {
        var out: [StoredAccessKey] = []
        let rows = try await client.query("SELECT access_key_id, account, user_name, sealed_secret FROM access_keys", logger: self.logger)
        for try await (id, account, user, sealed) in rows.decode((String, String, String, Data).self) {
            out.append(StoredAccessKey(accessKeyId: id, account: account, userName: user, sealedSecret: Array(sealed)))
        }
        return out
    }

    public func upsertAccessKey(_ key: StoredAccessKey) async throws {
        try await client.query("""
            INSERT INTO access_keys (access_key_id, account, user_name, sealed_secret)
            VALUES (\(key.accessKeyId), \(key.account), \(key.userName), \(Data(key.sealedSecret)))
            ON CONFLICT (access_key_id) DO UPDATE SET account = excluded.account, user_name = excluded.user_name,
                sealed_secret = excluded.sealed_secret
            """, logger: self.logger)
    }
}
