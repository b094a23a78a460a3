import Crypto
import Logging
import Synchronization
import TrentDomain
import TrentStorage

/// One material version of a key, unsealed on first use: start-up with 100,000 keys then
/// costs no AES work or PKCS#8 parsing, and keys never used stay sealed in memory. The lock
/// is this slot's own, taken once per use, so requests on different keys never meet.
final class MaterialSlot: Sendable {
    private enum State {
        case sealed(SealedMaterial)
        case open(KeyMaterial)
        case unusable
    }

    private let state: Mutex<State>
    private let keyArn: String
    private let spec: KeySpec
    private let vault: MaterialVault?
    private let logger: Logger?

    init(open material: KeyMaterial) {
        state = Mutex(.open(material))
        keyArn = ""
        spec = .symmetricDefault
        vault = nil
        logger = nil
    }

    init(sealed: SealedMaterial, keyArn: String, spec: KeySpec, vault: MaterialVault, logger: Logger) {
        state = Mutex(.sealed(sealed))
        self.keyArn = keyArn
        self.spec = spec
        self.vault = vault
        self.logger = logger
    }

    /// The material, or nil if it cannot be unsealed (reported once in the log).
    var material: KeyMaterial? {
        state.withLock { state in
            switch state {
            case .open(let material):
                return material
            case .unusable:
                return nil
            case .sealed(let sealed):
                do {
                    guard let vault else { throw KMSError.internalFailure }
                    let material = try KeyMaterial.restore(spec: spec, bytes: try vault.unseal(sealed, keyArn: keyArn))
                    state = .open(material)
                    return material
                } catch {
                    logger?.error("key material does not unseal", metadata: ["keyArn": "\(keyArn)", "materialId": "\(sealed.materialId)"])
                    state = .unusable
                    return nil
                }
            }
        }
    }
}

/// A key as the hot path sees it: the record plus its unsealed material versions.
/// Immutable; a write publishes a new instance with a higher record version.
final class LiveKey: Sendable {
    let record: KeyRecord
    /// Material id (hex) → material.
    let materials: [String: MaterialSlot]

    init(record: KeyRecord, materials: [String: MaterialSlot]) {
        self.record = record
        self.materials = materials
    }

    var address: KeyAddress { KeyAddress(account: record.account, region: record.region, keyId: record.keyId) }

    var currentMaterial: KeyMaterial? { materials[record.currentMaterialId]?.material }

    func material(_ materialId: String) -> KeyMaterial? { materials[materialId]?.material }

    func replacing(record: KeyRecord) -> LiveKey {
        LiveKey(record: record, materials: materials)
    }
}

/// The in-memory view of every key, keyed by (account, region, key id).
final class KeyCache: Sendable {
    private let map = ShardedMap<KeyAddress, LiveKey>()

    subscript(address: KeyAddress) -> LiveKey? { map[address] }

    func reserveCapacity(_ count: Int) { map.reserveCapacity(count) }

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
