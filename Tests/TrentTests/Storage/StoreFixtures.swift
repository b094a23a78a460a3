import Foundation
import Logging
import PostgresNIO
import Testing
import TrentDomain
@testable import TrentStorage

/// The stores every contract test runs against. SQLite needs nothing; PostgreSQL needs the
/// server `scripts/test` starts (TRENT_TEST_POSTGRES_URL), and each test gets a database of
/// its own, dropped afterwards.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgresql
    var testDescription: String { rawValue }
}

struct StoreUnderTest: Sendable {
    let store: any TrentStore
    let close: @Sendable () async -> Void

    static func make(_ kind: StoreKind) async throws -> StoreUnderTest {
        switch kind {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trent-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let store = try SQLiteStore(path: dir.appendingPathComponent("trent.sqlite").path)
            return StoreUnderTest(store: store) {
                try? store.close()
                try? FileManager.default.removeItem(at: dir)
            }
        case .postgresql:
            guard let url = ProcessInfo.processInfo.environment["TRENT_TEST_POSTGRES_URL"] else {
                throw FixtureError("TRENT_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts a scratch PostgreSQL")
            }
            let base = try PostgresLocation.parse(url)
            let name = "trent_contract_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
            try await admin(base) { try await $0.query("CREATE DATABASE \(unescaped: name)") }
            let location = try PostgresLocation.parse(
                "postgresql://\(base.username)@\(base.host):\(base.port)/\(name)?sslmode=disable", password: base.password
            )
            let store = PostgresStore(configuration: try location.clientConfiguration(maximumConnections: 8), logger: Logger(label: "contract"))
            let pool = Task { await store.run() }
            try await store.migrate()
            return StoreUnderTest(store: store) {
                pool.cancel()
                _ = await pool.value
                try? await admin(base) { try await $0.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)") }
            }
        }
    }

    /// One short-lived client on the server's own database, for CREATE/DROP DATABASE.
    static func admin(_ base: PostgresLocation, _ body: @Sendable (PostgresClient) async throws -> Void) async throws {
        var configuration = try base.clientConfiguration(maximumConnections: 1)
        configuration.tls = .disable
        let client = PostgresClient(configuration: configuration)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await client.run() }
            try await body(client)
            group.cancelAll()
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Records as the tests write them.
enum Records {
    /// Key ids in AWS's form, where a test needs ARNs that parse (last uses name keys by ARN).
    static let k1 = "1234abcd-12ab-34cd-56ef-1234567890ab"
    static let k2 = "1234abcd-12ab-34cd-56ef-1234567890ac"

    static func key(_ id: String, region: String = "us-east-1", state: KeyState = .enabled, materialId: String = "m1") -> KeyRecord {
        KeyRecord(
            account: "111122223333", region: region, keyId: id, creationDate: Date(timeIntervalSince1970: 1_700_000_000.5),
            description: "d-\(id)", keySpec: .symmetricDefault, keyUsage: .encryptDecrypt, origin: .awsKMS, keyManager: .customer,
            state: state, multiRegionType: nil, deletionDate: nil, pendingWindowInDays: nil, currentMaterialId: materialId,
            materialVersions: [MaterialVersion(materialId: materialId, createdAt: Date(timeIntervalSince1970: 1_700_000_000.5))],
            policy: "{\"p\":\"\(id)\"}", tags: [Tag(key: "a", value: "1"), Tag(key: "b", value: "2")], version: 1
        )
    }

    static func material(_ id: String) -> SealedMaterial {
        SealedMaterial(materialId: id, sealed: Array("sealed-\(id)".utf8), createdAt: Date(timeIntervalSince1970: 1_700_000_000.5))
    }

    static func address(_ key: KeyRecord) -> KeyAddress {
        KeyAddress(account: key.account, region: key.region, keyId: key.keyId)
    }

    static func grant(_ id: String, keyId: String) -> GrantRecord {
        GrantRecord(
            grantId: id, account: "111122223333", region: "us-east-1", keyId: keyId, name: "n-\(id)",
            granteePrincipal: "arn:aws:iam::111122223333:user/g", retiringPrincipal: nil, operations: ["Encrypt", "Decrypt"],
            constraints: GrantConstraints(equals: ["a": "b"], subset: nil), issuingAccount: "111122223333",
            creationDate: Date(timeIntervalSince1970: 1_700_000_001)
        )
    }
}
