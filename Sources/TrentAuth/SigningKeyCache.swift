import Crypto
import Foundation
import Synchronization

/// Derived SigV4 signing keys, cached per (access key id, secret, date, region,
/// service), bounded, and safe to use from many threads at once.
///
/// Bounding uses two generations: lookups read the current generation, then the
/// previous one (promoting a hit). When the current generation reaches half the
/// capacity it becomes the previous one and the older generation is dropped, so
/// at most `capacity` keys are held and busy keys survive rotation.
///
/// The secret is part of the cache key so a rotated secret never reuses a key
/// derived from the old one. Neither secrets nor keys are ever printed.
final class SigningKeyCache: Sendable {
    struct Entry: Hashable, Sendable, CustomStringConvertible {
        let accessKeyId: String
        let secretAccessKey: String
        let date: String
        let region: String
        let service: String

        var description: String { "SigningKeyCache.Entry(\(accessKeyId)/\(date)/\(region)/\(service))" }
    }

    /// A derived key, and an HMAC already keyed with it: copying the keyed state is
    /// cheaper than padding the key and hashing both pads again on every request.
    struct Derived: Sendable {
        let key: SymmetricKey
        let keyedMAC: HMAC<SHA256>

        init(_ key: SymmetricKey) {
            self.key = key
            keyedMAC = HMAC<SHA256>(key: key)
        }
    }

    private struct State {
        var current: [Entry: Derived] = [:]
        var previous: [Entry: Derived] = [:]
        var derivations = 0
    }

    private final class Stripe: Sendable {
        let state = Mutex(State())
    }

    let capacity: Int
    /// Independent caches picked by the calling thread, so concurrent requests (even for one
    /// access key) do not queue on one lock; each stripe derives a key at most once a day.
    private let stripes: [Stripe]

    /// - Parameter capacity: the most keys held at once per stripe (at least 2).
    init(capacity: Int = 1024, stripes: Int = 16) {
        self.capacity = max(2, capacity)
        self.stripes = (0 ..< max(1, stripes)).map { _ in Stripe() }
    }

    private var stripe: Stripe {
        // Thread handles are addresses; the low bits are alignment, so skip them.
        let thread = UInt(pthread_self())
        return stripes[Int((thread >> 12) % UInt(stripes.count))]
    }

    func signingKey(secretAccessKey: String, accessKeyId: String, date: String, region: String, service: String) -> SymmetricKey {
        derived(secretAccessKey: secretAccessKey, accessKeyId: accessKeyId, date: date, region: region, service: service).key
    }

    func derived(secretAccessKey: String, accessKeyId: String, date: String, region: String, service: String) -> Derived {
        let entry = Entry(
            accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, date: date, region: region, service: service
        )
        let stripe = self.stripe
        let cached: Derived? = stripe.state.withLock { state in
            if let derived = state.current[entry] { return derived }
            guard let derived = state.previous.removeValue(forKey: entry) else { return nil }
            Self.insert(entry, derived, into: &state, capacity: capacity)
            return derived
        }
        if let cached { return cached }

        // Derive outside the lock; two threads racing on the same entry both derive
        // the same key, and either insert is correct.
        let derived = Derived(Self.deriveSigningKey(secretAccessKey: secretAccessKey, date: date, region: region, service: service))
        stripe.state.withLock { state in
            state.derivations += 1
            Self.insert(entry, derived, into: &state, capacity: capacity)
        }
        return derived
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    static func deriveSigningKey(secretAccessKey: String, date: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secretAccessKey)".utf8))
        for part in [date, region, service, CredentialScope.terminator] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// Keys held now (for tests).
    var count: Int {
        stripes.reduce(0) { sum, stripe in sum + stripe.state.withLock { $0.current.count + $0.previous.count } }
    }

    /// Keys derived so far, i.e. cache misses (for tests).
    var derivations: Int {
        stripes.reduce(0) { sum, stripe in sum + stripe.state.withLock { $0.derivations } }
    }

    private static func insert(_ entry: Entry, _ key: Derived, into state: inout State, capacity: Int) {
        if state.current.count >= capacity / 2, state.current[entry] == nil {
            state.previous = state.current
            state.current = [:]
        }
        state.current[entry] = key
    }
}
