import Foundation
import TrentAuth
import TrentDomain
import TrentPolicy

/// STS AssumeRole on Trent's endpoint: the role's trust policy (and, as in IAM, the caller's
/// identity policies when the trust policy trusts only the caller's account) decide; a session
/// credential comes back. Errors carry STS's query-protocol codes.
public struct AssumeRole: Sendable {
    public struct Result: Sendable {
        public let issued: SessionTokens.Issued
        public let role: IdentityDirectory.Role
        public let principal: Principal
        /// The trust-policy statement (and identity policy) that allowed, for the audit record.
        public let authorization: AuthorizationRecord
    }

    let registry: IdentityRegistry

    public init(registry: IdentityRegistry) {
        self.registry = registry
    }

    /// Untyped `throws` on purpose: with `throws(KMSError)` and this result type, Swift 6.3
    /// miscompiled a caller's cleanup (a crash releasing an unset `Result`). Every error thrown
    /// is a `KMSError`.
    public func run(
        _ fields: [String: String], caller: Credential, sourceAddress: String?, secureTransport: Bool, now: Date
    ) throws -> Result {
        let roleArn = fields["RoleArn"] ?? ""
        let sessionName = fields["RoleSessionName"] ?? ""
        var problems: [String] = []
        if roleArn.isEmpty {
            problems.append("Value null at 'roleArn' failed to satisfy constraint: Member must not be null")
        } else if roleArn.count < 20 || roleArn.count > 2048 {
            problems.append("Value '\(roleArn)' at 'roleArn' failed to satisfy constraint: Member must have length \(roleArn.count < 20 ? "greater than or equal to 20" : "less than or equal to 2048")")
        }
        if sessionName.isEmpty {
            problems.append("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null")
        } else if sessionName.count < 2 || sessionName.count > 64 {
            problems.append("Value '\(sessionName)' at 'roleSessionName' failed to satisfy constraint: Member must have length \(sessionName.count < 2 ? "greater than or equal to 2" : "less than or equal to 64")")
        } else if !sessionName.unicodeScalars.allSatisfy(Self.isSessionNameScalar) {
            problems.append("Value '\(sessionName)' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*")
        }
        var duration = 3600
        if let text = fields["DurationSeconds"] {
            guard let value = Int(text) else {
                throw KMSError("ValidationError", "Value '\(text)' for DurationSeconds is not a valid integer", httpStatus: 400)
            }
            duration = value
            if value < 900 {
                problems.append("Value '\(value)' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900")
            } else if value > 43_200 {
                problems.append("Value '\(value)' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200")
            }
        }
        if !problems.isEmpty {
            let count = problems.count
            throw KMSError("ValidationError", "\(count) validation error\(count == 1 ? "" : "s") detected: " + problems.joined(separator: "; "), httpStatus: 400)
        }
        let directory = registry.current
        guard let role = directory.role(arn: roleArn) else {
            throw Self.denied(caller, roleArn)
        }
        let request = TrustContext(caller: caller, sourceAddress: sourceAddress, secureTransport: secureTransport, now: now)
        let outcome = AccessDecision.decide(AccessDecision.Inputs(
            principal: caller.principal, action: "sts:AssumeRole", resource: role.arn, resourceAccount: role.account,
            keyPolicy: role.trustPolicy, identityPolicies: caller.policies, grant: nil, crossAccountAllowed: true,
            context: request
        ))
        guard case .allowed(let allowance) = outcome else { throw Self.denied(caller, roleArn) }
        guard duration <= role.maxSessionDuration else {
            throw KMSError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", httpStatus: 400)
        }
        do {
            let issued = try registry.issuer.issue(role: role, sessionName: sessionName, duration: duration, now: now)
            return Result(issued: issued, role: role, principal: issued.credential.principal, authorization: AuthorizationRecord(action: "sts:AssumeRole", resource: role.arn, verdict: .allowed(allowance)))
        } catch {
            throw KMSError("InternalFailure", "An internal error occurred.", httpStatus: 500)
        }
    }

    static func denied(_ caller: Credential, _ roleArn: String) -> KMSError {
        KMSError("AccessDenied", "User: \(caller.principalArn) is not authorized to perform: sts:AssumeRole on resource: \(roleArn)", httpStatus: 403)
    }

    static func isSessionNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "_+=,.@-".unicodeScalars.contains(scalar))
    }
}

/// The global condition keys a trust policy can test.
struct TrustContext: ConditionContext {
    let caller: Credential
    let sourceAddress: String?
    let secureTransport: Bool
    let now: Date

    func values(forLowercasedKey key: String) -> ConditionValues {
        GlobalConditionKeys.value(
            key, principal: caller.principal, sourceAddress: sourceAddress, secureTransport: secureTransport, now: now
        ) ?? .absent
    }
}
