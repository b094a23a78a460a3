import Crypto
import TrentDomain
import TrentStorage

/// A key as the hot path sees it: the record plus its unsealed material versions.
/// Immutable; a write publishes a new instance with a higher record version.
final class LiveKey: Sendable {
    let record: KeyRecord
    /// Material id (hex) → material.
    let materials: [String: KeyMaterial]

    init(record: KeyRecord, materials: [String: KeyMaterial]) {
        self.record = record
        self.materials = materials
    }

    var address: KeyAddress { KeyAddress(account: record.account, region: record.region, keyId: record.keyId) }

    var currentMaterial: KeyMaterial? { materials[record.currentMaterialId] }

    func replacing(record: KeyRecord) -> LiveKey {
        LiveKey(record: record, materials: materials)
    }
}

/// The in-memory view of every key, keyed by (account, region, key id).
final class KeyCache: Sendable {
    private let map = ShardedMap<KeyAddress, LiveKey>()

    subscript(address: KeyAddress) -> LiveKey? { map[address] }

    /// Publishes `key` unless the cache already holds a newer version of it, so writers that
    /// finish out of order cannot roll the cache back.
    func publish(_ key: LiveKey) {
        map.update(key.address) { current in
            if let current, current.record.version > key.record.version { return }
            current = key
        }
    }

    func publishRecord(_ record: KeyRecord) {
        let address = KeyAddress(account: record.account, region: record.region, keyId: record.keyId)
        map.update(address) { current in
            guard let existing = current, existing.record.version < record.version else { return }
            current = existing.replacing(record: record)
        }
    }

    func remove(_ address: KeyAddress) { map.set(address, nil) }

    func keys(account: String, region: String) -> [LiveKey] {
        map.values { $0.record.account == account && $0.record.region == region }
    }
}

/// Alias name → key id, per account and region.
final class AliasCache: Sendable {
    struct Name: Hashable, Sendable {
        let account: String
        let region: String
        let name: String
    }

    private let map = ShardedMap<Name, AliasRecord>()

    func target(account: String, region: String, name: String) -> AliasRecord? {
        map[Name(account: account, region: region, name: name)]
    }

    func put(_ alias: AliasRecord) {
        map.set(Name(account: alias.account, region: alias.region, name: alias.name), alias)
    }

    func remove(account: String, region: String, name: String) {
        map.set(Name(account: account, region: region, name: name), nil)
    }

    func aliases(account: String, region: String) -> [AliasRecord] {
        map.values { $0.account == account && $0.region == region }
    }
}
