import Foundation

/// One access key of one IAM-style user.
///
/// The secret never appears in `description`, `debugDescription` or a mirror
/// (`dump`, string interpolation, logging), so a `Credential` can be logged safely.
public struct Credential: Sendable {
    public let accessKeyId: String
    public let secretAccessKey: String
    /// The 12-digit account id.
    public let accountId: String
    /// The user name, e.g. `"admin"`.
    public let userName: String

    /// Built once: every audit record names it.
    public let principalArn: String

    public init(accessKeyId: String, secretAccessKey: String, accountId: String, userName: String) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.accountId = accountId
        self.userName = userName
        principalArn = "arn:aws:iam::\(accountId):user/\(userName)"
    }
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
                "accountId": accountId,
                "userName": userName,
                "secretAccessKey": "<redacted>",
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
    /// with an `X-Amz-Security-Token`. The default returns `nil` (Trent issues no
    /// session tokens), which makes the verifier reject any request carrying a token
    /// with AWS's `UnrecognizedClientException`.
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
