import TrentDomain
import TrentPolicy
import TrentStorage

/// Every grant, by key: immutable arrays in a sharded map, replaced whole on each change, so
/// the hot path reads a key's grants with one shard lookup. A grant works as soon as
/// CreateGrant returns (AWS's eventual consistency is not reproduced: clients cannot tell).
final class GrantCache: Sendable {
    private let map = ShardedMap<KeyAddress, [GrantRecord]>()

    func load(_ grants: [GrantRecord]) {
        var byKey: [KeyAddress: [GrantRecord]] = [:]
        for grant in grants { byKey[Self.address(grant), default: []].append(grant) }
        for (address, list) in byKey { map.set(address, list) }
    }

    func grants(of key: KeyAddress) -> [GrantRecord] { map[key] ?? [] }

    func all(where include: (GrantRecord) -> Bool) -> [GrantRecord] {
        map.values { _ in true }.flatMap { $0.filter(include) }
    }

    func grant(id: String, key: KeyAddress) -> GrantRecord? {
        grants(of: key).first { $0.grantId == id }
    }

    func add(_ grant: GrantRecord) {
        map.update(Self.address(grant)) { list in
            var next = list ?? []
            if !next.contains(where: { $0.grantId == grant.grantId }) { next.append(grant) }
            list = next
        }
    }

    func remove(_ grant: GrantRecord) {
        map.update(Self.address(grant)) { list in
            let next = (list ?? []).filter { $0.grantId != grant.grantId }
            list = next.isEmpty ? nil : next
        }
    }

    func removeAll(of key: KeyAddress) { map.set(key, nil) }

    /// A grant on `key` that lets the caller perform `action` on this request, if any:
    /// the grantee is the caller (its user or session ARN, its role for a session, or its
    /// account), the action is among the grant's operations, and the request's encryption
    /// context meets the grant's constraint.
    func allowing(_ action: KMSAction, key: KeyRecord, _ c: RequestContext, conditions: KMSConditionContext) -> GrantRecord? {
        guard let operation = action.grantOperation,
              let list = map[KeyAddress(account: key.account, region: key.region, keyId: key.keyId)]
        else { return nil }
        for grant in list where grant.operations.contains(operation) && Self.isGrantee(grant.granteePrincipal, c.principal) {
            if let constraints = grant.constraints, !Self.withoutContext.contains(operation),
               !constraints.allows(conditions.encryptionContextForGrants ?? [:]) {
                continue
            }
            return grant
        }
        return nil
    }

    static func isGrantee(_ grantee: String, _ principal: Principal) -> Bool {
        grantee == principal.arn || grantee == principal.roleArn
            || (grantee.hasSuffix(":root") && grantee == principal.accountRootArn)
    }

    /// Constraints apply only to operations that take an encryption context.
    static let withoutContext: Set<String> = [
        "DescribeKey", "RetireGrant", "CreateGrant", "GetPublicKey", "Sign", "Verify", "GenerateMac", "VerifyMac", "DeriveSharedSecret",
    ]

    static func address(_ grant: GrantRecord) -> KeyAddress {
        KeyAddress(account: grant.account, region: grant.region, keyId: grant.keyId)
    }
}
