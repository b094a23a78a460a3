import Foundation
import Synchronization
import Testing
@testable import TrentAPI
import TrentDomain
import TrentJSON
import TrentStorage

/// A clock the test moves, for the schedulers.
final class MovableClock: WallClock {
    private let current = Mutex(Date())
    func now() -> Date { current.withLock { $0 } }
    func advance(days: Double) { current.withLock { $0 = $0.addingTimeInterval(days * 86_400) } }
}

/// Rotation, import expiry and replica transitions as the service runs them, with the
/// background passes called directly and time moved by the test.
@Suite struct MaterialLifecycleServiceTests {
    func rotations(_ h: ServiceHarness, _ keyId: String) async throws -> [JSONValue] {
        let listed = try await h.call("ListKeyRotations", #"{"KeyId":"\#(keyId)"}"#)
        guard case .array(let entries)? = listed["Rotations"] else { return [] }
        return entries
    }

    @Test func automaticRotationHappensOncePerDueDateAndSurvivesReopening() async throws {
        let clock = MovableClock()
        let h = try await ServiceHarness.make(clock: clock)
        defer { h.remove() }
        let keyId = try await h.createKey()
        let old = try await h.call("Encrypt", #"{"KeyId":"\#(keyId)","Plaintext":"aGVsbG8="}"#)
        _ = try await h.call("EnableKeyRotation", #"{"KeyId":"\#(keyId)","RotationPeriodInDays":90}"#)
        #expect(try await h.service.runDueRotations() == 0)
        clock.advance(days: 91)
        #expect(try await h.service.runDueRotations() == 1)
        #expect(try await h.service.runDueRotations() == 0)
        #expect(try await rotations(h, keyId).count == 1)

        // A second service over the same store (a restart) sees the new due date, not the old.
        let reopened = try await KMSService.open(
            store: h.store, rootKey: try .init(bytes: h.rootKeyBytes), identities: ServiceHarness.identities(try .init(bytes: h.rootKeyBytes)),
            logger: .init(label: "test"), clock: clock
        )
        #expect(try await reopened.runDueRotations() == 0)
        let decrypted = try await reopened.handle(
            operation: "Decrypt", body: .object(JSONObject([(key: "CiphertextBlob", value: old["CiphertextBlob"]!)])), context: h.context
        )
        guard case .object(let fields) = decrypted else { Issue.record("no object"); return }
        #expect(fields.string("Plaintext") == "aGVsbG8=")
        clock.advance(days: 90)
        #expect(try await reopened.runDueRotations() == 1)
    }

    @Test func aDisabledKeyWaitsAndRotatesOnceEnabledAgain() async throws {
        let clock = MovableClock()
        let h = try await ServiceHarness.make(clock: clock)
        defer { h.remove() }
        let keyId = try await h.createKey()
        _ = try await h.call("EnableKeyRotation", #"{"KeyId":"\#(keyId)","RotationPeriodInDays":90}"#)
        _ = try await h.call("DisableKey", #"{"KeyId":"\#(keyId)"}"#)
        clock.advance(days: 200)
        #expect(try await h.service.runDueRotations() == 0)
        let status = try await h.call("GetKeyRotationStatus", #"{"KeyId":"\#(keyId)"}"#)
        #expect(status.bool("KeyRotationEnabled") == false)
        _ = try await h.call("EnableKey", #"{"KeyId":"\#(keyId)"}"#)
        #expect(try await h.service.runDueRotations() == 1)
        #expect(try await h.call("GetKeyRotationStatus", #"{"KeyId":"\#(keyId)"}"#).bool("KeyRotationEnabled") == true)
    }

    @Test func everyEarlierVersionStillDecryptsAfterManyRotations() async throws {
        let h = try await ServiceHarness.make()
        defer { h.remove() }
        let keyId = try await h.createKey()
        var blobs: [(JSONValue, String?)] = []
        for _ in 0 ..< 5 {
            let encrypted = try await h.call("Encrypt", #"{"KeyId":"\#(keyId)","Plaintext":"aGVsbG8="}"#)
            let described = try await h.call("DescribeKey", #"{"KeyId":"\#(keyId)"}"#)
            guard case .object(let metadata)? = described["KeyMetadata"] else { return }
            blobs.append((encrypted["CiphertextBlob"]!, metadata.string("CurrentKeyMaterialId")))
            _ = try await h.call("RotateKeyOnDemand", #"{"KeyId":"\#(keyId)"}"#)
        }
        #expect(Set(blobs.map(\.1)).count == 5)
        for (blob, materialId) in blobs {
            let result = try await h.service.handle(
                operation: "Decrypt", body: .object(JSONObject([(key: "CiphertextBlob", value: blob)])), context: h.context
            )
            guard case .object(let fields) = result else { return }
            #expect(fields.string("KeyMaterialId") == materialId)
        }
    }

    @Test func onDemandRotationStopsAtTwentyFive() async throws {
        let h = try await ServiceHarness.make()
        defer { h.remove() }
        let keyId = try await h.createKey()
        for _ in 0 ..< KMSService.maxOnDemandRotations {
            _ = try await h.call("RotateKeyOnDemand", #"{"KeyId":"\#(keyId)"}"#)
        }
        await #expect(throws: KMSError.self) { _ = try await h.call("RotateKeyOnDemand", #"{"KeyId":"\#(keyId)"}"#) }
        #expect(try await rotations(h, keyId).count == 25)
    }

    @Test func replicasFinishCreatingAndTheStoreKeepsTheSet() async throws {
        let h = try await ServiceHarness.make(options: ServiceOptions(transitionDelay: .seconds(3600)))
        defer { h.remove() }
        let created = try await h.call("CreateKey", #"{"MultiRegion":true}"#)
        guard case .object(let metadata)? = created["KeyMetadata"], let keyId = metadata.string("KeyId") else { return }
        let replicated = try await h.call("ReplicateKey", #"{"KeyId":"\#(keyId)","ReplicaRegion":"eu-west-1"}"#)
        guard case .object(let replica)? = replicated["ReplicaKeyMetadata"] else { return }
        #expect(replica.string("KeyState") == "Creating")
        #expect(try await h.service.finishTransitions() == 1)
        let snapshot = try await h.store.loadSnapshot()
        let stored = snapshot.keys.filter { $0.keyId == keyId }.sorted { $0.region < $1.region }
        #expect(stored.map(\.region) == ["eu-west-1", "us-east-1"])
        #expect(stored.map(\.multiRegionType) == [.replica, .primary])
        #expect(stored.map(\.state) == [.enabled, .enabled])
        #expect(stored[0].materialVersions.map(\.materialId) == stored[1].materialVersions.map(\.materialId))
    }
}
