import Crypto
import Logging
import Synchronization
import TrentDomain
import TrentPolicy
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
    /// The key policy, compiled once per policy text: requests never parse it.
    let policy: CompiledPolicy

    init(record: KeyRecord, materials: [String: MaterialSlot], policy: CompiledPolicy) {
        self.record = record
        self.materials = materials
        self.policy = policy
    }

    /// Compiles the record's policy. A stored policy that no longer compiles (one an older
    /// version accepted) allows nothing rather than everything; operators see it in the log.
    convenience init(record: KeyRecord, materials: [String: MaterialSlot], logger: Logger? = nil) {
        self.init(record: record, materials: materials, policy: Self.compile(record, logger: logger))
    }

    static func compile(_ record: KeyRecord, logger: Logger?) -> CompiledPolicy {
        do {
            return try CompiledPolicy.compile(record.policy, kind: .key)
        } catch {
            logger?.error("stored key policy does not compile; the key allows nothing until PutKeyPolicy", metadata: [
                "keyArn": "\(record.arn)", "error": "\(error.message)",
            ])
            return allowNothing
        }
    }

    static let allowNothing: CompiledPolicy = {
        // A statement that can never match a caller: no principal is named "none".
        let text = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"none.invalid"},"Action":"kms:*","Resource":"*"}]}"#
        return (try? CompiledPolicy.compile(text, kind: .key)) ?? { fatalError("the allow-nothing policy must compile") }()
    }()

    var address: KeyAddress { KeyAddress(account: record.account, region: record.region, keyId: record.keyId) }

    var currentMaterial: KeyMaterial? { materials[record.currentMaterialId]?.material }

    func material(_ materialId: String) -> KeyMaterial? { materials[materialId]?.material }

    func replacing(record: KeyRecord, policy: CompiledPolicy) -> LiveKey {
        LiveKey(record: record, materials: materials, policy: policy)
    }
}

/// The in-memory view of every key, keyed by (account, region, key id).
final class KeyCache: Sendable {
    private let map = ShardedMap<KeyAddress, LiveKey>()
    /// Which account holds a key id in a region: a ciphertext names its key by id only, and
    /// Decrypt without KeyId must find a key another account shared.
    private let owners = ShardedMap<RegionalKeyId, String>()

    struct RegionalKeyId: Hashable, Sendable {
        let region: String
        let keyId: String
    }

    /// Keys per account and Region, for AWS's quota of keys (CreateKey, ReplicateKey).
    private let counts = ShardedMap<AccountRegion, Int>()

    struct AccountRegion: Hashable, Sendable {
        let account: String
        let region: String
    }

    func count(account: String, region: String) -> Int { counts[AccountRegion(account: account, region: region)] ?? 0 }

    private func counted(_ address: KeyAddress, _ delta: Int) {
        counts.update(AccountRegion(account: address.account, region: address.region)) { $0 = max(0, ($0 ?? 0) + delta) }
    }

    /// The regions holding a multi-Region key id in an account: the members of its set.
    private let sets = ShardedMap<AccountKeyId, Set<String>>()

    struct AccountKeyId: Hashable, Sendable {
        let account: String
        let keyId: String
    }

    func owner(region: String, keyId: String) -> String? { owners[RegionalKeyId(region: region, keyId: keyId)] }

    subscript(address: KeyAddress) -> LiveKey? { map[address] }

    func reserveCapacity(_ count: Int) { map.reserveCapacity(count) }

    /// Publishes `key` unless the cache already holds a newer version of it, so writers that
    /// finish out of order cannot roll the cache back.
    func publish(_ key: LiveKey) {
        index(key.record)
        var added = false
        map.update(key.address) { current in
            if let current, current.record.version > key.record.version { return }
            added = current == nil
            current = key
        }
        if added { counted(key.address, 1) }
    }

