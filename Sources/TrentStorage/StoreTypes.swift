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

/// One key's part of a multi-key transaction: the record to write (inserted when the key
/// does not exist yet) and the sealed material versions it gains or loses.
public struct KeyWrite: Sendable {
    public var record: KeyRecord
    public var addedMaterials: [SealedMaterial]
    public var removedMaterials: [String]

    public init(record: KeyRecord, addedMaterials: [SealedMaterial] = [], removedMaterials: [String] = []) {
        self.record = record
        self.addedMaterials = addedMaterials
        self.removedMaterials = removedMaterials
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

/// The last successful cryptographic use of one key, as GetKeyLastUsage reports it.
public struct KeyLastUse: Sendable, Equatable {
    public var keyArn: String
    public var operation: String
    public var time: Date
    public var eventId: String
    public var requestId: String

    public init(keyArn: String, operation: String, time: Date, eventId: String, requestId: String) {
        self.keyArn = keyArn
        self.operation = operation
        self.time = time
        self.eventId = eventId
        self.requestId = requestId
    }

    /// The key the ARN names; nil for a text that is not a key ARN.
    public var keyAddress: KeyAddress? {
        guard case .keyArn(let region, let account, let keyId)? = try? KeyReference.parse(keyArn, accepting: .keyOnly) else { return nil }
        return KeyAddress(account: account, region: region, keyId: keyId)
    }
}

/// What start-up loads to fill the caches.
public struct StoreSnapshot: Sendable {
    public var lastUses: [KeyLastUse] = []
    public var keys: [KeyRecord]
    public var materials: [KeyAddress: [SealedMaterial]]
    public var aliases: [AliasRecord]
    public var grants: [GrantRecord]
}

/// The narrow storage contract, one repository per aggregate, composed into `TrentStore`.
/// Every write is one transaction, durable before it returns. Read-modify-write operations
/// take a closure that sees the rows as committed and may throw a `KMSError` to abort, so
/// state checks and the change they guard are atomic; that error reaches the caller as it
/// was thrown. Failures of the store itself are `StoreError`s, which the API layer maps to
/// AWS's exceptions.
public protocol TrentStore: KeyRepository, AliasRepository, GrantRepository, IdentityRepository {
    func loadSnapshot() async throws -> StoreSnapshot

    func rootKeyCheckValue() async throws -> [UInt8]?
    func setRootKeyCheckValue(_ value: [UInt8]) async throws
    /// The value stored under `name`, after storing `value` there if the name held nothing;
    /// concurrent callers all get the one value that won.
    func metaValue(_ name: String, insertingIfAbsent value: [UInt8]) async throws -> [UInt8]
}

/// Keys with their material versions, and what the schedulers ask of them.
public protocol KeyRepository: Sendable {
    func insertKey(_ key: KeyRecord, materials: [SealedMaterial]) async throws
    func updateKey(
        _ address: KeyAddress,
        _ change: @escaping @Sendable (KeyRecord) throws(KMSError) -> KeyRecord
    ) async throws -> KeyRecord?
    /// Deletes the key, its material and its aliases, if it is still pending deletion with a
    /// deletion date at or before `dueBefore` (checked in the deleting transaction, so a
    /// deletion cancelled meanwhile, or done by another node, is not done again); returns the
    /// deleted aliases' names, or nil when nothing was deleted.
    func deleteKey(_ address: KeyAddress, dueBefore: Date) async throws -> [String]?
    /// One transaction over several keys (a multi-Region set, or a key and its new replica):
    /// `change` sees each address's committed row, nil where there is none, and returns the
    /// writes; the store gives every written record the next version. Returns the records
    /// as written.
    func changeKeys(
        _ addresses: [KeyAddress],
        _ change: @escaping @Sendable ([KeyRecord?]) throws(KMSError) -> [KeyWrite]
    ) async throws -> [KeyRecord]
    func keysDueForDeletion(before date: Date) async throws -> [KeyAddress]
    func keysDueForRotation(before date: Date) async throws -> [KeyAddress]
    func keysWithMaterialExpiring(before date: Date) async throws -> [KeyAddress]
    func keys(inStates states: [KeyState]) async throws -> [KeyAddress]
    /// Writes a batch of last uses; a use of a key deleted meanwhile is dropped.
    func recordLastUses(_ uses: [KeyLastUse]) async throws
}

public protocol AliasRepository: Sendable {
    /// Throws `StoreError.duplicate` when the name is taken (by any node).
    func insertAlias(_ alias: AliasRecord, check: @escaping @Sendable (KeyRecord?) throws(KMSError) -> Void) async throws
    func updateAlias(
        account: String, region: String, name: String, newTarget: String, at date: Date,
        check: @escaping @Sendable (_ current: KeyRecord?, _ new: KeyRecord?) throws(KMSError) -> Void
    ) async throws -> AliasRecord?
    func deleteAlias(account: String, region: String, name: String) async throws -> AliasRecord?
}

public protocol GrantRepository: Sendable {
    /// Inserts `grant` after `check` has seen the key's committed row and the grants it has
    /// (for quotas and idempotency); `check` returns an existing grant to reuse instead, or nil.
    func insertGrant(
        _ grant: GrantRecord,
        check: @escaping @Sendable (_ key: KeyRecord?, _ existing: [GrantRecord]) throws(KMSError) -> GrantRecord?
    ) async throws -> GrantRecord
    func deleteGrant(id: String) async throws -> GrantRecord?
}

public protocol IdentityRepository: Sendable {
    func accessKeys() async throws -> [StoredAccessKey]
    func upsertAccessKey(_ key: StoredAccessKey) async throws
}

/// What a store itself can fail with, whichever database it uses. Small on purpose: the
/// API layer turns each case into the exception AWS answers.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Kind: Sendable, Equatable { case duplicate, timedOut }
    private let kind: Kind
    public let description: String

    /// A unique name (an alias) is already taken.
    public static func duplicate(_ what: String) -> StoreError { StoreError(kind: .duplicate, description: what) }
    /// The database did not answer in time (down, unreachable, or overloaded).
    public static let timedOut = StoreError(kind: .timedOut, description: "the store did not answer in time")

    public var isDuplicate: Bool { kind == .duplicate }
    public var isTimeout: Bool { kind == .timedOut }
}
