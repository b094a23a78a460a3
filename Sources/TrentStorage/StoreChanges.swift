import TrentDomain

/// A change another node committed, named by what it touched; the receiver re-reads that
/// row. Notifications carry no data, so a lost or reordered one costs a re-read at worst,
/// never a wrong value.
public enum StoreChange: Sendable, Equatable {
    case key(KeyAddress)
    case alias(account: String, region: String, name: String)
    case grant(id: String, key: KeyAddress)

    /// `k|account|region|keyId`, `a|account|region|name`, `g|grantId|account|region|keyId`:
    /// none of these parts contains a `|`.
    var payload: String {
        switch self {
        case .key(let a): return "k|\(a.account)|\(a.region)|\(a.keyId)"
        case .alias(let account, let region, let name): return "a|\(account)|\(region)|\(name)"
        case .grant(let id, let a): return "g|\(id)|\(a.account)|\(a.region)|\(a.keyId)"
        }
    }

    init?(payload: String) {
        let parts = payload.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        switch (parts.first, parts.count) {
        case ("k", 4): self = .key(KeyAddress(account: parts[1], region: parts[2], keyId: parts[3]))
        case ("a", 4): self = .alias(account: parts[1], region: parts[2], name: parts[3])
        case ("g", 5): self = .grant(id: parts[1], key: KeyAddress(account: parts[2], region: parts[3], keyId: parts[4]))
        default: return nil
        }
    }
}

/// What a store shared by several nodes adds to the contract: single rows to re-read, and
/// the feed of what other nodes change.
public protocol SharedStore: TrentStore {
    func loadKey(_ address: KeyAddress) async throws -> (KeyRecord, [SealedMaterial])?
    func loadAlias(account: String, region: String, name: String) async throws -> AliasRecord?
    func loadGrant(id: String) async throws -> GrantRecord?
    /// Calls `receive` for every change committed by any node (this one included) until the
    /// task is cancelled or the connection fails (then it throws; the caller reconnects and
    /// reconciles, since changes made meanwhile were missed).
    func followChanges(_ receive: @Sendable (StoreChange) async -> Void) async throws
    /// Records that node `id` is alive now and answers how many nodes were alive within the
    /// last `window` seconds (this one included): each takes that share of every quota.
    func heartbeat(nodeId id: String, at now: Double, window: Double) async throws -> Int
}
