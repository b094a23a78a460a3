import Foundation
import GRDB
import Testing
import TrentDomain
@testable import TrentStorage

/// A data directory written by a release before material versions existed must open with
/// every key's one material named as its first version.
@Suite struct SchemaMigrationTests {
    @Test func v3GivesExistingKeysTheirMaterialVersion() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trent-v2-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator().migrate(queue, upTo: "v2-grants")
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO keys (account, region, key_id, creation_date, description, key_spec, key_usage, origin,
                    key_manager, state, multi_region, deletion_date, pending_window_days, current_material_id, policy, tags, version)
                VALUES ('111122223333', 'us-east-1', 'k1', 1700000000, '', 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', 'AWS_KMS',
                    'CUSTOMER', 'Enabled', 0, NULL, NULL, 'aa11', '{}', '[]', 3);
                INSERT INTO key_materials (account, region, key_id, material_id, sealed, created_at)
                VALUES ('111122223333', 'us-east-1', 'k1', 'aa11', x'00', 1700000000.25);
                """)
        }
        try queue.close()

        let store = try SQLiteStore(path: path)
        let snapshot = try await store.loadSnapshot()
        let key = try #require(snapshot.keys.first)
        #expect(key.materialVersions == [MaterialVersion(materialId: "aa11", createdAt: Date(timeIntervalSince1970: 1_700_000_000.25))])
        #expect(key.currentVersion?.materialId == "aa11")
        #expect(key.multiRegionType == nil && key.rotationPeriodInDays == nil && key.nextRotationDate == nil)
        #expect(key.version == 3)
        try store.close()
    }
}
