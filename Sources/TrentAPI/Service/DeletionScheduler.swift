import Foundation
import TrentDomain
import TrentStorage

extension KMSService {
    /// Deletes every key whose waiting period has ended: its material, aliases and metadata.
    /// The due dates live in the store, so a restart loses no scheduled deletion; running
    /// twice is harmless.
    @discardableResult
    public func runDueDeletions() async throws -> Int {
        let now = clock.now()
        let due = try await store.keysDueForDeletion(before: now)
        for address in due {
            let aliasNames = try await store.deleteKey(address)
            keys.remove(address)
            grants.removeAll(of: address)
            for name in aliasNames {
                aliases.remove(account: address.account, region: address.region, name: name)
            }
            logger.notice("key deleted at the end of its waiting period", metadata: [
                "event": "DeleteKey",
                "account": "\(address.account)", "region": "\(address.region)", "keyId": "\(address.keyId)",
            ])
        }
        return due.count
    }

    /// Runs `runDueDeletions` now and then every `interval` until the task is cancelled.
    public func runScheduler(interval: Duration = .seconds(60)) async {
        while !Task.isCancelled {
            do {
                try await runDueDeletions()
            } catch {
                logger.error("scheduled deletion failed; will retry", metadata: ["error": "\(type(of: error))"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
