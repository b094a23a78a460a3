import Foundation
import Testing
@testable import TrentAPI
import TrentDomain
import TrentJSON

/// AWS's resource quota of keys per account and Region, at a limit small enough to reach.
@Suite struct KeyQuotaServiceTests {
    @Test func createKeyAndReplicateKeyStopAtTheQuota() async throws {
        let clock = MovableClock()
        let h = try await ServiceHarness.make(clock: clock, options: ServiceOptions(transitionDelay: .seconds(3600), maxKeysPerRegion: 3))
        defer { h.remove() }
        let created = try await h.call("CreateKey", #"{"MultiRegion":true}"#)
        guard case .object(let metadata)? = created["KeyMetadata"], let mrk = metadata.string("KeyId") else { return }
        let second = try await h.createKey()
        _ = try await h.createKey()
        let quota = KMSError(
            "LimitExceededException", "The request would exceed the quota of 3 KMS keys in account 111122223333 and Region us-east-1."
        )
        await #expect(throws: quota) { _ = try await h.call("CreateKey", "{}") }

        // Another Region has its own count: a replica there fits.
        _ = try await h.call("ReplicateKey", #"{"KeyId":"\#(mrk)","ReplicaRegion":"eu-west-1"}"#)

        // A deleted key frees its place.
        _ = try await h.call("ScheduleKeyDeletion", #"{"KeyId":"\#(second)","PendingWindowInDays":7}"#)
        await #expect(throws: quota) { _ = try await h.call("CreateKey", "{}") }
        clock.advance(days: 8)
        #expect(try await h.service.runDueDeletions() == 1)
        _ = try await h.createKey()
    }
}
