import Foundation
import TrentDomain
import TrentPolicy
import TrentStorage

extension KMSService {
    func describeKey(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOrAlias, context: c)
        try KeyStateTable.check(.describeKey, state: live.record.state, keyArn: live.record.arn)
        return Wire.object([("KeyMetadata", renderMetadata(live.record))])
    }

    func listKeys(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let all = keys.keys(account: c.account, region: c.region).map(\.record).sorted { $0.keyId < $1.keyId }
        let page = try Pagination.page(all, sortKey: \.keyId, limit: p.int("Limit"), defaultLimit: 100, marker: p.string("Marker"))
        let entries: [JSONValue] = page.items.map { key in
            Wire.object([("KeyId", .string(key.keyId)), ("KeyArn", .string(key.arn))])
        }
        return page.render(listName: "Keys", entries: entries)
    }

    func enableKey(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        try await changeState(p, c, operation: .enableKey) { record in
            if record.state == .disabled { record.state = .enabled }
        }
        return Wire.object([])
    }

    func disableKey(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        try await changeState(p, c, operation: .disableKey) { record in
            if record.state == .enabled { record.state = .disabled }
        }
        return Wire.object([])
    }

    func updateKeyDescription(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let description = p.string("Description") ?? ""
        try await changeState(p, c, operation: .updateKeyDescription) { record in
            record.description = description
        }
        return Wire.object([])
    }

    func scheduleKeyDeletion(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let days = p.int("PendingWindowInDays") ?? 30
        let deletionDate = c.now.addingTimeInterval(TimeInterval(days) * 86_400)
        // A primary with replicas waits for them (PendingReplicaDeletion, no date yet).
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOnly, context: c)
        // Decided with the set locked, so a replica made or deleted meanwhile is counted.
        let updated = try await serialisingSet(of: live.record) {
            let hasReplicas = !self.replicaAddresses(of: live.record).isEmpty
            return try await self.changeState(live, operation: .scheduleKeyDeletion) { record in
                record.state = hasReplicas ? .pendingReplicaDeletion : .pendingDeletion
                record.deletionDate = hasReplicas ? nil : deletionDate
                record.pendingWindowInDays = days
            }
        }
        var fields: [(String, JSONValue)] = [("KeyId", .string(updated.arn))]
        if let date = updated.deletionDate { fields.append(("DeletionDate", Wire.date(date))) }
        fields.append(("KeyState", .string(updated.state.rawValue)))
        fields.append(("PendingWindowInDays", Wire.int(updated.pendingWindowInDays ?? days)))
        return Wire.object(fields)
    }

    func cancelKeyDeletion(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let updated = try await changeState(p, c, operation: .cancelKeyDeletion) { record in
            // A key without its current material (imported and deleted or expired) goes back
            // to waiting for it, not to Disabled, from which EnableKey would make it usable.
            let hasMaterial = record.currentVersion?.hasMaterial ?? false
            record.state = hasMaterial ? .disabled : .pendingImport
            record.deletionDate = nil
            record.pendingWindowInDays = nil
        }
        return Wire.object([("KeyId", .string(updated.arn))])
    }

    /// The key a key-only `KeyId` names (key id or ARN, no alias), authorised for the request's
    /// operation and past the key-state table's row for it.
    func keyOnlyKey(_ p: JSONObject, _ c: RequestContext) throws(KMSError) -> LiveKey {
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOnly, context: c)
        try KeyStateTable.check(c.operation, state: live.record.state, keyArn: live.record.arn)
        return live
    }

    /// Resolves a key-only KeyId, then applies `change` in one transaction after checking the
    /// key-state table against the committed row (not the cached one), so two racing
    /// requests cannot both pass a check that only one of them should.
    @discardableResult
    func changeState(
        _ p: JSONObject, _ c: RequestContext, operation: KMSOperation, policy: CompiledPolicy? = nil,
        _ change: @escaping @Sendable (inout KeyRecord) throws(KMSError) -> Void
    ) async throws -> KeyRecord {
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOnly, context: c)
        return try await changeState(live, operation: operation, policy: policy, change)
    }

    @discardableResult
    func changeState(
        _ live: LiveKey, operation: KMSOperation, policy: CompiledPolicy? = nil,
        _ change: @escaping @Sendable (inout KeyRecord) throws(KMSError) -> Void
    ) async throws -> KeyRecord {
        try KeyStateTable.check(operation, state: live.record.state, keyArn: live.record.arn)
        return try await mutateKey(live, policy: policy) { current throws(KMSError) in
            try KeyStateTable.check(operation, state: current.state, keyArn: current.arn)
            var next = current
            try change(&next)
            return next
        }
    }
}
