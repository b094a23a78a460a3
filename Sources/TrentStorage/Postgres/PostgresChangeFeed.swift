import Foundation
import Logging
import PostgresNIO
import TrentDomain

/// LISTEN/NOTIFY: every write transaction notifies what it touched (delivered when it
/// commits, never for one that rolls back), and each node listens on one pooled connection.
extension PostgresStore: SharedStore {
    static let channel = "trent_changes"

    func notify(_ change: StoreChange, _ connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_notify(\(Self.channel), \(change.payload))", logger: self.logger)
    }

    public func followChanges(_ receive: @Sendable (StoreChange) async -> Void) async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: Self.channel) { notifications in
                for try await notification in notifications {
                    if let change = StoreChange(payload: notification.payload) { await receive(change) }
                }
            }
        }
    }

    public func heartbeat(nodeId id: String, at now: Double, window: Double) async throws -> Int {
        try await PostgresTransactions.run(client, logger: self.logger) { c in
            try await c.query(
                "INSERT INTO trent_nodes (node_id, last_seen) VALUES (\(id), \(now)) ON CONFLICT (node_id) DO UPDATE SET last_seen = excluded.last_seen",
                logger: self.logger
            )
            for try await count in try await c.query(
                "SELECT count(*) FROM trent_nodes WHERE last_seen >= \(now - window)", logger: self.logger
            ).decode(Int.self) {
                return max(count, 1)
            }
            return 1
        }
    }

    public func loadKey(_ address: KeyAddress) async throws -> (KeyRecord, [SealedMaterial])? {
        try await PostgresTransactions.run(client, logger: self.logger) { c in
            guard let key = try await PostgresKeyRow.fetch(address, forUpdate: false, c, self.logger) else { return nil }
            var materials: [SealedMaterial] = []
            let rows = try await c.query("""
                SELECT material_id, sealed, created_at FROM key_materials
                WHERE account = \(address.account) AND region = \(address.region) AND key_id = \(address.keyId)
                ORDER BY created_at
                """, logger: self.logger)
            for try await (id, sealed, created) in rows.decode((String, Data, Double).self) {
                materials.append(SealedMaterial(materialId: id, sealed: Array(sealed), createdAt: Date(timeIntervalSince1970: created)))
            }
            return (key, materials)
        }
    }

    public func loadAlias(account: String, region: String, name: String) async throws -> AliasRecord? {
        try await PostgresTransactions.run(client, logger: self.logger) { c in
            try await c.all(
                "SELECT * FROM aliases WHERE account = \(account) AND region = \(region) AND name = \(name)",
                logger: self.logger, PostgresAliasRow.record
            ).first
        }
    }

    public func loadGrant(id: String) async throws -> GrantRecord? {
        try await PostgresTransactions.run(client, logger: self.logger) { c in
            try await c.all("SELECT * FROM grants WHERE grant_id = \(id)", logger: self.logger, PostgresGrantRow.record).first
        }
    }
}
