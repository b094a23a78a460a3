import TrentDomain
import TrentPolicy
import TrentStorage

/// The only way an operation reaches a key: turns the KeyId a caller wrote (or the key a
/// ciphertext names) into a live key, authorised for the action the operation performs, with
/// AWS's errors for each way that can fail.
///
/// Order, as AWS answers: identifier syntax, then existence in the caller's own account
/// (NotFoundException names the key), then authorization. A key of another account is never
/// confirmed or denied to exist: every failure there is the same AccessDeniedException.
struct KeyResolver: Sendable {
    let keys: KeyCache
    let aliases: AliasCache
    let authorizer: Authorizer

    /// A key the caller named, authorised for the operation's own action (`kms:<Operation>`).
    func resolve(_ text: String, accepting accepted: KeyReference.Accepted, context: RequestContext) throws(KMSError) -> LiveKey {
        try resolve(text, accepting: accepted, for: KMSAction(context.operation), context: context)
    }

    func resolve(
        _ text: String, accepting accepted: KeyReference.Accepted, for action: KMSAction, context: RequestContext,
        extra: (KeyRecord) -> [String: ConditionValues] = { _ in [:] }
    ) throws(KMSError) -> LiveKey {
        let (live, alias) = try lookUp(text, accepting: accepted, action: action, context: context)
        context.resources.add(live.record.arn)
        do {
            try authorizer.authorize(action, key: live, requestAlias: alias, context, extra: extra(live.record))
        } catch {
            throw live.record.account == context.account ? error : Self.crossAccountDenied(action, context)
        }
        return live
    }

    /// The key a symmetric ciphertext names, authorised for `action`: in the caller's account, or
    /// one another account shares. Nil when no such key exists in the region: the caller learns
    /// only that the ciphertext is invalid.
    func resolveFromCiphertext(
        keyId: String, for action: KMSAction, context: RequestContext, extra: (KeyRecord) -> [String: ConditionValues] = { _ in [:] }
    ) throws(KMSError) -> LiveKey? {
        guard let live = keys[KeyAddress(account: context.account, region: context.region, keyId: keyId)]
            ?? keys.owner(region: context.region, keyId: keyId).flatMap({ keys[KeyAddress(account: $0, region: context.region, keyId: keyId)] })
        else { return nil }
        context.resources.add(live.record.arn)
        do {
            try authorizer.authorize(action, key: live, requestAlias: nil, context, extra: extra(live.record))
        } catch {
            guard live.record.account != context.account else { throw error }
            throw AccessDenial.crossAccount(principalArn: context.principalArn, action: action.name, ciphertext: true).kmsError
        }
        return live
    }

    /// The ARN of the key `text` names, if it names one, without authorising anything: for a
    /// condition key that must be known before the key it describes is authorised.
    func peekArn(_ text: String, context: RequestContext) -> String? {
        peek(text, context: context)?.record.arn
    }

    /// The key `text` names, if it names one, without authorising anything (for the quota a
    /// request counts against, decided before anything else).
    func peek(_ text: String, context: RequestContext) -> LiveKey? {
        try? lookUp(text, accepting: .keyOrAlias, action: KMSAction(context.operation), context: context).0
    }

    /// A key RetireGrant names: found like any other (a foreign one by ARN), but authorised by
    /// the grant's own rules rather than the key policy.
    func locateForGrantRules(_ text: String, context: RequestContext) throws(KMSError) -> LiveKey {
        try lookUp(text, accepting: .keyOnly, action: KMSAction(.retireGrant), context: context).0
    }

    private func lookUp(
        _ text: String, accepting accepted: KeyReference.Accepted, action: KMSAction, context: RequestContext
    ) throws(KMSError) -> (LiveKey, alias: String?) {
        let reference = try KeyReference.parse(text, accepting: accepted)
        switch reference {
        case .keyId(let id):
            return (try key(account: context.account, region: context.region, keyId: id), nil)
        case .keyArn(let region, let account, let id):
            // AWS names the foreign region rather than the key when an ARN points elsewhere.
            guard region == context.region else { throw .notFound("Invalid arn \(region)") }
            guard account == context.account else {
                guard let live = keys[KeyAddress(account: account, region: region, keyId: id)] else {
                    throw Self.crossAccountDenied(action, context)
                }
                return (live, nil)
            }
            return (try key(account: account, region: region, keyId: id), nil)
        case .aliasName(let name):
            return (try alias(account: context.account, region: context.region, name: name), name)
        case .aliasArn(let region, let account, let name):
            guard region == context.region else { throw .notFound("Invalid arn \(region)") }
            guard account == context.account else {
                guard let target = aliases.target(account: account, region: region, name: name),
                      let live = keys[KeyAddress(account: account, region: region, keyId: target.targetKeyId)]
                else { throw Self.crossAccountDenied(action, context) }
                return (live, name)
            }
            return (try alias(account: account, region: region, name: name), name)
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

    static func crossAccountDenied(_ action: KMSAction, _ context: RequestContext) -> KMSError {
        AccessDenial.crossAccount(principalArn: context.principalArn, action: action.name).kmsError
    }

    static func keyNotFound(_ arn: String) -> KMSError {
        .notFound("Key '\(arn)' does not exist")
    }

    static func aliasNotFound(_ arn: String) -> KMSError {
        .notFound("Alias \(arn) is not found.")
    }
}
