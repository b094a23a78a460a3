import Foundation
import TrentDomain
import TrentAuth
import TrentPolicy

/// Who is calling, from where, and when: everything an operation needs besides its parameters.
/// The HTTP layer builds it from the authenticated caller; `KMSService` binds the operation and
/// its validated parameters before anything runs, so authorization sees the whole request.
public struct RequestContext: Sendable {
    public let requestId: String
    /// The id of this call's audit record (CloudTrail's eventID), which GetKeyLastUsage names.
    public let eventId: String
    /// The caller's account: a bare key id or alias name always resolves in it.
    public let account: String
    /// The region of the request's SigV4 credential scope.
    public let region: String
    public let caller: Credential
    /// The client's IP address, for `aws:SourceIp`; nil when unknown (tests, Unix sockets).
    public let sourceAddress: String?
    /// Whether the request came over TLS (`aws:SecureTransport`).
    public let secureTransport: Bool
    public let now: Date
    /// Set by `KMSService` once the request is validated.
    public internal(set) var operation: KMSOperation = .describeKey
    public internal(set) var parameters = JSONObject()
    /// The keys this request resolved and the decisions that let it through, for the audit record.
    public let resources = ResolvedResources()

    public init(
        requestId: String, eventId: String = "", caller: Credential, region: String, sourceAddress: String? = nil,
        secureTransport: Bool = false, now: Date = Date()
    ) {
        self.requestId = requestId
        self.eventId = eventId
        self.caller = caller
        self.account = caller.accountId
        self.region = region
        self.sourceAddress = sourceAddress
        self.secureTransport = secureTransport
        self.now = now
    }

    public var principal: Principal { caller.principal }
    public var principalArn: String { caller.principalArn }
}

/// Key ARNs a request touched and what authorised each use. Only the task serving the request
/// uses it, one step after another, so it needs no lock; `@unchecked Sendable` because the
/// compiler cannot see that.
public final class ResolvedResources: @unchecked Sendable {
    public private(set) var keyArns: [String] = []
    /// One per authorised action, for the audit record; never sent to the caller.
    public private(set) var decisions: [AuthorizationRecord] = []

    func add(_ arn: String) {
        if keyArns.last != arn { keyArns.append(arn) }
    }

    func decided(_ record: AuthorizationRecord) {
        decisions.append(record)
    }
}

/// What decided one action on one resource. Kept as references: put into words only when the
/// audit record is written, off the decision itself.
public struct AuthorizationRecord: Sendable, CustomStringConvertible {
    public enum Verdict: Sendable {
        case allowed(AccessDecision.Allowance)
        /// An allowance that is not a policy statement: retiring principal, issuing account.
        case allowedAs(String)
        case denied(String?)
    }

    public let action: String
    public let resource: String
    public let verdict: Verdict

    /// "kms:Encrypt on arn:…: allowed by key policy default#0 (Sid "…")".
    public var description: String {
        switch verdict {
        case .allowed(let allowance): return "\(action) on \(resource): allowed by \(allowance)"
        case .allowedAs(let reason): return "\(action) on \(resource): allowed \(reason)"
        case .denied(let by): return "\(action) on \(resource): denied (\(by ?? "no statement allows"))"
        }
    }
}
