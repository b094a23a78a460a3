import TrentAuth
import TrentDomain
import TrentPolicy

/// The one place a request is allowed or refused: key policy, the caller's identity policies
/// and the key's grants, decided as AWS KMS decides (TrentPolicy.AccessDecision). The resolver
/// calls it for every key it hands out; operations without a key call `authorizeAccountWide`.
struct Authorizer: Sendable {
    let aliases: AliasCache
    let grants: GrantCache

    /// Allows `action` on `key` or throws AWS's AccessDeniedException.
    func authorize(
        _ action: KMSAction, key: LiveKey, requestAlias: String?, _ c: RequestContext,
        extra: [String: ConditionValues] = [:]
    ) throws(KMSError) {
        let record = key.record
        var conditions = self.conditions(action, record, c)
        conditions.requestAlias = requestAlias
        conditions.extra = extra
        func decide(grant: String?) -> AccessDecision.Outcome {
            Self.decide(action, on: record.arn, ownedBy: record.account, keyPolicy: key.policy, grant: grant, conditions, c)
        }
        // Grants are looked at only when the policies alone do not allow: the common case pays
        // for no grant lookup, and an explicit deny is never overturned by one (the decision
        // weighs denies first). A caller with no identity policy is most often a grantee, so
        // its grant is looked up first and the policies are read once.
        if c.caller.policies.isEmpty, let grant = grants.allowing(action, key: record, c, conditions: conditions) {
            return try settle(decide(grant: grant.grantId), action, record.arn, c)
        }
        var outcome = decide(grant: nil)
        if case .denied(let denial) = outcome, denial.reason != .explicitDenyIdentity, denial.reason != .explicitDenyResource,
           !c.caller.policies.isEmpty, let grant = grants.allowing(action, key: record, c, conditions: conditions) {
            outcome = decide(grant: grant.grantId)
        }
        try settle(outcome, action, record.arn, c)
    }

    /// Whether key policy and identity policies alone (no grant) allow `action` on `key`.
    func policiesAllow(_ action: KMSAction, key: LiveKey, _ c: RequestContext) -> Bool {
        let outcome = Self.decide(
            action, on: key.record.arn, ownedBy: key.record.account, keyPolicy: key.policy, grant: nil,
            conditions(action, key.record, c), c
        )
        if case .allowed = outcome { return true }
        return false
    }

    /// The policy lockout safety check: `policy`, about to become the key's, must still let
    /// this caller call PutKeyPolicy on it, counting the caller's identity policies, not grants.
    func checkLockout(_ policy: CompiledPolicy, keyArn: String, keyAccount: String, _ c: RequestContext) throws(KMSError) {
        let action = KMSAction(.putKeyPolicy)
        let conditions = KMSConditionContext(request: c, action: action, key: nil, requestAlias: nil, aliases: nil)
        if case .denied = Self.decide(action, on: keyArn, ownedBy: keyAccount, keyPolicy: policy, grant: nil, conditions, c) {
            throw KMSError("MalformedPolicyDocumentException", "The new key policy will not allow you to update the key policy in the future.")
        }
    }

    /// AWS's decision for the caller of `c`; `keyPolicy` nil means identity policies alone decide.
    static func decide(
        _ action: KMSAction, on resource: String, ownedBy owner: String?, keyPolicy: CompiledPolicy?, grant: String?,
        _ conditions: KMSConditionContext, _ c: RequestContext
    ) -> AccessDecision.Outcome {
        AccessDecision.decide(AccessDecision.Inputs(
            principal: c.principal, action: action.name, resource: resource, resourceAccount: owner,
            keyPolicy: keyPolicy, identityPolicies: c.caller.policies, grant: grant,
            crossAccountAllowed: action.crossAccount, context: conditions
        ))
    }

    func conditions(_ action: KMSAction, _ record: KeyRecord, _ c: RequestContext) -> KMSConditionContext {
        KMSConditionContext(request: c, action: action, key: record, requestAlias: nil, aliases: aliases)
    }

    /// RetireGrant is decided by the grant, not the key policy: its retiring principal, its
    /// grantee when the grant includes RetireGrant, or — through an identity policy allowing
    /// kms:RetireGrant — principals of the account that created it. An identity-policy Deny wins.
    func authorizeRetire(_ grant: GrantRecord, _ c: RequestContext) throws(KMSError) {
        let action = KMSAction(.retireGrant)
        let context = KMSConditionContext(request: c, action: action, key: nil, requestAlias: nil, aliases: nil)
        let identity = Self.decide(action, on: grant.keyArn, ownedBy: nil, keyPolicy: nil, grant: nil, context, c)
        if case .denied(let denial) = identity, denial.reason == .explicitDenyIdentity {
            c.resources.decided(AuthorizationRecord(action: action.name, resource: grant.keyArn, verdict: .denied(denial.decidedBy)))
            throw denial.kmsError
        }
        let principal = c.principal
        if let retiring = grant.retiringPrincipal, GrantCache.isGrantee(retiring, principal) {
            c.resources.decided(AuthorizationRecord(action: action.name, resource: grant.keyArn, verdict: .allowedAs("as retiring principal of grant \(grant.grantId)")))
            return
        }
        if grant.operations.contains("RetireGrant"), GrantCache.isGrantee(grant.granteePrincipal, principal) {
            c.resources.decided(AuthorizationRecord(action: action.name, resource: grant.keyArn, verdict: .allowedAs("by grant \(grant.grantId)")))
            return
        }
        if principal.account == grant.issuingAccount, case .allowed(let reason) = identity {
            c.resources.decided(AuthorizationRecord(action: action.name, resource: grant.keyArn, verdict: .allowedAs("by \(reason) in the issuing account")))
            return
        }
        c.resources.decided(AuthorizationRecord(action: action.name, resource: grant.keyArn, verdict: .denied("not the retiring principal, grantee or issuing account")))
        throw KMSError(
            "AccessDeniedException",
            "User: \(principal.arn) is not authorized to perform: kms:RetireGrant on resource: \(grant.keyArn) because no identity-based policy allows the kms:RetireGrant action"
        )
    }

    /// Operations whose resource is the account (`"*"`: CreateKey, ListKeys, ListAliases,
    /// GenerateRandom, ListRetirableGrants) or an alias: identity policies alone decide.
    func authorizeAccountWide(_ action: KMSAction, resource: String = "*", _ c: RequestContext) throws(KMSError) {
        let conditions = KMSConditionContext(request: c, action: action, key: nil, requestAlias: nil, aliases: nil)
        try settle(Self.decide(action, on: resource, ownedBy: nil, keyPolicy: nil, grant: nil, conditions, c), action, resource, c)
    }

    private func settle(_ outcome: AccessDecision.Outcome, _ action: KMSAction, _ resource: String, _ c: RequestContext) throws(KMSError) {
        switch outcome {
        case .allowed(let allowance):
            c.resources.decided(AuthorizationRecord(action: action.name, resource: resource, verdict: .allowed(allowance)))
        case .denied(let denial):
            c.resources.decided(AuthorizationRecord(action: action.name, resource: resource, verdict: .denied(denial.decidedBy)))
            throw denial.kmsError
        }
    }
}
