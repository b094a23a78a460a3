import Synchronization
import TrentDomain

extension KMSService {
    static let throttled = KMSError(
        "ThrottlingException", "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls."
    )

    /// AWS's request quotas for accounts whose configuration sets them; nothing for the others
    /// (the default). The caller's account pays, also for a key of another account.
    func throttle(_ operation: KMSOperation, _ p: JSONObject, _ c: RequestContext) throws(KMSError) {
        guard let settings = identities.current.quotas[c.account] else { return }
        let keySpec = p.string("KeyId").flatMap { resolver.peek($0, context: c) }?.record.keySpec
        guard let category = QuotaCategory.of(operation, keySpec: keySpec, keyPairSpec: p.string("KeyPairSpec")),
              let rate = settings.rate(category, region: c.region)
        else { return }
        let key = RequestLimiter.BucketKey(account: c.account, region: c.region, category: category)
        if !limiter.take(key, rate: rate, share: quotaShare.withLock { $0 }) { throw Self.throttled }
    }
}
