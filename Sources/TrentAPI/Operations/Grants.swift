import Foundation
import TrentCrypto
import TrentDomain
import TrentPolicy

/// CreateGrant, ListGrants, ListRetirableGrants, RetireGrant and RevokeGrant (Developer Guide,
/// "Grants in AWS KMS"; spec authorization.md §7).
extension KMSService {
    /// AWS's quota of grants per KMS key.
    static let maxGrantsPerKey = 50_000

    func createGrant(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let keyText = p.string("KeyId") ?? ""
        if keyText.hasPrefix("alias/") || (keyText.hasPrefix("arn:") && keyText.contains(":alias/")) {
            throw KMSError.invalidArn("Key Aliases are not supported for this operation.")
        }
        let live = try resolver.resolve(keyText, accepting: .keyOnly, context: c)
        let record = live.record
        try KeyStateTable.check(.createGrant, state: record.state, keyArn: record.arn)
        let operations = p.stringList("Operations") ?? []
        try GrantRules.checkOperations(operations, for: record)
        let constraints = try GrantRules.constraints(p, for: record)
        let directory = identities.current
        let grantee = p.string("GranteePrincipal") ?? ""
        try GrantRules.checkPrincipal(grantee, directory)
        let retiring = p.string("RetiringPrincipal")
        if let retiring { try GrantRules.checkPrincipal(retiring, directory) }
        // CreateGrant allowed only through a grant delegates no more than that grant gives.
        if !authorizer.policiesAllow(KMSAction(.createGrant), key: live, c),
           let parent = grants.allowing(KMSAction(.createGrant), key: record, c, conditions: authorizer.conditions(KMSAction(.createGrant), record, c)) {
            guard Set(operations).isSubset(of: Set(parent.operations)), parent.constraints?.admits(child: constraints) ?? true else {
                throw KMSError("AccessDeniedException", "User: \(c.principalArn) is not authorized to perform: kms:CreateGrant on resource: \(record.arn) because the grant that allows it does not allow these operations or constraints")
            }
        }
        try checkDryRun(p)
        let grant = GrantRecord(
            grantId: SecureRandom.hex(32), account: record.account, region: record.region, keyId: record.keyId,
            name: p.string("Name") ?? "", granteePrincipal: grantee, retiringPrincipal: retiring, operations: operations,
            constraints: constraints, issuingAccount: c.account, creationDate: c.now
        )
        let stored = try await store.insertGrant(grant) { key, existing throws(KMSError) in
            guard let key else { throw KeyResolver.keyNotFound(record.arn) }
            try KeyStateTable.check(.createGrant, state: key.state, keyArn: key.arn)
            // A named CreateGrant that matches an existing grant is a retry: same grant, new token.
            if !grant.name.isEmpty, let same = existing.first(where: { GrantRules.isRetry(of: $0, grant) }) { return same }
            if existing.count >= Self.maxGrantsPerKey {
                throw KMSError("LimitExceededException", "The request would exceed the limit of \(Self.maxGrantsPerKey) grants for the KMS key \(key.arn).")
            }
            return nil
        }
        grants.add(stored)
        return Wire.object([("GrantToken", .string(GrantToken.make(grantId: stored.grantId))), ("GrantId", .string(stored.grantId))])
    }

    func listGrants(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOnly, context: c)
        var list = grants.grants(of: live.address)
        if let id = p.string("GrantId") { list = list.filter { $0.grantId == id } }
        if let grantee = p.string("GranteePrincipal") { list = list.filter { $0.granteePrincipal == grantee } }
        return try page(list, p)
    }

    func listRetirableGrants(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let retiring = p.string("RetiringPrincipal") ?? ""
        return try page(grants.all { $0.retiringPrincipal == retiring }, p)
    }

    func retireGrant(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let grant: GrantRecord
        if let token = p.string("GrantToken") {
            let id = try GrantToken.grantId(token)
            guard let found = grants.all(where: { $0.grantId == id }).first else { throw GrantRules.notFound(id) }
            if p.string("KeyId") != nil || p.string("GrantId") != nil {
                guard p.string("GrantId") ?? id == id else { throw GrantToken.invalid }
            }
            grant = found
        } else if let keyText = p.string("KeyId"), let id = p.string("GrantId") {
            try GrantRules.checkGrantId(id)
            let live = try resolver.locateForGrantRules(keyText, context: c)
            guard let found = grants.grant(id: id, key: live.address) else { throw GrantRules.notFound(id) }
            grant = found
        } else {
            throw KMSError.validation("Grant token OR (grant ID, key ID) must be specified")
        }
        c.resources.add(grant.keyArn)
        try authorizer.authorizeRetire(grant, c)
        try checkDryRun(p)
        if let removed = try await store.deleteGrant(id: grant.grantId) { grants.remove(removed) }
        return Wire.object([])
    }

    func revokeGrant(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let id = p.string("GrantId") ?? ""
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOnly, context: c)
        try GrantRules.checkGrantId(id)
        guard let grant = grants.grant(id: id, key: live.address) else { throw GrantRules.notFound(id) }
        try checkDryRun(p)
        if let removed = try await store.deleteGrant(id: grant.grantId) { grants.remove(removed) }
        return Wire.object([])
    }

    private func page(_ list: [GrantRecord], _ p: JSONObject) throws(KMSError) -> JSONValue {
        let sorted = list.sorted { ($0.creationDate, $0.grantId) < ($1.creationDate, $1.grantId) }
        // Markers order by position in creation order; the grant id breaks ties.
        let keyed = sorted.enumerated().map { (String(format: "%012d", $0.offset), $0.element) }
        let page = try Pagination.page(keyed, sortKey: \.0, limit: p.int("Limit"), defaultLimit: 50, marker: p.string("Marker"))
        return page.render(listName: "Grants", entries: page.items.map { GrantRules.entry($0.1) })
    }
}

