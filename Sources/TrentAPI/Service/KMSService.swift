import Crypto
import Foundation
import Logging
import TrentCrypto
import TrentDomain
import TrentStorage

/// The KMS API: one entry point that validates a request against the API model and runs the
/// operation it names. Reads come from in-memory caches; writes go to the store first and
/// reach the caches only once durable.
public final class KMSService: Sendable {
    let store: any TrentStore
    let vault: MaterialVault
    let keys = KeyCache()
    let aliases = AliasCache()
    let logger: Logger
    /// Shifts the scheduler's clock; only tests set it, to reach a deletion date without waiting.
    let schedulerTimeOffset: TimeInterval

    var resolver: KeyResolver { KeyResolver(keys: keys, aliases: aliases) }

    init(store: any TrentStore, rootKey: RootKey, logger: Logger, schedulerTimeOffset: TimeInterval) {
        self.store = store
        self.vault = MaterialVault(rootKey: rootKey)
        self.logger = logger
        self.schedulerTimeOffset = schedulerTimeOffset
    }

    /// Loads every key and alias into memory. Fails if any material does not open under the
    /// root key: serving with a wrong root key would hand out garbage.
    public static func open(store: any TrentStore, rootKey: RootKey, logger: Logger, schedulerTimeOffset: TimeInterval = 0) async throws -> KMSService {
        let service = KMSService(store: store, rootKey: rootKey, logger: logger, schedulerTimeOffset: schedulerTimeOffset)
        let snapshot = try await store.loadSnapshot()
        service.keys.reserveCapacity(snapshot.keys.count)
        for record in snapshot.keys {
            let address = KeyAddress(account: record.account, region: record.region, keyId: record.keyId)
            var materials: [String: MaterialSlot] = [:]
            for sealed in snapshot.materials[address] ?? [] {
                materials[sealed.materialId] = MaterialSlot(
                    sealed: sealed, keyArn: record.arn, spec: record.keySpec, vault: service.vault, logger: logger
                )
            }
            service.keys.publish(LiveKey(record: record, materials: materials))
        }
        // Materials open lazily; open one now so a wrong root key fails start-up, not a request.
        if let record = snapshot.keys.first,
           let sealed = snapshot.materials[KeyAddress(account: record.account, region: record.region, keyId: record.keyId)]?.first {
            _ = try KeyMaterial.restore(spec: record.keySpec, bytes: try service.vault.unseal(sealed, keyArn: record.arn))
        }
        for alias in snapshot.aliases {
            service.aliases.put(alias)
        }
        return service
    }

    public func handle(operation name: String, body: JSONValue, context: RequestContext) async throws(KMSError) -> JSONValue {
        if let result = try handleWithoutWaiting(operation: name, body: body, context: context) { return result }
        let (operation, params) = try validated(name, body)
        do {
            return try await dispatch(operation, params, context)
        } catch {
            throw internalFailure(error, name, context)
        }
    }

    /// Runs an operation that never waits (memory and CPU only: every cryptographic and
    /// read operation) on the caller's thread, with no suspension point; nil, before any
    /// check, for one that waits on storage or a key-generation thread, which `handle` runs.
    public func handleWithoutWaiting(operation name: String, body: JSONValue, context: RequestContext) throws(KMSError) -> JSONValue? {
        if let operation = KMSOperation(rawValue: name), Self.waits(operation) { return nil }
        let (operation, params) = try validated(name, body)
        do {
            return try dispatchImmediately(operation, params, context)
        } catch {
            throw internalFailure(error, name, context)
        }
    }

    /// The operations that write to the store or generate key pairs off the request threads.
    static func waits(_ operation: KMSOperation) -> Bool {
        switch operation {
        case .createKey, .enableKey, .disableKey, .updateKeyDescription, .scheduleKeyDeletion, .cancelKeyDeletion,
             .putKeyPolicy, .createAlias, .updateAlias, .deleteAlias, .tagResource, .untagResource,
             .generateDataKeyPair, .generateDataKeyPairWithoutPlaintext:
            true
        default:
            false
        }
    }

