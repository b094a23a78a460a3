/// A fixed, in-memory set of credentials, keyed by access key id.
public struct StaticCredentialLookup: CredentialLookup {
    private let byAccessKeyId: [String: Credential]

    /// If two credentials share an access key id, the last one wins.
    public init(_ credentials: [Credential]) {
        var map: [String: Credential] = [:]
        for credential in credentials {
            map[credential.accessKeyId] = credential
        }
        byAccessKeyId = map
    }

    public func credential(forAccessKeyId id: String) -> Credential? {
        byAccessKeyId[id]
    }
}
