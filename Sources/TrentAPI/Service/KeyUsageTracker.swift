import Foundation
import Logging
import TrentStorage

/// The last successful cryptographic use of each key, for GetKeyLastUsage. A request only
/// writes one entry of a sharded map (no disk, no global lock); a background task moves the
/// entries to the store once a second, so a crash loses at most that last second of uses,
/// which the README states.
final class KeyUsageTracker: Sendable {
    /// Uses not yet written, by key ARN.
    private let pending = ShardedMap<String, KeyLastUse>()
    /// Uses already written (or loaded at start), by key ARN.
    private let written = ShardedMap<String, KeyLastUse>()

    func load(_ uses: [KeyLastUse]) {
        for use in uses { written.set(use.keyArn, use) }
    }

    func record(_ use: KeyLastUse) {
        pending.set(use.keyArn, use)
    }

    func lastUse(keyArn: String) -> KeyLastUse? {
        pending[keyArn] ?? written[keyArn]
    }

    func forget(keyArn: String) {
        pending.set(keyArn, nil)
        written.set(keyArn, nil)
    }

    /// Writes what is pending. An entry leaves `pending` only once written, and only if no
    /// newer use replaced it meanwhile, so a reader never sees an older use than the last.
    func flush(to store: any TrentStore) async throws {
        let batch = pending.values { _ in true }
        guard !batch.isEmpty else { return }
        try await store.recordLastUses(batch)
        for use in batch {
            written.update(use.keyArn) { current in
                if current == nil || current!.time <= use.time { current = use }
            }
            pending.update(use.keyArn) { if $0 == use { $0 = nil } }
        }
    }
}

extension KeyUsageTracker {
    static let trackingStartName = "key_usage_tracking_start"

    /// The first start of a Trent that records last uses in this data directory.
    static func trackingStart(store: any TrentStore, now: Date) async throws -> Date {
        let candidate = Array(String(now.timeIntervalSince1970).utf8)
        let stored = try await store.metaValue(trackingStartName, insertingIfAbsent: candidate)
        return Double(String(decoding: stored, as: UTF8.self)).map(Date.init(timeIntervalSince1970:)) ?? now
    }
}