    private func validated(_ name: String, _ body: JSONValue) throws(KMSError) -> (KMSOperation, JSONObject) {
        guard let operation = KMSOperation(rawValue: name) else {
            throw KMSError("UnknownOperationException", "")
        }
        try RequestValidator.validate(operation: name, body: body)
        guard case .object(let params) = body else {
            throw KMSError("SerializationException", "Start of structure or map found where not expected.")
        }
        return (operation, params)
    }

    /// A `KMSError` passes through; anything else is a bug or an environment failure, logged
    /// by type only (never its text, which could quote key material) and answered as AWS's
    /// internal error.
    private func internalFailure(_ error: any Error, _ name: String, _ context: RequestContext) -> KMSError {
        if let error = error as? KMSError { return error }
        logger.error("internal failure", metadata: [
            "requestId": "\(context.requestId)", "operation": "\(name)", "error": "\(type(of: error))",
        ])
        return KMSError.internalFailure
    }

    private func dispatchImmediately(_ operation: KMSOperation, _ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        switch operation {
        case .describeKey: return try describeKey(p, c)
        case .listKeys: return try listKeys(p, c)
        case .getKeyPolicy: return try getKeyPolicy(p, c)
        case .listKeyPolicies: return try listKeyPolicies(p, c)
        case .listAliases: return try listAliases(p, c)
        case .listResourceTags: return try listResourceTags(p, c)
        case .encrypt: return try encrypt(p, c)
        case .decrypt: return try decrypt(p, c)
        case .reEncrypt: return try reEncrypt(p, c)
        case .generateDataKey: return try generateDataKey(p, c, includePlaintext: true)
        case .generateDataKeyWithoutPlaintext: return try generateDataKey(p, c, includePlaintext: false)
        case .generateRandom: return try generateRandom(p, c)
        case .sign: return try sign(p, c)
        case .verify: return try verify(p, c)
        case .getPublicKey: return try getPublicKey(p, c)
        case .generateMac: return try generateMac(p, c)
        case .verifyMac: return try verifyMac(p, c)
        case .deriveSharedSecret: return try deriveSharedSecret(p, c)
        default:
            throw KMSError.unsupported("\(operation.rawValue) is not supported by this Trent server yet.")
        }
    }

    private func dispatch(_ operation: KMSOperation, _ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        switch operation {
        case .createKey: return try await createKey(p, c)
        case .enableKey: return try await enableKey(p, c)
        case .disableKey: return try await disableKey(p, c)
        case .updateKeyDescription: return try await updateKeyDescription(p, c)
        case .scheduleKeyDeletion: return try await scheduleKeyDeletion(p, c)
        case .cancelKeyDeletion: return try await cancelKeyDeletion(p, c)
        case .putKeyPolicy: return try await putKeyPolicy(p, c)
        case .createAlias: return try await createAlias(p, c)
        case .updateAlias: return try await updateAlias(p, c)
        case .deleteAlias: return try await deleteAlias(p, c)
        case .tagResource: return try await tagResource(p, c)
        case .untagResource: return try await untagResource(p, c)
        case .generateDataKeyPair: return try await generateDataKeyPair(p, c, includePlaintext: true)
        case .generateDataKeyPairWithoutPlaintext: return try await generateDataKeyPair(p, c, includePlaintext: false)
        default:
            throw KMSError.unsupported("\(operation.rawValue) is not supported by this Trent server yet.")
        }
    }

    /// AWS answers a DryRun request that would have succeeded with this exception.
    static func dryRunSucceeded() -> KMSError {
        KMSError("DryRunOperationException", "The request would have succeeded, but the DryRun option is set.")
    }

    func checkDryRun(_ p: JSONObject) throws(KMSError) {
        if p.bool("DryRun") == true { throw Self.dryRunSucceeded() }
    }

    /// Applies a change to a key durably, then publishes the new record to the cache.
    func mutateKey(
        _ live: LiveKey,
        _ change: @escaping @Sendable (KeyRecord) throws(KMSError) -> KeyRecord
    ) async throws -> KeyRecord {
        guard let updated = try await store.updateKey(live.address, change) else {
            throw KeyResolver.keyNotFound(live.record.arn)
        }
        keys.publishRecord(updated)
        return updated
    }
}
