import Foundation
import TrentDomain
import TrentPolicy
import TrentStorage

/// Several nodes on one database: each keeps its caches (the hot path reads no database)
/// and learns of the others' changes from the store's feed, re-reading each row it names,
/// plus a periodic reconciliation that repairs whatever a dropped connection missed. A
/// node's own writes reach its caches at once; the feed brings them back as no-ops
/// (the cache refuses a record that is not newer).
extension KMSService {
    /// Follows the change feed until cancelled, reconnecting after a failure.
    public func runChangeFollower() async {
        guard let shared = store as? any SharedStore else { return }
        while !Task.isCancelled {
            do {
                try await shared.followChanges { change in
                    do {
                        try await self.apply(change, from: shared)
                    } catch {
                        self.logger.warning("re-reading a changed row failed; reconciliation will repair it", metadata: ["error": "\(type(of: error))"])
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("the change feed failed; reconnecting", metadata: ["error": "\(type(of: error))"])
            }
            guard (try? await Task.sleep(for: .seconds(1))) != nil else { return }
            // Changes made while the feed was down were missed.
            try? await reconcile(with: shared)
        }
    }

    /// Tells the store this node is alive every `interval`, and takes 1/N of every request
    /// quota while N nodes are (a node missing three beats no longer counts).
    public func runHeartbeat(interval: Duration = .seconds(5)) async {
        guard let shared else { return }
        let seconds = Double(interval.components.seconds)
        repeat {
            do {
                let nodes = try await shared.heartbeat(nodeId: options.nodeId, at: clock.now().timeIntervalSince1970, window: 3 * seconds)
                quotaShare.withLock { $0 = 1 / Double(nodes) }
            } catch {
                logger.warning("heartbeat failed; keeping the last quota share", metadata: ["error": "\(type(of: error))"])
            }
        } while (try? await Task.sleep(for: interval)) != nil
    }

    /// Reconciles with the store every `interval` until cancelled.
    public func runReconciler(interval: Duration = .seconds(10)) async {
        guard let shared = store as? any SharedStore else { return }
        while (try? await Task.sleep(for: interval)) != nil {
            do {
                try await reconcile(with: shared)
            } catch {
                logger.warning("reconciliation with the store failed; will retry", metadata: ["error": "\(type(of: error))"])
            }
        }
    }

    func apply(_ change: StoreChange, from shared: any SharedStore) async throws {
        switch change {
        case .key(let address):
            if let (record, sealed) = try await shared.loadKey(address) {
                publishStored(record, sealed)
            } else {
                forgetKey(address)
            }
        case .alias(let account, let region, let name):
            if let alias = try await shared.loadAlias(account: account, region: region, name: name) {
                aliases.put(alias)
            } else {
                aliases.remove(account: account, region: region, name: name)
            }
        case .grant(let id, let key):
            if let grant = try await shared.loadGrant(id: id) {
                grants.add(grant)
            } else if let cached = grants.grant(id: id, key: key) {
                grants.remove(cached)
            }
        }
    }

    /// Brings the caches to what the store holds. Only entries cached before the read began
    /// may be removed, so a key this node creates meanwhile is never dropped.
    func reconcile(with shared: any SharedStore) async throws {
        let cachedKeys = Set(keys.all().map(\.address))
        let cachedAliases = aliases.all()
        let cachedGrants = grants.all { _ in true }
        let snapshot = try await shared.loadSnapshot()
        var stored = Set<KeyAddress>()
        for record in snapshot.keys {
            let address = KeyAddress(account: record.account, region: record.region, keyId: record.keyId)
            stored.insert(address)
            publishStored(record, snapshot.materials[address] ?? [])
        }
        for address in cachedKeys.subtracting(stored) { forgetKey(address) }
        let storedAliases = Set(snapshot.aliases.map { AliasCache.Name(account: $0.account, region: $0.region, name: $0.name) })
        for alias in snapshot.aliases where aliases.target(account: alias.account, region: alias.region, name: alias.name) != alias {
            aliases.put(alias)
        }
        for alias in cachedAliases where !storedAliases.contains(AliasCache.Name(account: alias.account, region: alias.region, name: alias.name)) {
            aliases.remove(account: alias.account, region: alias.region, name: alias.name)
        }
        let storedGrants = Set(snapshot.grants.map(\.grantId))
        for grant in snapshot.grants { grants.add(grant) }
        for grant in cachedGrants where !storedGrants.contains(grant.grantId) { grants.remove(grant) }
    }
}
