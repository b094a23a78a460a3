/// One question to one policy: may `principal` perform `action` on `resource`?
public struct PolicyRequest {
    public let principal: Principal
    /// "kms:Encrypt", "kms:ReEncryptFrom", "sts:AssumeRole".
    public let action: String
    /// Key ARN, alias ARN, role ARN, or "*" for operations without a resource.
    public let resource: String
    public let context: any ConditionContext

    public init(principal: Principal, action: String, resource: String, context: any ConditionContext) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.context = context
    }
}

/// A statement named for the audit record: policy name, position, and Sid when it has one.
public struct StatementRef: Sendable, Equatable {
    public let policyName: String
    public let sid: String?
    public let index: Int

    public init(policyName: String, sid: String?, index: Int) {
        self.policyName = policyName
        self.sid = sid
        self.index = index
    }

    /// `default#0 (Sid "Enable IAM User Permissions")`, or `default#0` without a Sid.
    public var description: String {
        guard let sid else { return "\(policyName)#\(index)" }
        return "\(policyName)#\(index) (Sid \"\(sid)\")"
    }

    func renamed(_ name: String) -> StatementRef {
        StatementRef(policyName: name, sid: sid, index: index)
    }
}

/// What one policy says about one request. Deny is decided first: once a Deny matches,
/// the allow fields may be left unset.
public struct PolicyEvaluation: Sendable, Equatable {
    /// The first matching Deny.
    public var explicitDeny: StatementRef?
    /// A matching Allow whose Principal names the caller itself (its ARN, its role for a
    /// session, `*`, `{"AWS":"*"}`, an applicable NotPrincipal; the root user's own account) —
    /// or, in identity policies, any matching Allow.
    public var directAllow: StatementRef?
    /// Key and trust policies: a matching Allow whose Principal names only the caller's account
    /// (root ARN or bare id), which delegates the decision to the caller's identity policies.
    public var accountAllow: StatementRef?

    public init(explicitDeny: StatementRef? = nil, directAllow: StatementRef? = nil, accountAllow: StatementRef? = nil) {
        self.explicitDeny = explicitDeny
        self.directAllow = directAllow
        self.accountAllow = accountAllow
    }
}