/// What AWS accepts in a grant, and how it lists one.
enum GrantRules {
    static func checkOperations(_ operations: [String], for key: KeyRecord) throws(KMSError) {
        if operations == ["CreateGrant"] || (!operations.isEmpty && operations.allSatisfy { $0 == "CreateGrant" }) {
            throw KMSError.validation("Grants must not contain only the CreateGrant operation.")
        }
        let allowed = allowedOperations(key)
        let refused = operations.filter { !allowed.contains($0) }
        if !refused.isEmpty {
            throw KMSError.validation("The operations \(refused.joined(separator: ", ")) are not supported for a grant on a KMS key with key spec \(key.keySpec.rawValue) and key usage \(key.keyUsage.rawValue).")
        }
    }

    /// The grant operations each kind of key supports (Developer Guide, "Grant operations").
    static func allowedOperations(_ key: KeyRecord) -> Set<String> {
        let always: Set<String> = ["DescribeKey", "CreateGrant", "RetireGrant"]
        switch (key.keySpec, key.keyUsage) {
        case (.symmetricDefault, _):
            return always.union(["Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair",
                                 "GenerateDataKeyPairWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo"])
        case (_, .generateVerifyMac): return always.union(["GenerateMac", "VerifyMac"])
        case (_, .encryptDecrypt): return always.union(["Decrypt", "Encrypt", "ReEncryptFrom", "ReEncryptTo", "GetPublicKey"])
        case (_, .signVerify): return always.union(["Sign", "Verify", "GetPublicKey"])
        case (_, .keyAgreement): return always.union(["DeriveSharedSecret", "GetPublicKey"])
        }
    }

    static func constraints(_ p: JSONObject, for key: KeyRecord) throws(KMSError) -> GrantConstraints? {
        guard case .object(let given)? = p["Constraints"] else { return nil }
        let equals = given.stringMap("EncryptionContextEquals"), subset = given.stringMap("EncryptionContextSubset")
        guard equals != nil || subset != nil else { return nil }
        guard key.keySpec == .symmetricDefault else {
            throw KMSError.validation("EncryptionContext is supported only when creating a grant for a symmetric encryption KMS key.")
        }
        for map in [equals, subset].compactMap({ $0 }) {
            if map.count > 8 { throw KMSError.validation("A grant constraint can have at most 8 encryption context pairs.") }
            if map.values.contains(where: { $0.count > 384 }) {
                throw KMSError.validation("Each encryption context value in a grant constraint can be at most 384 characters.")
            }
        }
        return GrantConstraints(equals: equals, subset: subset)
    }

    /// Grantees and retiring principals: an account, IAM user or role, or a role session,
    /// existing among Trent's identities (accounts always exist).
    static func checkPrincipal(_ arn: String, _ directory: IdentityDirectory) throws(KMSError) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let wellFormed = parts.count == 6 && parts[0] == "arn" && parts[1].hasPrefix("aws") && parts[3].isEmpty
            && IdentityRules.isValidAccountId(String(parts[4]))
            && ((parts[2] == "iam" && (parts[5] == "root" || parts[5].hasPrefix("user/") || parts[5].hasPrefix("role/")))
                || (parts[2] == "sts" && parts[5].hasPrefix("assumed-role/")))
        guard wellFormed, directory.principalExists(arn) else {
            throw KMSError.invalidArn("The principal \(arn) is not a valid principal for a grant.")
        }
    }

    static func checkGrantId(_ id: String) throws(KMSError) {
        guard id.utf8.count == 64, id.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
            throw KMSError("InvalidGrantIdException", "Invalid grant ID: \(id)")
        }
    }

    static func notFound(_ id: String) -> KMSError {
        KMSError.notFound("Grant ID \(id) not found")
    }

    /// Same name, key, grantee, retiring principal, operations and constraint.
    static func isRetry(of existing: GrantRecord, _ new: GrantRecord) -> Bool {
        existing.name == new.name && existing.granteePrincipal == new.granteePrincipal
            && existing.retiringPrincipal == new.retiringPrincipal && Set(existing.operations) == Set(new.operations)
            && existing.constraints == new.constraints
    }

    static func entry(_ grant: GrantRecord) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("KeyId", .string(grant.keyArn)),
            ("GrantId", .string(grant.grantId)),
            ("Name", .string(grant.name)),
            ("CreationDate", Wire.date(grant.creationDate)),
            ("GranteePrincipal", .string(grant.granteePrincipal)),
        ]
        if let retiring = grant.retiringPrincipal { fields.append(("RetiringPrincipal", .string(retiring))) }
        fields.append(("IssuingAccount", .string("arn:aws:iam::\(grant.issuingAccount):root")))
        fields.append(("Operations", .array(grant.operations.map { .string($0) })))
        if let constraints = grant.constraints {
            var members: [(String, JSONValue)] = []
            if let equals = constraints.equals { members.append(("EncryptionContextEquals", stringMap(equals))) }
            if let subset = constraints.subset { members.append(("EncryptionContextSubset", stringMap(subset))) }
            fields.append(("Constraints", Wire.object(members)))
        }
        return Wire.object(fields)
    }

    static func stringMap(_ map: [String: String]) -> JSONValue {
        Wire.object(map.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
    }
}
