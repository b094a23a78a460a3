import Crypto
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

    private struct State {
        var current: [Entry: SymmetricKey] = [:]
        var previous: [Entry: SymmetricKey] = [:]
        var derivations = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    /// - Parameter capacity: the most keys held at once (at least 2).
    init(capacity: Int = 1024) {
        self.capacity = max(2, capacity)
    }

    func signingKey(secretAccessKey: String, accessKeyId: String, date: String, region: String, service: String) -> SymmetricKey {
        let entry = Entry(
            accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, date: date, region: region, service: service
        )
        let cached: SymmetricKey? = state.withLock { state in
            if let key = state.current[entry] { return key }
            guard let key = state.previous.removeValue(forKey: entry) else { return nil }
            Self.insert(entry, key, into: &state, capacity: capacity)
            return key
        }
        if let cached { return cached }

        // Derive outside the lock; two threads racing on the same entry both derive
        // the same key, and either insert is correct.
        let key = Self.deriveSigningKey(secretAccessKey: secretAccessKey, date: date, region: region, service: service)
        state.withLock { state in
            state.derivations += 1
            Self.insert(entry, key, into: &state, capacity: capacity)
        }
        return key
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
        state.withLock { $0.current.count + $0.previous.count }
    }

    /// Keys derived so far, i.e. cache misses (for tests).
    var derivations: Int {
        state.withLock { $0.derivations }
    }

    private static func insert(_ entry: Entry, _ key: SymmetricKey, into state: inout State, capacity: Int) {
        if state.current.count >= capacity / 2, state.current[entry] == nil {
            state.previous = state.current
            state.current = [:]
        }
        state.current[entry] = key
    }
}
