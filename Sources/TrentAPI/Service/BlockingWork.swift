import Dispatch

/// Runs CPU-heavy synchronous work (RSA key generation) on Dispatch's threads instead of the
/// Swift concurrency pool, which has one thread per core and serves every request.
enum BlockingWork {
    static let queue = DispatchQueue(label: "trent.blocking-work", attributes: .concurrent)

    static func run<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    continuation.resume(returning: try body())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
