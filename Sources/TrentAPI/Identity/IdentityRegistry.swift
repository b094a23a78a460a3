import TrentAuth

/// Every access key the server accepts, fixed at start-up. Immutable after construction, so
/// the SigV4 verifier reads it from any thread without a lock.
public final class IdentityRegistry: CredentialLookup {
    private let byAccessKeyId: [String: Credential]

    public init(_ credentials: [Credential]) {
        var map: [String: Credential] = [:]
        for credential in credentials { map[credential.accessKeyId] = credential }
        byAccessKeyId = map
    }

    public func credential(forAccessKeyId id: String) -> Credential? {
        byAccessKeyId[id]
    }

    public var count: Int { byAccessKeyId.count }
}
