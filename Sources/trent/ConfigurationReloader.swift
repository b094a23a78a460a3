import Dispatch
import Foundation
import Logging
import TrentAPI

/// `kill -HUP` re-reads the identities: a valid file replaces them whole between two requests
/// (in-flight requests keep the identities they started with); an invalid one is refused with
/// a log line naming the error, and the identities in force stay.
/// `@unchecked Sendable`: a dispatch source is safe to use from any thread; the rest is immutable.
final class ConfigurationReloader: @unchecked Sendable {
    let source: IdentitySource
    let registry: IdentityRegistry
    let logger: Logger
    private let signal: any DispatchSourceSignal

    init(source: IdentitySource, registry: IdentityRegistry, logger: Logger) {
        self.source = source
        self.registry = registry
        self.logger = logger
        Foundation.signal(SIGHUP, SIG_IGN)
        signal = DispatchSource.makeSignalSource(signal: SIGHUP, queue: DispatchQueue(label: "trent.reload"))
    }

    func start() {
        signal.setEventHandler { [self] in reload() }
        signal.resume()
    }

    func stop() {
        signal.cancel()
    }

    func reload() {
        do {
            let next = try source.load()
            registry.replace(next)
            logger.notice("configuration reloaded", metadata: ["accessKeys": "\(next.accessKeyCount)", "accounts": "\(next.accountIds.count)"])
        } catch {
            logger.error("configuration reload refused; the identities in force stay", metadata: ["error": "\(error)"])
        }
    }
}
