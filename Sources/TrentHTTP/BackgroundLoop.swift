import ServiceLifecycle

/// A background loop (deletion scheduler, audit and log flushes) as a service of the server's
/// `ServiceGroup`: started with the server, cancelled when a graceful shutdown begins (the
/// loops end on cancellation), and awaited before the process exits — no task outlives it.
struct BackgroundLoop: Service {
    let body: @Sendable () async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown { await body() }
    }
}
