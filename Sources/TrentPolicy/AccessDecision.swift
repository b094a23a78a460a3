import TrentJSON

/// The whole KMS decision for one (action, resource): key policy, the caller's identity
/// policies and a grant, combined as spec authorization.md §2.3 describes.
public enum AccessDecision {
    public struct Inputs {
        public let principal: Principal
        public let action: String
        /// Key ARN, alias ARN, or "*".
        public let resource: String
        /// The account owning the resource (nil for "*").
        public let resourceAccount: String?
        /// nil: an IAM-only operation (CreateKey, ListKeys, an alias resource, …).
        public let keyPolicy: CompiledPolicy?
        /// The caller's policies; empty for the root user, whose identity side always allows.
        public let identityPolicies: [(name: String, policy: CompiledPolicy)]
        /// Id of a grant that allows this request, if any.
        public let grant: String?
        /// Whether the operation may be used cross-account at all (§2.5).
        public let crossAccountAllowed: Bool
        public let context: any ConditionContext

        public init(
            principal: Principal, action: String, resource: String, resourceAccount: String?,
            keyPolicy: CompiledPolicy?, identityPolicies: [(name: String, policy: CompiledPolicy)], grant: String?,
            crossAccountAllowed: Bool, context: any ConditionContext
        ) {
            self.principal = principal
            self.action = action
            self.resource = resource
            self.resourceAccount = resourceAccount
            self.keyPolicy = keyPolicy
            self.identityPolicies = identityPolicies
            self.grant = grant
            self.crossAccountAllowed = crossAccountAllowed
            self.context = context
        }
    }

    public enum Outcome: Sendable {
        case allowed(by: Allowance)
        case denied(AccessDenial)
    }

    /// What allowed a request, kept as references and put into words only when the audit
    /// record is written: "key policy default#0 (Sid …)", "identity policy alice/inline-1#2,
    /// with key policy default#0", "grant <id>", "account root".
    public struct Allowance: Sendable, CustomStringConvertible {
        enum Source: Sendable {
            case resource(label: String)
            case identity(name: String, statement: StatementRef)
            case delegated(name: String, statement: StatementRef, resourceLabel: String)
            case grant(String)
            case accountRoot
        }

        let source: Source

        public var description: String {
            switch source {
            case .resource(let label): return label
            case .identity(let name, let statement): return "identity policy \(statement.renamed(name).description)"
            case .delegated(let name, let statement, let label):
                return "identity policy \(statement.renamed(name).description), with \(label)"
            case .grant(let id): return "grant \(id)"
            case .accountRoot: return "account root"
            }
        }
    }

    public static func decide(_ inputs: Inputs) -> Outcome {
        let principal = inputs.principal
        let request = PolicyRequest(
            principal: principal, action: inputs.action, resource: inputs.resource, context: inputs.context
        )
        let isRoot = principal.kind == .root
        let keyPolicy = inputs.keyPolicy
        let resourceSide = keyPolicy?.match(request) ?? CompiledPolicy.Matches()
        func resourceText(_ index: Int) -> String { keyPolicy!.statements[index].label }

        // Identity Denies count whatever the key policy says, so every identity policy is read.
        var identityDeny: String?
        var identityAllow: (name: String, ref: StatementRef)?
        for (name, policy) in inputs.identityPolicies {
            let matches = policy.match(request)
            if let deny = matches.deny {
                identityDeny = "identity policy \(policy.statements[deny].ref.renamed(name).description)"
                break
            }
            if identityAllow == nil, let allow = matches.direct ?? matches.account {
                identityAllow = (name, policy.statements[allow].ref)
            }
        }
        let identitySideAllows = isRoot || identityAllow != nil
        func denied(_ reason: AccessDenial.Reason, _ decidedBy: String?) -> Outcome {
            .denied(AccessDenial(
                reason: reason, decidedBy: decidedBy, principalArn: principal.arn, action: inputs.action,
                resource: inputs.resource
            ))
        }
        /// The identity statement that allowed plus the resource-side statement that let it
        /// count; for the root user, whose identity side is implicit, the resource side alone.
        func delegated(_ index: Int) -> Outcome {
            guard let identityAllow else { return .allowed(by: Allowance(source: .resource(label: resourceText(index)))) }
            return .allowed(by: Allowance(source: .delegated(name: identityAllow.name, statement: identityAllow.ref, resourceLabel: resourceText(index))))
        }
        func grant(_ id: String) -> Outcome { .allowed(by: Allowance(source: .grant(id))) }

        if let owner = inputs.resourceAccount, owner != principal.account {
            // Cross-account: one wording for every failure, so the key's existence stays hidden.
            guard inputs.crossAccountAllowed else { return denied(.crossAccount, "not a cross-account operation") }
            if let identityDeny { return denied(.crossAccount, identityDeny) }
            if let deny = resourceSide.deny { return denied(.crossAccount, resourceText(deny)) }
            if let keySide = resourceSide.direct ?? resourceSide.account, identitySideAllows {
                return delegated(keySide)
            }
            if let id = inputs.grant { return grant(id) }
            return denied(.crossAccount, nil)
        }

        if let identityDeny { return denied(.explicitDenyIdentity, identityDeny) }
        if let deny = resourceSide.deny { return denied(.explicitDenyResource, resourceText(deny)) }

        guard keyPolicy != nil else {
            if isRoot { return .allowed(by: Allowance(source: .accountRoot)) }
            if let identityAllow { return .allowed(by: Allowance(source: .identity(name: identityAllow.name, statement: identityAllow.ref))) }
            if let id = inputs.grant { return grant(id) }
            return denied(.noIdentityPolicy, nil)
        }
        if let direct = resourceSide.direct { return .allowed(by: Allowance(source: .resource(label: resourceText(direct)))) }
        if let delegation = resourceSide.account, identitySideAllows { return delegated(delegation) }
        if let id = inputs.grant { return grant(id) }
        // The modern rule (§3.1): when only the identity side is missing, say so.
        return denied(resourceSide.account != nil ? .noIdentityPolicy : .noResourcePolicy, nil)
    }
}
