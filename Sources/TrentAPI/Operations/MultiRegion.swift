import Foundation
import TrentDomain
import TrentPolicy
import TrentStorage

extension KMSService {
    static func notPrimary(_ record: KeyRecord) -> KMSError {
        record.multiRegion
            ? .unsupported("\(record.arn) is not a multi-Region primary key.")
            : .unsupported("\(record.arn) is not a multi-Region key.")
    }

    func replicateKey(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let live = try keyOnlyKey(p, c)
        let primary = live.record
        guard primary.multiRegionType == .primary else { throw Self.notPrimary(primary) }
        let region = p.string("ReplicaRegion") ?? ""
        guard options.regions.contains(region) else {
            throw KMSError.unsupported("The replica region \(region) is not a Region this KMS serves.")
        }
        guard region != primary.region else {
            throw KMSError.validation("The replica region must be different from the primary key's region \(primary.region).")
        }
        let replicaAddress = KeyAddress(account: primary.account, region: region, keyId: primary.keyId)
        let replicaArn = KeyIdentifiers.keyArn(region: region, account: primary.account, keyId: primary.keyId)
        if keys[replicaAddress] != nil { throw Self.replicaExists(replicaArn) }
        try checkKeyQuota(account: primary.account, region: region)
        // The replica is a new key in its Region: creating (and tagging) it needs the
        // identity-policy permissions CreateKey needs there.
        let tags = try TagRules.validateNew(Wire.tags(p, "Tags") ?? [])
        let creation = Self.replicaCreationContext(c, region: region, primary: primary, tags: p["Tags"])
        try authorizer.authorizeAccountWide(KMSAction(.createKey), creation)
        if !tags.isEmpty { try authorizer.authorizeAccountWide(KMSAction(.tagResource), creation) }
        let policy = try newKeyPolicy(p, keyArn: replicaArn, account: primary.account, c).text
        let description = p.string("Description") ?? ""
        let replica = try await serialisingSet(of: primary) {
            try await self.createReplica(of: live.address, in: region, policy: policy, description: description, tags: tags, at: c.now)
        }
        finishTransitionsLater()
        return Wire.object([
            ("ReplicaKeyMetadata", renderMetadata(replica)),
            ("ReplicaPolicy", .string(policy)),
            ("ReplicaTags", .array(tags.map { Wire.object([("TagKey", .string($0.key)), ("TagValue", .string($0.value))]) })),
        ])
    }

    /// CreateKey as the replica's own Region sees it, for the identity-policy check AWS makes
    /// there: that Region's `aws:RequestedRegion`, the replica's spec, origin and tags.
    static func replicaCreationContext(_ c: RequestContext, region: String, primary: KeyRecord, tags: JSONValue?) -> RequestContext {
        var creation = RequestContext(
            requestId: c.requestId, eventId: c.eventId, caller: c.caller, region: region,
            sourceAddress: c.sourceAddress, secureTransport: c.secureTransport, now: c.now
        )
        creation.operation = .createKey
        var fields: [(String, JSONValue)] = [
            ("KeySpec", .string(primary.keySpec.rawValue)), ("KeyUsage", .string(primary.keyUsage.rawValue)),
            ("Origin", .string(primary.origin.rawValue)), ("MultiRegion", .bool(true)),
        ]
        if let tags { fields.append(("Tags", tags)) }
        if case .object(let object) = Wire.object(fields) { creation.parameters = object }
        return creation
    }

