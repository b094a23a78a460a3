import Crypto
import Foundation
import TrentCrypto
import TrentDomain
import TrentStorage

extension KMSService {
    static let maxOnDemandRotations = 25
    static let defaultRotationPeriod = 365

    static func rotationUnsupported() -> KMSError {
        .unsupported("You cannot perform this operation on a non-symmetric key or a key with non-ENCRYPT_DECRYPT key usage.")
    }

    /// The rotation rules every rotation operation shares, after the key-state table:
    /// symmetric encryption keys only, generated material for automatic rotation, and
    /// changes made on a multi-Region set's primary.
    static func checkRotatable(_ record: KeyRecord, automatic: Bool, changing: Bool) throws(KMSError) {
        guard record.keySpec == .symmetricDefault, record.keyUsage == .encryptDecrypt else { throw rotationUnsupported() }
        if automatic, record.origin != .awsKMS {
            throw .unsupported("\(record.arn) origin is \(record.origin.rawValue) which is not valid for this operation.")
        }
        if changing, record.multiRegionType == .replica {
            throw .unsupported("\(record.arn) is a multi-Region replica key. Rotation can only be changed on the primary key.")
        }
    }

    func enableKeyRotation(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let period = p.int("RotationPeriodInDays") ?? Self.defaultRotationPeriod
        try await changeRotation(p, c, operation: .enableKeyRotation) { record in
            if let old = record.rotationPeriodInDays, let next = record.nextRotationDate {
                // A new period keeps the schedule's anchor (the last rotation or the enable date).
                record.nextRotationDate = next.addingTimeInterval(TimeInterval(period - old) * 86_400)
            } else {
                record.nextRotationDate = c.now.addingTimeInterval(TimeInterval(period) * 86_400)
            }
            record.rotationPeriodInDays = period
        }
        return Wire.object([])
    }

    func disableKeyRotation(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        try await changeRotation(p, c, operation: .disableKeyRotation) { record in
            record.rotationPeriodInDays = nil
            record.nextRotationDate = nil
        }
        return Wire.object([])
    }

