import Foundation
import TrentPolicy

/// An identity policy attached to a principal, by the name operators gave it (the audit
/// record names the policy that decided); a tuple because the decision takes them as is.
public typealias NamedPolicy = (name: String, policy: CompiledPolicy)

/// One access key and who it belongs to: a long-term key of an IAM-style user, or the
/// temporary key of a role session.
///
/// The secret never appears in `description`, `debugDescription` or a mirror
/// (`dump`, string interpolation, logging), so a `Credential` can be logged safely.
public struct Credential: Sendable {
    public let accessKeyId: String
    public let secretAccessKey: String
    /// Who signs with this key, as policies see them.
    public let principal: Principal
    /// The principal's identity policies (a user's own, its groups' and managed ones; a
    /// session's role's), compiled once when the identities were loaded.
    public let policies: [NamedPolicy]
    /// Temporary credentials only: the token that must accompany the key, and when it ends.
    public let sessionToken: String?
    public let expiration: Date?

    public init(
        accessKeyId: String, secretAccessKey: String, principal: Principal, policies: [NamedPolicy],
        sessionToken: String? = nil, expiration: Date? = nil
    ) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.principal = principal
        self.policies = policies
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// A long-term key of user `userName`, with no identity policies.
    public init(accessKeyId: String, secretAccessKey: String, accountId: String, userName: String) {
        self.init(
            accessKeyId: accessKeyId, secretAccessKey: secretAccessKey,
            principal: .user(account: accountId, name: userName), policies: []
        )
    }

    /// The 12-digit account id.
    public var accountId: String { principal.account }
    /// The user name, role name for a session, or "" for the account root.
    public var userName: String { principal.name }
    /// The caller's ARN as STS reports it.
    public var principalArn: String { principal.arn }
}

extension Credential: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "Credential(accessKeyId: \(accessKeyId), principal: \(principalArn), secretAccessKey: <redacted>)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyId": accessKeyId,
                "principal": principal.arn,
                "secretAccessKey": "<redacted>",
                "sessionToken": sessionToken == nil ? "none" : "<redacted>",
            ],
            displayStyle: .struct
        )
    }
}

/// Finds the credential an access key id belongs to.
///
/// Implementations are called on the request hot path from many threads at once.
public protocol CredentialLookup: Sendable {
    /// The credential for a long-term access key id, or `nil` if there is none.
    func credential(forAccessKeyId id: String) -> Credential?

    /// The credential for temporary credentials: an access key id presented together
    /// with an `X-Amz-Security-Token`, or `nil` when the token was not issued by this
    /// server for that key. Expiry is the verifier's to check, after the signature.
    func credential(forAccessKeyId id: String, sessionToken: String) -> Credential?
}

extension CredentialLookup {
    public func credential(forAccessKeyId id: String, sessionToken: String) -> Credential? {
        nil
    }
}

/// Who signed a request that verified.
public struct AuthenticatedCaller: Sendable {
    public let credential: Credential
    /// The region named in the credential scope.
    public let region: String
    /// The service named in the credential scope (one of the verifier's allowed services).
    /// A router that serves several services on one listener must check it matches
    /// the API it dispatches to.
    public let service: String
    /// The request time the signature covers (`X-Amz-Date`, or `Date`).
    public let requestDate: Date

    public init(credential: Credential, region: String, service: String, requestDate: Date) {
        self.credential = credential
        self.region = region
        self.service = service
        self.requestDate = requestDate
    }
}