    /// Inserts the replica beside the primary as the cache holds it now (the set is locked,
    /// so no rotation can add a version the copy would miss).
    private func createReplica(
        of address: KeyAddress, in region: String, policy: String, description: String, tags: [Tag], at now: Date
    ) async throws -> KeyRecord {
        guard let live = keys[address] else { throw KeyResolver.keyNotFound(KeyIdentifiers.keyArn(region: address.region, account: address.account, keyId: address.keyId)) }
        let primary = live.record
        let replicaAddress = KeyAddress(account: primary.account, region: region, keyId: primary.keyId)
        let replicaArn = KeyIdentifiers.keyArn(region: region, account: primary.account, keyId: primary.keyId)
        // Generated material is shared: every version, sealed under the replica's own ARN.
        // Imported material is not copied (AWS): the replica waits for its own import.
        var opened: [String: KeyMaterial] = [:]
        var sealed: [SealedMaterial] = []
        if primary.origin == .awsKMS {
            for version in primary.materialVersions {
                guard let material = live.material(version.materialId) else { throw KMSError.internalFailure }
                opened[version.materialId] = material
                sealed.append(try vault.seal(material, keyArn: replicaArn, materialId: version.materialId, at: now))
            }
        }
        let sealedIds = Set(sealed.map(\.materialId))
        let sealedCopies = sealed
        let written = try await commitKeys([live.address, replicaAddress], opened: opened) { rows throws(KMSError) in
            guard let current = rows[0] else { throw KeyResolver.keyNotFound(primary.arn) }
            guard rows[1] == nil else { throw Self.replicaExists(replicaArn) }
            try KeyStateTable.check(.replicateKey, state: current.state, keyArn: current.arn)
            // The set lock keeps rotations out; a difference here is a bug, not a race.
            if current.origin == .awsKMS, Set(current.materialVersions.map(\.materialId)) != sealedIds {
                throw KMSError.internalFailure
            }
            let versions = current.materialVersions.map(Self.withoutMaterial)
            let replica = KeyRecord(
                account: current.account, region: region, keyId: current.keyId, creationDate: now, description: description,
                keySpec: current.keySpec, keyUsage: current.keyUsage, origin: current.origin, keyManager: current.keyManager,
                state: .creating, multiRegionType: .replica, deletionDate: nil, pendingWindowInDays: nil,
                currentMaterialId: current.currentMaterialId, materialVersions: versions,
                rotationPeriodInDays: current.rotationPeriodInDays, nextRotationDate: nil,
                policy: policy, tags: tags, version: 1
            )
            return [KeyWrite(record: replica, addedMaterials: sealedCopies)]
        }
        guard let replica = written.first else { throw KMSError.internalFailure }
        return replica
    }

    static func replicaExists(_ arn: String) -> KMSError {
        KMSError("AlreadyExistsException", "Key '\(arn)' already exists")
    }

    func updatePrimaryRegion(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let live = try keyOnlyKey(p, c)
        let primary = live.record
        guard primary.multiRegionType == .primary else { throw Self.notPrimary(primary) }
        let region = p.string("PrimaryRegion") ?? ""
        let target = KeyAddress(account: primary.account, region: region, keyId: primary.keyId)
        guard region != primary.region, let replica = keys[target], replica.record.multiRegionType == .replica else {
            throw KMSError.notFound("There is no multi-Region replica of \(primary.arn) in \(region).")
        }
        // Both keys must allow the change, and both must be Enabled when it starts.
        c.resources.add(replica.record.arn)
        try authorizer.authorize(KMSAction(.updatePrimaryRegion), key: replica, requestAlias: nil, c)
        try Self.requireEnabled(primary)
        try Self.requireEnabled(replica.record)
        try await serialisingSet(of: primary) {
            try await self.swapPrimary(live.address, target, primaryArn: primary.arn)
        }
        finishTransitionsLater()
        return Wire.object([])
    }

    private func swapPrimary(_ primary: KeyAddress, _ target: KeyAddress, primaryArn: String) async throws {
        try await commitKeys([primary, target]) { rows throws(KMSError) in
            guard let old = rows[0], let new = rows[1] else { throw KeyResolver.keyNotFound(primaryArn) }
            guard old.multiRegionType == .primary, new.multiRegionType == .replica else { throw Self.notPrimary(old) }
            try Self.requireEnabled(old)
            try Self.requireEnabled(new)
            var demoted = old, promoted = new
            demoted.multiRegionType = .replica
            promoted.multiRegionType = .primary
            demoted.state = .updating
            promoted.state = .updating
            // The rotation schedule belongs to the set and is kept by its primary.
            promoted.nextRotationDate = old.nextRotationDate
            demoted.nextRotationDate = nil
            return [KeyWrite(record: demoted), KeyWrite(record: promoted)]
        }
    }

    static func requireEnabled(_ record: KeyRecord) throws(KMSError) {
        if record.state == .enabled { return }
        if record.state == .disabled, let error = KeyStateTable.error(for: .disabled, state: record.state, keyArn: record.arn) { throw error }
        throw KMSError.invalidState("\(record.arn) is \(record.state == .updating ? "updating" : "not enabled").")
    }
}