    /// Applies a rotation setting to a key and, for a multi-Region primary, to every replica:
    /// the setting is shared by the set.
    private func changeRotation(
        _ p: JSONObject, _ c: RequestContext, operation: KMSOperation,
        _ change: @escaping @Sendable (inout KeyRecord) -> Void
    ) async throws {
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOnly, context: c)
        let checks: @Sendable (KeyRecord) throws(KMSError) -> Void = { record throws(KMSError) in
            try KeyStateTable.check(operation, state: record.state, keyArn: record.arn)
            try Self.checkRotatable(record, automatic: true, changing: true)
        }
        try checks(live.record)
        try await serialisingSet(of: live.record) {
            try await self.applyRotationSetting(live, checks: checks, change)
        }
    }

    private func applyRotationSetting(
        _ live: LiveKey, checks: @escaping @Sendable (KeyRecord) throws(KMSError) -> Void,
        _ change: @escaping @Sendable (inout KeyRecord) -> Void
    ) async throws {
        let addresses = [live.address] + replicaAddresses(of: live.record)
        try await commitKeys(addresses) { rows throws(KMSError) in
            guard let primary = rows.first ?? nil else { throw KeyResolver.keyNotFound(live.record.arn) }
            try checks(primary)
            var updated = primary
            change(&updated)
            return rows.compactMap { $0 }.map { row in
                var record = row
                record.rotationPeriodInDays = updated.rotationPeriodInDays
                record.nextRotationDate = row.multiRegionType == .replica ? nil : updated.nextRotationDate
                return KeyWrite(record: record)
            }
        }
    }

    func getKeyRotationStatus(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let live = try keyOnlyKey(p, c)
        let record = live.record
        // A disabled key or one pending deletion reads as not rotating; the setting comes
        // back with the key.
        let period = record.supportsAutomaticRotation && record.state != .disabled
            && record.state != .pendingDeletion && record.state != .pendingReplicaDeletion ? record.rotationPeriodInDays : nil
        var fields: [(String, JSONValue)] = [("KeyRotationEnabled", .bool(period != nil)), ("KeyId", .string(record.arn))]
        if let period {
            fields.append(("RotationPeriodInDays", Wire.int(period)))
            let next = primaryRecord(of: record)?.nextRotationDate ?? record.nextRotationDate
            if let next { fields.append(("NextRotationDate", Wire.date(next))) }
        }
        return Wire.object(fields)
    }

    func rotateKeyOnDemand(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let live = try keyOnlyKey(p, c)
        try Self.checkRotatable(live.record, automatic: false, changing: true)
        try await rotate(live, type: .onDemand, at: c.now)
        return Wire.object([("KeyId", .string(live.record.arn))])
    }

    /// Makes new material current on a key and every replica of it, in one transaction:
    /// generated material for an AWS_KMS key, the imported version waiting for rotation for
    /// an EXTERNAL one. Every earlier version stays, so old ciphertexts still decrypt.
    @discardableResult
    func rotate(_ live: LiveKey, type: RotationType, at now: Date, due: Date? = nil) async throws -> Bool {
        try await serialisingSet(of: live.record) {
            // The key as it is once the set is ours: a replica made meanwhile is listed.
            try await self.rotateLocked(self.keys[live.address] ?? live, type: type, at: now, due: due)
        }
    }

    private func rotateLocked(_ live: LiveKey, type: RotationType, at now: Date, due: Date?) async throws -> Bool {
        let record = live.record
        let replicas = replicaAddresses(of: record)
        var opened: [String: KeyMaterial] = [:]
        var sealed: [KeyAddress: SealedMaterial] = [:]
        var newId: String?
        if record.origin == .awsKMS {
            let id = MaterialVault.newMaterialId()
            let material = KeyMaterial.aes(SymmetricKey(size: .bits256))
            opened[id] = material
            for address in [live.address] + replicas {
                let arn = KeyIdentifiers.keyArn(region: address.region, account: address.account, keyId: address.keyId)
                sealed[address] = try vault.seal(material, keyArn: arn, materialId: id, at: now)
            }
            newId = id
        }
        let automatic = type == .automatic
        let generatedId = newId, sealedByAddress = sealed
        let written = try await commitKeys([live.address] + replicas, opened: opened) { rows throws(KMSError) in
            guard let current = rows.first ?? nil else { throw KeyResolver.keyNotFound(record.arn) }
            if automatic {
                // The due date seen when the scheduler chose the key must still be the
                // committed one: otherwise another pass (or node) rotated it already.
                // Compared to the millisecond: a date read back from the store's REAL column
                // may differ from the one computed in memory in the last bits.
                guard current.state == .enabled, let next = current.nextRotationDate, let due,
                      abs(next.timeIntervalSince(due)) < 0.001, next <= now
                else { return [] }
            } else {
                try KeyStateTable.check(.rotateKeyOnDemand, state: current.state, keyArn: current.arn)
                guard current.onDemandRotationCount < Self.maxOnDemandRotations else {
                    throw KMSError("LimitExceededException", "\(current.arn) has reached the maximum number of on-demand rotations.")
                }
            }
            let materialId: String
            if let generatedId {
                materialId = generatedId
            } else {
                guard let pending = current.materialVersions.first(where: { $0.pendingRotation && $0.hasMaterial }) else {
                    throw KMSError.unsupported("\(current.arn) has no imported key material pending rotation. Import new key material before rotating.")
                }
                materialId = pending.materialId
                let replicasReady = rows.dropFirst().allSatisfy { $0?.version(materialId)?.hasMaterial == true }
                guard replicasReady else {
                    throw KMSError.invalidState("\(current.arn) has replica keys that do not have the key material pending rotation.")
                }
            }
            return rows.compactMap { $0 }.map { row in
                var next = row
                let address = KeyAddress(account: row.account, region: row.region, keyId: row.keyId)
                if let index = next.materialVersions.firstIndex(where: { $0.materialId == materialId }) {
                    next.materialVersions[index].pendingRotation = false
                    next.materialVersions[index].rotationDate = now
                    next.materialVersions[index].rotationType = type
                } else {
                    next.materialVersions.append(MaterialVersion(materialId: materialId, createdAt: now, rotationDate: now, rotationType: type))
                }
                next.currentMaterialId = materialId
                if automatic, row.multiRegionType != .replica, let period = row.rotationPeriodInDays, let due {
                    let following = due.addingTimeInterval(TimeInterval(period) * 86_400)
                    next.nextRotationDate = following > now ? following : now.addingTimeInterval(TimeInterval(period) * 86_400)
                }
                return KeyWrite(record: next, addedMaterials: sealedByAddress[address].map { [$0] } ?? [])
            }
        }
        guard !written.isEmpty else { return false }
        events.record(ServiceEvent(name: "RotateKey", keyArn: record.arn, account: record.account, region: record.region, time: now))
        return true
    }

    func listKeyRotations(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let live = try keyOnlyKey(p, c)
        let record = live.record
        guard record.supportsOnDemandRotation else { throw Self.rotationUnsupported() }
        let all = p.string("IncludeKeyMaterial") == "ALL_KEY_MATERIAL"
        let versions = record.materialVersions.enumerated().filter { all || $0.element.rotationType != nil }
        let page = try Pagination.page(
            versions, sortKey: { String(format: "%06d", $0.offset) }, limit: p.int("Limit"), defaultLimit: 100, marker: p.string("Marker")
        )
        let entries = page.items.map { rotationEntry($0.element, of: record) }
        return page.render(listName: "Rotations", entries: entries)
    }

    private func rotationEntry(_ version: MaterialVersion, of record: KeyRecord) -> JSONValue {
        var fields: [(String, JSONValue)] = [("KeyId", .string(record.keyId)), ("KeyMaterialId", .string(version.materialId))]
        if let description = version.imported?.description { fields.append(("KeyMaterialDescription", .string(description))) }
        if let imported = version.imported { fields.append(("ImportState", .string(imported.present ? "IMPORTED" : "PENDING_IMPORT"))) }
        fields.append(("KeyMaterialState", .string(materialState(version, of: record))))
        if let imported = version.imported, imported.present, let model = imported.expirationModel {
            fields.append(("ExpirationModel", .string(model.rawValue)))
            if let validTo = imported.validTo { fields.append(("ValidTo", Wire.date(validTo))) }
        }
        if let date = version.rotationDate { fields.append(("RotationDate", Wire.date(date))) }
        if let type = version.rotationType { fields.append(("RotationType", .string(type.rawValue))) }
        return Wire.object(fields)
    }

    private func materialState(_ version: MaterialVersion, of record: KeyRecord) -> String {
        if version.materialId == record.currentMaterialId { return "CURRENT" }
        guard version.pendingRotation else { return "NON_CURRENT" }
        if record.multiRegionType == .primary {
            let replicasReady = keys.multiRegionSet(account: record.account, keyId: record.keyId)
                .filter { $0.record.multiRegionType == .replica }
                .allSatisfy { $0.record.version(version.materialId)?.hasMaterial == true }
            if !replicasReady { return "PENDING_MULTI_REGION_IMPORT_AND_ROTATION" }
        }
        return "PENDING_ROTATION"
    }

    /// The replicas of a multi-Region primary (none for any other key).
    func replicaAddresses(of record: KeyRecord) -> [KeyAddress] {
        guard record.multiRegionType == .primary else { return [] }
        return keys.multiRegionSet(account: record.account, keyId: record.keyId)
            .filter { $0.record.multiRegionType == .replica }.map(\.address)
    }

    func primaryRecord(of record: KeyRecord) -> KeyRecord? {
        guard record.multiRegionType == .replica else { return nil }
        return keys.multiRegionSet(account: record.account, keyId: record.keyId).first { $0.record.multiRegionType == .primary }?.record
    }
}
