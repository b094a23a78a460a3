import Foundation
import TrentDomain

/// One material version of a key as it rests on disk: AES-256-GCM under the root key.
public struct SealedMaterial: Sendable, Equatable {
    public let materialId: String
    public let sealed: [UInt8]
    public let createdAt: Date

    public init(materialId: String, sealed: [UInt8], createdAt: Date) {
        self.materialId = materialId
        self.sealed = sealed
        self.createdAt = createdAt
    }
}

/// Names a key in the store.
public struct KeyAddress: Sendable, Hashable {
    public let account: String
    public let region: String
    public let keyId: String

    public init(account: String, region: String, keyId: String) {
        self.account = account
        self.region = region
        self.keyId = keyId
    }
}

/// An access key as stored: the secret sealed under the root key.
public struct StoredAccessKey: Sendable, Equatable {
    public let accessKeyId: String
    public let account: String
    public let userName: String
    public let sealedSecret: [UInt8]

    public init(accessKeyId: String, account: String, userName: String, sealedSecret: [UInt8]) {
        self.accessKeyId = accessKeyId
        self.account = account
        self.userName = userName
        self.sealedSecret = sealedSecret
    }
}

/// What start-up loads to fill the caches.
public struct StoreSnapshot: Sendable {
    public var keys: [KeyRecord]
    public var materials: [KeyAddress: [SealedMaterial]]
    public var aliases: [AliasRecord]
    public var grants: [GrantRecord]
}

/// The narrow storage contract. Every write is one transaction, durable before it returns.
/// Read-modify-write operations take a closure that sees the row as committed and may throw
/// a `KMSError` to abort, so state checks and the change they guard are atomic.
public protocol TrentStore: Sendable {
    func loadSnapshot() async throws -> StoreSnapshot

    func rootKeyCheckValue() async throws -> [UInt8]?
    func setRootKeyCheckValue(_ value: [UInt8]) async throws

    func insertKey(_ key: KeyRecord, material: SealedMaterial) async throws
    func updateKey(
        _ address: KeyAddress,
        _ change: @escaping @Sendable (KeyRecord) throws(KMSError) -> KeyRecord
    ) async throws -> KeyRecord?
    /// Deletes the key, its material and its aliases; returns the deleted aliases' names.
    func deleteKey(_ address: KeyAddress) async throws -> [String]
    func keysDueForDeletion(before date: Date) async throws -> [KeyAddress]

    func insertAlias(_ alias: AliasRecord, check: @escaping @Sendable (KeyRecord?) throws(KMSError) -> Void) async throws
    func updateAlias(
        account: String, region: String, name: String, newTarget: String, at date: Date,
        check: @escaping @Sendable (_ current: KeyRecord?, _ new: KeyRecord?) throws(KMSError) -> Void
    ) async throws -> AliasRecord?
    func deleteAlias(account: String, region: String, name: String) async throws -> AliasRecord?

    /// Inserts `grant` after `check` has seen the key's committed row and the grants it has
    /// (for quotas and idempotency); `check` returns an existing grant to reuse instead, or nil.
    func insertGrant(
        _ grant: GrantRecord,
        check: @escaping @Sendable (_ key: KeyRecord?, _ existing: [GrantRecord]) throws(KMSError) -> GrantRecord?
    ) async throws -> GrantRecord
    func deleteGrant(id: String) async throws -> GrantRecord?

    func accessKeys() async throws -> [StoredAccessKey]
    func upsertAccessKey(_ key: StoredAccessKey) async throws
}
