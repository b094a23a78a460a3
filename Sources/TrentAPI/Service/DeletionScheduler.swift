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
        var deletedCount = 0
        for address in due {
            let deleted = keys[address]?.record
            guard let aliasNames = try await store.deleteKey(address, dueBefore: now) else { continue }
            deletedCount += 1
            forgetKey(address)
            let arn = KeyIdentifiers.keyArn(region: address.region, account: address.account, keyId: address.keyId)
            events.record(ServiceEvent(name: "DeleteKey", keyArn: arn, account: address.account, region: address.region, time: now))
            if deleted?.multiRegionType == .replica { try await startPrimaryDeletionIfLastReplica(address, now: now) }
            for name in aliasNames {
                aliases.remove(account: address.account, region: address.region, name: name)
            }
            logger.notice("key deleted at the end of its waiting period", metadata: [
                "event": "DeleteKey",
                "account": "\(address.account)", "region": "\(address.region)", "keyId": "\(address.keyId)",
            ])
        }
        // A primary left waiting by a crash between its last replica's deletion and its own
        // step on: every pass moves such primaries on.
        for address in try await store.keys(inStates: [.pendingReplicaDeletion]) {
            try await startPrimaryDeletionIfLastReplica(address, now: now)
        }
        return deletedCount
    }

    /// A primary waiting in PendingReplicaDeletion starts its own waiting period once its
    /// last replica is gone.
    func startPrimaryDeletionIfLastReplica(_ member: KeyAddress, now: Date) async throws {
        try await serialisingSet(account: member.account, keyId: member.keyId) { try await self.startPrimaryDeletionLocked(member, now: now) }
    }

    private func startPrimaryDeletionLocked(_ member: KeyAddress, now: Date) async throws {
        let set = keys.multiRegionSet(account: member.account, keyId: member.keyId)
        guard let primary = set.first(where: { $0.record.multiRegionType == .primary }),
              primary.record.state == .pendingReplicaDeletion,
              !set.contains(where: { $0.record.multiRegionType == .replica })
        else { return }
        try await commitKeys([primary.address]) { rows throws(KMSError) in
            guard let row = rows.first ?? nil, row.state == .pendingReplicaDeletion else { return [] }
            var next = row
            next.state = .pendingDeletion
            next.deletionDate = now.addingTimeInterval(TimeInterval(row.pendingWindowInDays ?? 30) * 86_400)
            return [KeyWrite(record: next)]
        }
    }
}
