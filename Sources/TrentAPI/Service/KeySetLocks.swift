import TrentDomain

/// Runs the writes that touch a multi-Region set one after another. A rotation of the
/// primary adds material to every replica it lists, and a ReplicateKey copies the versions
/// the primary has: run side by side, a replica could miss a version. One node serialises
/// them here; keys of different sets never wait for each other.
actor KeySetLocks {
    private var tails: [String: Task<Void, Never>] = [:]

    func run<T: Sendable>(_ set: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = tails[set]
        let work = Task { () async throws -> T in
            await previous?.value
            return try await body()
        }
        let tail = Task<Void, Never> { _ = try? await work.value }
        tails[set] = tail
        let result = await work.result
        // The last writer of a set leaves no entry behind.
        if tails[set] == tail { tails[set] = nil }
        return try result.get()
    }
}

extension KMSService {
    /// `body` alone among the writes to the multi-Region set of `record`; at once for a
    /// single-Region key.
    func serialisingSet<T: Sendable>(of record: KeyRecord, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard record.multiRegion else { return try await body() }
        return try await serialisingSet(account: record.account, keyId: record.keyId, body)
    }

    func serialisingSet<T: Sendable>(account: String, keyId: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await setLocks.run("\(account)/\(keyId)", body)
    }
}
