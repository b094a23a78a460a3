import Synchronization
import TrentDomain
import TrentStorage

extension KMSService {
    static let throttled = KMSError(
        "ThrottlingException", "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls."
    )

    /// AWS's request quotas for accounts whose configuration sets them; nothing for the others
    /// (the default). The caller's account pays, also for a key of another account.
    func throttle(_ operation: KMSOperation, _ p: JSONObject, _ c: RequestContext) throws(KMSError) {
        guard let settings = identities.current.quotas[c.account] else { return }
        let keySpec = p.string("KeyId").flatMap { try? KeyReference.parse($0, accepting: .keyOrAlias) }.flatMap(peekSpec(c))
        guard let category = QuotaCategory.of(operation, keySpec: keySpec, keyPairSpec: p.string("KeyPairSpec")),
              let rate = settings.rate(category, region: c.region)
        else { return }
        let key = RequestLimiter.BucketKey(account: c.account, region: c.region, category: category)
        if !limiter.take(key, rate: rate, share: quotaShare.withLock { $0 }) { throw Self.throttled }
    }

    /// The spec of the key a KeyId names, from the cache, without authorising anything.
    private func peekSpec(_ c: RequestContext) -> (KeyReference) -> KeySpec? {
        { reference in
            switch reference {
            case .keyId(let id): return self.keys[KeyAddress(account: c.account, region: c.region, keyId: id)]?.record.keySpec
            case .keyArn(let region, let account, let id): return self.keys[KeyAddress(account: account, region: region, keyId: id)]?.record.keySpec
            case .aliasName(let name):
                return self.aliases.target(account: c.account, region: c.region, name: name).flatMap {
                    self.keys[KeyAddress(account: c.account, region: c.region, keyId: $0.targetKeyId)]?.record.keySpec
                }
            case .aliasArn(let region, let account, let name):
                return self.aliases.target(account: account, region: region, name: name).flatMap {
                    self.keys[KeyAddress(account: account, region: region, keyId: $0.targetKeyId)]?.record.keySpec
                }
            }
        }
    }
}