    /// Publishes a changed record beside the key's material. The policy is compiled here only
    /// when the change brought a new policy text the caller did not compile already, and never
    /// under the shard's lock.
    func publishRecord(_ record: KeyRecord, policy: CompiledPolicy? = nil) {
        let address = KeyAddress(account: record.account, region: record.region, keyId: record.keyId)
        guard let cached = map[address] else { return }
        // Compiled from `record.policy` itself, or the cached copy of that same text.
        let compiled = policy ?? (record.policy == cached.record.policy ? cached.policy : LiveKey.compile(record, logger: nil))
        map.update(address) { current in
            guard let existing = current, existing.record.version < record.version else { return }
            current = existing.replacing(record: record, policy: compiled)
        }
    }

    /// Publishes a record a multi-key commit wrote. Its slots are the record's versions that
    /// have material: from `opened`, else from the cached key. If a newer record got here
    /// first (a later write published before this one), only the new slots are merged into
    /// it, so a rotation racing a tag change can never leave the current material unslotted.
    func publishWritten(_ record: KeyRecord, opened: [String: KeyMaterial], logger: Logger) {
        let address = KeyAddress(account: record.account, region: record.region, keyId: record.keyId)
        let cached = map[address]
        let policy = cached.flatMap { $0.record.policy == record.policy ? $0.policy : nil } ?? LiveKey.compile(record, logger: logger)
        let fresh = opened.mapValues { MaterialSlot(open: $0) }
        index(record)
        var added = false
        map.update(address) { current in
            added = current == nil
            if let existing = current, existing.record.version >= record.version {
                current = LiveKey(record: existing.record, materials: Self.slots(existing.record, fresh, existing.materials), policy: existing.policy)
            } else {
                current = LiveKey(record: record, materials: Self.slots(record, fresh, current?.materials ?? [:]), policy: policy)
            }
        }
        if added { counted(address, 1) }
    }

    /// The slots for the versions of `record` that have material: fresh ones first.
    private static func slots(
        _ record: KeyRecord, _ fresh: [String: MaterialSlot], _ existing: [String: MaterialSlot]
    ) -> [String: MaterialSlot] {
        var out: [String: MaterialSlot] = [:]
        for version in record.materialVersions where version.hasMaterial {
            if let slot = fresh[version.materialId] ?? existing[version.materialId] { out[version.materialId] = slot }
        }
        return out
    }

    /// The lookups beside the map: which account owns a key id in a Region (Decrypt from a
    /// ciphertext), and the Regions of a multi-Region set.
    private func index(_ record: KeyRecord) {
        if record.multiRegion {
            sets.update(AccountKeyId(account: record.account, keyId: record.keyId)) { $0 = ($0 ?? []).union([record.region]) }
        }
        owners.set(RegionalKeyId(region: record.region, keyId: record.keyId), record.account)
    }

    /// The keys of a multi-Region set in every region of one account, primary and replicas.
    func multiRegionSet(account: String, keyId: String) -> [LiveKey] {
        (sets[AccountKeyId(account: account, keyId: keyId)] ?? []).sorted().compactMap {
            map[KeyAddress(account: account, region: $0, keyId: keyId)]
        }
    }

    func remove(_ address: KeyAddress) {
        sets.update(AccountKeyId(account: address.account, keyId: address.keyId)) { regions in
            regions?.remove(address.region)
            if regions?.isEmpty == true { regions = nil }
        }
        var removed = false
        map.update(address) { current in
            removed = current != nil
            current = nil
        }
        if removed { counted(address, -1) }
        owners.update(RegionalKeyId(region: address.region, keyId: address.keyId)) { owner in
            if owner == address.account { owner = nil }
        }
    }

    func keys(account: String, region: String) -> [LiveKey] {
        map.values { $0.record.account == account && $0.record.region == region }
    }

    func all() -> [LiveKey] { map.values { _ in true } }
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

    func all() -> [AliasRecord] { map.values { _ in true } }
}

extension AliasCache {
    /// The alias names pointing at `key`, for `kms:ResourceAliases`.
    func names(of key: KeyRecord) -> [String] {
        aliases(account: key.account, region: key.region).filter { $0.targetKeyId == key.keyId }.map(\.name).sorted()
    }
}
