import TrentDomain
import TrentStorage

/// Turns the KeyId a caller wrote into a live key of the caller's account and region,
/// with AWS's errors for each way that can fail.
struct KeyResolver: Sendable {
    let keys: KeyCache
    let aliases: AliasCache

    func resolve(_ text: String, accepting accepted: KeyReference.Accepted, context: RequestContext) throws(KMSError) -> LiveKey {
        let live = try lookUp(text, accepting: accepted, context: context)
        context.resources.add(live.record.arn)
        return live
    }

    private func lookUp(_ text: String, accepting accepted: KeyReference.Accepted, context: RequestContext) throws(KMSError) -> LiveKey {
        let reference = try KeyReference.parse(text, accepting: accepted)
        switch reference {
        case .keyId(let id):
            return try key(account: context.account, region: context.region, keyId: id)
        case .keyArn(let region, let account, let id):
            // AWS names the foreign region rather than the key when an ARN points elsewhere.
            guard region == context.region else { throw .notFound("Invalid arn \(region)") }
            guard account == context.account else {
                throw Self.keyNotFound(KeyIdentifiers.keyArn(region: region, account: account, keyId: id))
            }
            return try key(account: account, region: region, keyId: id)
        case .aliasName(let name):
            return try alias(account: context.account, region: context.region, name: name)
        case .aliasArn(let region, let account, let name):
            guard region == context.region else { throw .notFound("Invalid arn \(region)") }
            guard account == context.account else {
                throw Self.aliasNotFound(KeyIdentifiers.aliasArn(region: region, account: account, aliasName: name))
            }
            return try alias(account: account, region: region, name: name)
        }
    }

    func key(account: String, region: String, keyId: String) throws(KMSError) -> LiveKey {
        guard let live = keys[KeyAddress(account: account, region: region, keyId: keyId)] else {
            throw Self.keyNotFound(KeyIdentifiers.keyArn(region: region, account: account, keyId: keyId))
        }
        return live
    }

    func alias(account: String, region: String, name: String) throws(KMSError) -> LiveKey {
        guard let alias = aliases.target(account: account, region: region, name: name),
              let live = keys[KeyAddress(account: account, region: region, keyId: alias.targetKeyId)]
        else {
            throw Self.aliasNotFound(KeyIdentifiers.aliasArn(region: region, account: account, aliasName: name))
        }
        return live
    }

    static func keyNotFound(_ arn: String) -> KMSError {
        .notFound("Key '\(arn)' does not exist")
    }

    static func aliasNotFound(_ arn: String) -> KMSError {
        .notFound("Alias \(arn) is not found.")
    }
}
