import ServiceLifecycle

/// A background loop (deletion scheduler, audit and log flushes) as a service of the server's
/// `ServiceGroup`: started with the server, cancelled when a graceful shutdown begins (the
/// loops end on cancellation), and awaited before the process exits — no task outlives it.
struct BackgroundLoop: Service {
    let body: @Sendable () async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown { await body() }
        // A loop with nothing to do here (no shared store; last-use tracking off) returns at
        // once, and a service that returns ends the whole group: it waits for the shutdown.
        try? await gracefulShutdown()
    }
}
