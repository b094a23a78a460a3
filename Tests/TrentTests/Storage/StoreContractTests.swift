import Foundation
import Testing
import TrentDomain
@testable import TrentStorage

/// The storage contract every store must keep, run against SQLite and PostgreSQL alike:
/// what is written comes back unchanged, checks inside a transaction see committed rows and
/// abort it with their own error, and racing writers cannot both pass a check meant for one.
@Suite(.serialized) struct StoreContractTests {
    func with(_ kind: StoreKind, _ body: (any TrentStore) async throws -> Void) async throws {
        let under = try await StoreUnderTest.make(kind)
        do {
            try await body(under.store)
        } catch {
            await under.close()
            throw error
        }
        await under.close()
    }

    @Test(arguments: StoreKind.allCases)
    func writtenRecordsComeBackFromTheSnapshot(kind: StoreKind) async throws {
        try await with(kind) { store in
            var key = Records.key(Records.k1)
            key.multiRegionType = .primary
            key.rotationPeriodInDays = 90
            key.nextRotationDate = Date(timeIntervalSince1970: 1_800_000_000.25)
            key.materialVersions.append(MaterialVersion(
                materialId: "m2", createdAt: Date(timeIntervalSince1970: 1_700_000_100), pendingRotation: true,
                imported: ImportedMaterial(description: "second", present: true, expirationModel: .expires, validTo: Date(timeIntervalSince1970: 1_750_000_000))
            ))
            try await store.insertKey(key, materials: [Records.material("m1"), Records.material("m2")])
            try await store.insertAlias(AliasRecord(account: key.account, region: key.region, name: "alias/one", targetKeyId: Records.k1,
                                                    creationDate: Date(timeIntervalSince1970: 1), lastUpdatedDate: Date(timeIntervalSince1970: 2))) { _ throws(KMSError) in }
            _ = try await store.insertGrant(Records.grant("g1", keyId: Records.k1)) { _, _ throws(KMSError) in nil }
            try await store.recordLastUses([KeyLastUse(keyArn: key.arn, operation: "Encrypt", time: Date(timeIntervalSince1970: 5), eventId: "e", requestId: "r")])
            try await store.upsertAccessKey(StoredAccessKey(accessKeyId: "AKIA1", account: key.account, userName: "u", sealedSecret: [1, 2, 3]))

            let snapshot = try await store.loadSnapshot()
            #expect(snapshot.keys == [key])
            #expect(snapshot.materials[Records.address(key)]?.map(\.materialId).sorted() == ["m1", "m2"])
            #expect(snapshot.materials[Records.address(key)]?.first { $0.materialId == "m1" }?.sealed == Records.material("m1").sealed)
            #expect(snapshot.aliases.map(\.name) == ["alias/one"])
            #expect(snapshot.grants == [Records.grant("g1", keyId: Records.k1)])
            #expect(snapshot.lastUses.map(\.operation) == ["Encrypt"])
            #expect(try await store.accessKeys() == [StoredAccessKey(accessKeyId: "AKIA1", account: key.account, userName: "u", sealedSecret: [1, 2, 3])])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func metaValueIsSetOnceEvenUnderRacingCallers(kind: StoreKind) async throws {
        try await with(kind) { store in
            #expect(try await store.rootKeyCheckValue() == nil)
            try await store.setRootKeyCheckValue([9, 9])
            #expect(try await store.rootKeyCheckValue() == [9, 9])
            let values = try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for i in 0 ..< 8 { group.addTask { try await store.metaValue("race", insertingIfAbsent: [UInt8(i)]) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(values).count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func updatesSeeTheCommittedRowAndAbortWithTheirOwnError(kind: StoreKind) async throws {
        try await with(kind) { store in
            let key = Records.key("k1")
            try await store.insertKey(key, materials: [Records.material("m1")])
            let updated = try await store.updateKey(Records.address(key)) { current throws(KMSError) in
                var next = current
                next.description = "changed"
                return next
            }
            #expect(updated?.version == 2 && updated?.description == "changed")
            do {
                _ = try await store.updateKey(Records.address(key)) { _ throws(KMSError) in throw KMSError.invalidState("no") }
                Issue.record("the update did not throw")
            } catch let error as KMSError {
                #expect(error == KMSError.invalidState("no"))
            }
            #expect(try await store.loadSnapshot().keys.first?.description == "changed")
            #expect(try await store.updateKey(KeyAddress(account: "1", region: "r", keyId: "none")) { $0 } == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func racingUpdatesAreSerialised(kind: StoreKind) async throws {
        try await with(kind) { store in
            let key = Records.key("k1")
            try await store.insertKey(key, materials: [])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0 ..< 20 {
                    group.addTask {
                        _ = try await store.updateKey(Records.address(key)) { current throws(KMSError) in
                            var next = current
                            next.tags.append(Tag(key: "t\(current.version)", value: ""))
                            return next
                        }
                    }
                }
                try await group.waitForAll()
            }
            let stored = try #require(try await store.loadSnapshot().keys.first)
            #expect(stored.version == 21)
            #expect(stored.tags.count == 2 + 20)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func changeKeysWritesSeveralKeysInOneTransaction(kind: StoreKind) async throws {
        try await with(kind) { store in
            let primary = Records.key("mrk-1")
            try await store.insertKey(primary, materials: [Records.material("m1")])
            var newReplica = Records.key("mrk-1", region: "eu-west-1")
            newReplica.multiRegionType = .replica
            let replica = newReplica
            let written = try await store.changeKeys([Records.address(primary), Records.address(replica)]) { rows throws(KMSError) in
                #expect(rows[0] != nil && rows[1] == nil)
                var next = rows[0]!
                next.currentMaterialId = "m2"
                next.materialVersions.append(MaterialVersion(materialId: "m2", createdAt: Date(timeIntervalSince1970: 2)))
                return [
                    KeyWrite(record: next, addedMaterials: [Records.material("m2")], removedMaterials: ["m1"]),
                    KeyWrite(record: replica, addedMaterials: [Records.material("m2")]),
                ]
            }
            #expect(written.map(\.version) == [2, 1])
            let snapshot = try await store.loadSnapshot()
            #expect(snapshot.keys.count == 2)
            #expect(snapshot.materials[Records.address(primary)]?.map(\.materialId) == ["m2"])
            #expect(snapshot.materials[Records.address(replica)]?.map(\.materialId) == ["m2"])

            // A check that fails leaves every key as it was.
            do {
                _ = try await store.changeKeys([Records.address(primary)]) { rows throws(KMSError) in
                    throw KMSError("ConflictException", "stop")
                }
                Issue.record("changeKeys did not throw")
            } catch let error as KMSError {
                #expect(error.type == "ConflictException")
            }
            #expect(try await store.loadSnapshot().keys.map(\.version).sorted() == [1, 2])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func deleteKeyTakesEverythingOfTheKey(kind: StoreKind) async throws {
        try await with(kind) { store in
            let key = Records.key(Records.k1), other = Records.key(Records.k2)
            try await store.insertKey(key, materials: [Records.material("m1")])
            try await store.insertKey(other, materials: [Records.material("m1")])
            for name in ["alias/b", "alias/a"] {
                try await store.insertAlias(AliasRecord(account: key.account, region: key.region, name: name, targetKeyId: Records.k1,
                                                        creationDate: Date(), lastUpdatedDate: Date())) { _ throws(KMSError) in }
            }
            _ = try await store.insertGrant(Records.grant("g1", keyId: Records.k1)) { _, _ throws(KMSError) in nil }
            try await store.recordLastUses([KeyLastUse(keyArn: key.arn, operation: "Encrypt", time: Date(), eventId: "e", requestId: "r")])
            // Only a key still pending deletion and due goes.
            #expect(try await store.deleteKey(Records.address(key), dueBefore: Date(timeIntervalSince1970: 200)) == nil)
            _ = try await store.updateKey(Records.address(key)) { current throws(KMSError) in
                var next = current
                next.state = .pendingDeletion
                next.deletionDate = Date(timeIntervalSince1970: 100)
                return next
            }
            #expect(try await store.deleteKey(Records.address(key), dueBefore: Date(timeIntervalSince1970: 99)) == nil)
            #expect(try await store.deleteKey(Records.address(key), dueBefore: Date(timeIntervalSince1970: 200))?.sorted() == ["alias/a", "alias/b"])
            #expect(try await store.deleteKey(Records.address(key), dueBefore: Date(timeIntervalSince1970: 200)) == nil)
            let snapshot = try await store.loadSnapshot()
            #expect(snapshot.keys.map(\.keyId) == [Records.k2])
            #expect(snapshot.materials[Records.address(key)] == nil)
            #expect(snapshot.aliases.isEmpty && snapshot.grants.isEmpty && snapshot.lastUses.isEmpty)
            // A last use of a key that no longer exists is dropped, not stored.
            try await store.recordLastUses([KeyLastUse(keyArn: key.arn, operation: "Decrypt", time: Date(), eventId: "e", requestId: "r")])
            #expect(try await store.loadSnapshot().lastUses.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func dueQueriesFindWhatIsDue(kind: StoreKind) async throws {
        try await with(kind) { store in
            var deleting = Records.key("del", state: .pendingDeletion)
            deleting.deletionDate = Date(timeIntervalSince1970: 100)
            var rotating = Records.key("rot")
            rotating.rotationPeriodInDays = 90
            rotating.nextRotationDate = Date(timeIntervalSince1970: 100)
            var expiring = Records.key("exp")
            expiring.materialVersions[0].imported = ImportedMaterial(description: nil, present: true, expirationModel: .expires, validTo: Date(timeIntervalSince1970: 100))
            let creating = Records.key("new", state: .creating)
            for key in [deleting, rotating, expiring, creating, Records.key("idle")] {
                try await store.insertKey(key, materials: [])
            }
            let at = Date(timeIntervalSince1970: 101), before = Date(timeIntervalSince1970: 99)
            #expect(try await store.keysDueForDeletion(before: at).map(\.keyId) == ["del"])
            #expect(try await store.keysDueForDeletion(before: before).isEmpty)
            #expect(try await store.keysDueForRotation(before: at).map(\.keyId) == ["rot"])
            #expect(try await store.keysWithMaterialExpiring(before: at).map(\.keyId) == ["exp"])
            #expect(try await store.keysWithMaterialExpiring(before: before).isEmpty)
            #expect(try await store.keys(inStates: [.creating, .updating]).map(\.keyId) == ["new"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aliasNamesAreUniqueEvenUnderRacingCreators(kind: StoreKind) async throws {
        try await with(kind) { store in
            try await store.insertKey(Records.key("k1"), materials: [])
            let results = await withTaskGroup(of: String.self) { group in
                for _ in 0 ..< 8 {
                    group.addTask {
                        do {
                            try await store.insertAlias(AliasRecord(account: "111122223333", region: "us-east-1", name: "alias/race",
                                                                    targetKeyId: "k1", creationDate: Date(), lastUpdatedDate: Date())) { _ throws(KMSError) in }
                            return "won"
                        } catch let error as StoreError where error.isDuplicate {
                            return "duplicate"
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.sorted() == ["duplicate", "duplicate", "duplicate", "duplicate", "duplicate", "duplicate", "duplicate", "won"])
            let moved = try await store.updateAlias(account: "111122223333", region: "us-east-1", name: "alias/race", newTarget: "k2", at: Date()) { current, new throws(KMSError) in
                #expect(current?.keyId == "k1" && new == nil)
            }
            #expect(moved?.targetKeyId == "k2")
            #expect(try await store.deleteAlias(account: "111122223333", region: "us-east-1", name: "alias/race")?.name == "alias/race")
            #expect(try await store.deleteAlias(account: "111122223333", region: "us-east-1", name: "alias/race") == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func grantChecksSeeTheKeysGrants(kind: StoreKind) async throws {
        try await with(kind) { store in
            try await store.insertKey(Records.key("k1"), materials: [])
            let first = try await store.insertGrant(Records.grant("g1", keyId: "k1")) { key, existing throws(KMSError) in
                #expect(key?.keyId == "k1" && existing.isEmpty)
                return nil
            }
            let reused = try await store.insertGrant(Records.grant("g2", keyId: "k1")) { _, existing throws(KMSError) in
                existing.first
            }
            #expect(reused == first)
            #expect(try await store.loadSnapshot().grants.map(\.grantId) == ["g1"])
            #expect(try await store.deleteGrant(id: "g1") == first)
            #expect(try await store.deleteGrant(id: "g1") == nil)
        }
    }
}
