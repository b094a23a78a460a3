import Crypto
import Foundation
import Logging
import Synchronization
import TrentCrypto
import TrentDomain
import TrentPolicy
import TrentStorage

/// The KMS API: one entry point that validates a request against the API model and runs the
/// operation it names. Reads come from in-memory caches; writes go to the store first and
/// reach the caches only once durable.
public final class KMSService: Sendable {
    let store: any TrentStore
    let vault: MaterialVault
    /// Who may call, and with which identity policies; swapped whole on a configuration reload.
    public let identities: IdentityRegistry
    let keys = KeyCache()
    let aliases = AliasCache()
    let logger: Logger
    /// The time background work (the deletion scheduler) acts on.
    let clock: any WallClock

    let grants = GrantCache()
    /// What a deployment tunes: the regions served, and how long the background phases of
    /// ReplicateKey and UpdatePrimaryRegion take.
    let options: ServiceOptions
    /// Derives the KeyMaterialId of imported material (see `ImportedMaterialIds`).
    let importedIds: ImportedMaterialIds
    /// The last cryptographic use of each key, for GetKeyLastUsage; nil when tracking is off.
    let usage: KeyUsageTracker?
    /// When GetKeyLastUsage recording began in this data directory.
    let trackingStart: Date
    /// The audit trail's entry for what Trent does by itself.
    let events: any ServiceEventSink
    let setLocks = KeySetLocks()
    let limiter = RequestLimiter()
    /// This node's share of each quota: 1 alone, 1/N among N live nodes on a shared store.
    let quotaShare = Mutex<Double>(1)
    /// The store as several nodes share it; nil for the embedded store.
    let shared: (any SharedStore)?
    /// Signals to `runTransitionFinisher`; never more than a handful outstanding.
    let transitionRequests = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(16))
    var authorizer: Authorizer { Authorizer(aliases: aliases, grants: grants) }
    var resolver: KeyResolver { KeyResolver(keys: keys, aliases: aliases, authorizer: authorizer) }

    init(
        store: any TrentStore, rootKey: RootKey, identities: IdentityRegistry, logger: Logger, clock: any WallClock,
        options: ServiceOptions, importedIds: ImportedMaterialIds, trackingStart: Date, events: any ServiceEventSink
    ) {
        self.store = store
        self.shared = store as? any SharedStore
        self.identities = identities
        self.vault = MaterialVault(rootKey: rootKey)
        self.logger = logger
        self.clock = clock
        self.options = options
        self.importedIds = importedIds
        self.usage = options.trackKeyUsage ? KeyUsageTracker() : nil
        self.trackingStart = trackingStart
        self.events = events
    }

    /// Loads every key and alias into memory. Fails if any material does not open under the
    /// root key: serving with a wrong root key would hand out garbage.
    public static func open(
        store: any TrentStore, rootKey: RootKey, identities: IdentityRegistry, logger: Logger, clock: any WallClock = SystemClock(),
        options: ServiceOptions = ServiceOptions(), events: any ServiceEventSink = DiscardedServiceEvents()
    ) async throws -> KMSService {
        let importedIds = try await ImportedMaterialIds.load(store: store, rootKey: rootKey)
        let trackingStart = try await KeyUsageTracker.trackingStart(store: store, now: Date())
        let service = KMSService(
            store: store, rootKey: rootKey, identities: identities, logger: logger, clock: clock,
            options: options, importedIds: importedIds, trackingStart: trackingStart, events: events
        )
        let snapshot = try await store.loadSnapshot()
        service.usage?.load(snapshot.lastUses)
        service.keys.reserveCapacity(snapshot.keys.count)
        for record in snapshot.keys {
            service.publishStored(record, snapshot.materials[KeyAddress(account: record.account, region: record.region, keyId: record.keyId)] ?? [])
        }
        // Materials open lazily; open one now so a wrong root key fails start-up, not a request.
        if let record = snapshot.keys.first,
           let sealed = snapshot.materials[KeyAddress(account: record.account, region: record.region, keyId: record.keyId)]?.first {
            _ = try KeyMaterial.restore(spec: record.keySpec, bytes: try service.vault.unseal(sealed, keyArn: record.arn))
        }
        for alias in snapshot.aliases {
            service.aliases.put(alias)
        }
        service.grants.load(snapshot.grants)
        return service
    }

    public func handle(operation name: String, body: JSONValue, context: RequestContext) async throws(KMSError) -> JSONValue {
        await learnGrants(namedIn: body)
        if let result = try runWithoutWaiting(operation: name, body: body, context: context) { return result }
        // Only a waiting operation gets here: every other one was answered or refused above.
        let (entry, params, bound) = try prepared(name, body, context)
        guard case .waiting(let run) = entry.runner else { throw KMSError.internalFailure }
        do {
            try authorizeBeforeRunning(entry, params, bound)
            let result = try await run(self, params, bound)
            recordUse(bound)
            return result
        } catch {
            throw internalFailure(error, name, context)
        }
    }

    /// Runs an operation that never waits (memory and CPU only: every cryptographic and
    /// read operation) on the caller's thread, with no suspension point; nil, before any
    /// check, for one that waits on storage or a key-generation thread, which `handle` runs.
    public func handleWithoutWaiting(operation name: String, body: JSONValue, context: RequestContext) throws(KMSError) -> JSONValue? {
        // On a shared store a grant token may name a grant another node created a moment
        // ago: such a request takes the waiting path, which reads the grant first.
        if shared != nil, case .object(let params) = body, params["GrantTokens"] != nil { return nil }
        return try runWithoutWaiting(operation: name, body: body, context: context)
    }

    private func runWithoutWaiting(operation name: String, body: JSONValue, context: RequestContext) throws(KMSError) -> JSONValue? {
        if let operation = KMSOperation(rawValue: name), case .waiting = OperationTable.entry(operation).runner { return nil }
        let (entry, params, bound) = try prepared(name, body, context)
        do {
            try authorizeBeforeRunning(entry, params, bound)
            switch entry.runner {
            case .immediate(let run):
                let result = try run(self, params, bound)
                recordUse(bound)
                return result
            case .waiting: return nil
            case .unsupported: throw Self.unsupported(bound.operation)
            }
        } catch {
            throw internalFailure(error, name, context)
        }
    }

    /// Validation against the API model, then the request context bound to the operation and
    /// its parameters, which is what authorization reads condition keys from.
    private func prepared(_ name: String, _ body: JSONValue, _ context: RequestContext) throws(KMSError) -> (OperationEntry, JSONObject, RequestContext) {
        guard let operation = KMSOperation(rawValue: name) else {
            throw KMSError("UnknownOperationException", "")
        }
        try RequestValidator.validate(operation: name, body: body)
        guard case .object(let params) = body else {
            throw KMSError("SerializationException", "Start of structure or map found where not expected.")
        }
        if params["GrantTokens"] != nil { try GrantToken.checkAll(params) }
        try throttle(operation, params, context)
        var bound = context
        bound.operation = operation
        bound.parameters = params
        return (OperationTable.entry(operation), params, bound)
    }

    /// The authorization an operation's table entry says happens before it runs: account-wide
    /// operations are decided on identity policies; an operation not built yet still checks its
    /// key, so that it answers an unauthorised caller as AWS would.
    private func authorizeBeforeRunning(_ entry: OperationEntry, _ p: JSONObject, _ c: RequestContext) throws(KMSError) {
        switch (entry.authorization, entry.runner) {
        case (.accountWide, _):
            try authorizer.authorizeAccountWide(KMSAction(c.operation), c)
        case (.perKey, .unsupported):
            if let keyId = p.string("KeyId") { _ = try resolver.resolve(keyId, accepting: .keyOrAlias, context: c) }
        case (.perKey, _), (.custom, _):
            break
        }
    }

    static func unsupported(_ operation: KMSOperation) -> KMSError {
        KMSError.unsupported("\(operation.rawValue) is not supported by this Trent server yet.")
    }

    /// A `KMSError` passes through; anything else is a bug or an environment failure, logged
    /// by type only (never its text, which could quote key material) and answered as AWS's
    /// internal error.
    private func internalFailure(_ error: any Error, _ name: String, _ context: RequestContext) -> KMSError {
        if let error = error as? KMSError { return error }
        if let error = error as? StoreError, error.isTimeout {
            return KMSError(
                "DependencyTimeoutException", "The system timed out while trying to fulfill the request. You can retry the request.",
                httpStatus: 500
            )
        }
        logger.error("internal failure", metadata: [
            "requestId": "\(context.requestId)", "operation": "\(name)", "error": "\(type(of: error))",
        ])
        return KMSError.internalFailure
    }

    /// Reads the grants a request's tokens name that this node has not cached yet (created
    /// on another node an instant ago), so that a token works on any node at once, as AWS
    /// promises it does right after CreateGrant.
    private func learnGrants(namedIn body: JSONValue) async {
        guard let shared, case .object(let params) = body, let tokens = params.stringList("GrantTokens") else { return }
        for token in tokens {
            guard let id = try? GrantToken.grantId(token), let grant = try? await shared.loadGrant(id: id) else { continue }
            grants.add(grant)
        }
    }

    /// AWS answers a DryRun request that would have succeeded with this exception.
    static func dryRunSucceeded() -> KMSError {
        KMSError("DryRunOperationException", "The request would have succeeded, but the DryRun option is set.")
    }

    func checkDryRun(_ p: JSONObject) throws(KMSError) {
        if p.bool("DryRun") == true { throw Self.dryRunSucceeded() }
    }

    /// Applies a change to a key durably, then publishes the new record to the cache, with
    /// `policy` when the change compiled the key's new policy already.
    func mutateKey(
        _ live: LiveKey, policy: CompiledPolicy? = nil,
        _ change: @escaping @Sendable (KeyRecord) throws(KMSError) -> KeyRecord
    ) async throws -> KeyRecord {
        guard let updated = try await store.updateKey(live.address, change) else {
            throw KeyResolver.keyNotFound(live.record.arn)
        }
        keys.publishRecord(updated, policy: policy)
        return updated
    }

    /// Publishes a record read from the store (at start-up, or changed by another node),
    /// keeping the slots (and any unsealed material) the cache has for versions it knows.
    func publishStored(_ record: KeyRecord, _ sealed: [SealedMaterial]) {
        let address = KeyAddress(account: record.account, region: record.region, keyId: record.keyId)
        let cached = keys[address]
        if let cached, cached.record.version >= record.version { return }
        var slots: [String: MaterialSlot] = [:]
        for material in sealed {
            slots[material.materialId] = cached?.materials[material.materialId]
                ?? MaterialSlot(sealed: material, keyArn: record.arn, spec: record.keySpec, vault: vault, logger: logger)
        }
        let policy = cached.flatMap { $0.record.policy == record.policy ? $0.policy : nil } ?? LiveKey.compile(record, logger: logger)
        keys.publish(LiveKey(record: record, materials: slots, policy: policy))
    }

    func forgetKey(_ address: KeyAddress) {
        keys.remove(address)
        grants.removeAll(of: address)
        usage?.forget(keyArn: KeyIdentifiers.keyArn(region: address.region, account: address.account, keyId: address.keyId))
    }

    /// One transaction over several keys, then each written record published with the
    /// material its versions name: `opened` holds material this change brought (keyed by
    /// material id), and every other version keeps the slot the cache has.
    @discardableResult
    func commitKeys(
        _ addresses: [KeyAddress], opened: [String: KeyMaterial] = [:],
        _ change: @escaping @Sendable ([KeyRecord?]) throws(KMSError) -> [KeyWrite]
    ) async throws -> [KeyRecord] {
        let written = try await store.changeKeys(addresses, change)
        for record in written {
            keys.publishWritten(record, opened: opened, logger: logger)
        }
        return written
    }
}
