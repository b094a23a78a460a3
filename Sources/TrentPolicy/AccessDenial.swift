import TrentJSON

/// A refusal, with what AWS would say about it.
public struct AccessDenial: Error, Sendable {
    public enum Reason: Sendable {
        /// A1: nothing in the key policy applies, not even a delegation to the account.
        case noResourcePolicy
        /// A4: a Deny in the key policy.
        case explicitDenyResource
        /// A2: the key policy delegates to the account but no identity policy allows.
        case noIdentityPolicy
        /// A3: a Deny in one of the caller's identity policies.
        case explicitDenyIdentity
        /// A5: any failure on a resource of another account.
        case crossAccount
        /// A6: the same, for Decrypt finding another account's key from the ciphertext.
        case crossAccountCiphertext
    }

    public let reason: Reason
    /// The statement that denied, for the audit record; nil for an implicit deny.
    public let decidedBy: String?
    /// The caller as STS reports it.
    public let principalArn: String
    public let action: String
    public let resource: String

    public init(reason: Reason, decidedBy: String?, principalArn: String, action: String, resource: String) {
        self.reason = reason
        self.decidedBy = decidedBy
        self.principalArn = principalArn
        self.action = action
        self.resource = resource
    }

    /// AccessDeniedException with AWS's text (spec authorization.md §3.1, A1-A5).
    public var kmsError: KMSError {
        KMSError("AccessDeniedException", message)
    }

    public var message: String {
        let subject = "User: \(principalArn) is not authorized to perform: \(action)"
        switch reason {
        case .noResourcePolicy:
            return "\(subject) on resource: \(resource) because no resource-based policy allows the \(action) action"
        case .noIdentityPolicy:
            return "\(subject) on resource: \(resource) because no identity-based policy allows the \(action) action"
        case .explicitDenyIdentity:
            return "\(subject) on resource: \(resource) with an explicit deny in an identity-based policy"
        case .explicitDenyResource:
            return "\(subject) on resource: \(resource) with an explicit deny in a resource-based policy"
        case .crossAccount:
            return "\(subject) on this resource \(Self.hidden)"
        case .crossAccountCiphertext:
            return "\(subject) on the resource associated with this ciphertext \(Self.hidden)"
        }
    }

    /// Across accounts AWS never says which side refused, nor whether the key exists.
    static let hidden = "because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access"

    /// A refusal of a key in another account, which may or may not exist.
    public static func crossAccount(principalArn: String, action: String, ciphertext: Bool = false) -> AccessDenial {
        AccessDenial(reason: ciphertext ? .crossAccountCiphertext : .crossAccount, decidedBy: nil, principalArn: principalArn, action: action, resource: "")
    }
}
