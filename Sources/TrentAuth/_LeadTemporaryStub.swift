// TEMPORARY: lets the lead compile other layers until the real verifier lands. Never commit.
import Foundation
import TrentDomain
public final class SigV4Verifier: Sendable {
    let credentials: any CredentialLookup
    public init(credentials: any CredentialLookup, allowedServices: Set<String> = ["kms", "sts"], maxClockSkew: TimeInterval = 900, now: @escaping @Sendable () -> Date = Date.init) {
        self.credentials = credentials
    }
    public func verify(_ request: SigV4Request) throws(KMSError) -> AuthenticatedCaller {
        let auth = request.headers.first { $0.name.lowercased() == "authorization" }?.value ?? ""
        guard let r = auth.range(of: "Credential=") else { throw KMSError("MissingAuthenticationTokenException", "Missing Authentication Token") }
        let scope = auth[r.upperBound...].prefix { $0 != "," }.split(separator: "/")
        guard scope.count == 5, let c = credentials.credential(forAccessKeyId: String(scope[0])) else { throw KMSError("UnrecognizedClientException", "The security token included in the request is invalid.") }
        return AuthenticatedCaller(credential: c, region: String(scope[2]), service: String(scope[3]), requestDate: Date())
    }
}
