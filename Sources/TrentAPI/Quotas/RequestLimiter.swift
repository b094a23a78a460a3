import Synchronization

/// Token buckets, one per account, Region and quota category: a bucket holds up to one
/// second of requests and refills at the quota's rate. On several nodes each takes an equal
/// share of the rate (`share`), so the cluster as a whole stays within the quota.
final class RequestLimiter: Sendable {
    struct BucketKey: Hashable, Sendable {
        let account: String
        let region: String
        let category: QuotaCategory
    }

    private final class Bucket: Sendable {
        struct State {
            var tokens: Double
            var last: ContinuousClock.Instant
        }
        let state: Mutex<State>
        init(tokens: Double) { state = Mutex(State(tokens: tokens, last: .now)) }
    }

    private let buckets = ShardedMap<BucketKey, Bucket>()

    /// Takes one request from the bucket, or answers false when it is empty.
    func take(_ key: BucketKey, rate: Double, share: Double) -> Bool {
        let perNode = max(rate * share, 0.000_001)
        // Capacity: one second of requests, and at least one, so a 0.25 req/s quota allows one
        // call and then one every 4 s.
        let capacity = max(perNode, 1)
        let bucket: Bucket
        if let existing = buckets[key] {
            bucket = existing
        } else {
            let fresh = Bucket(tokens: capacity)
            var chosen = fresh
            buckets.update(key) { current in
                if let current { chosen = current } else { current = fresh }
            }
            bucket = chosen
        }
        let now = ContinuousClock.now
        return bucket.state.withLock { state in
            let elapsed = now - state.last
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            state.tokens = min(capacity, state.tokens + seconds * perNode)
            state.last = now
            guard state.tokens >= 1 else { return false }
            state.tokens -= 1
            return true
        }
    }
}
