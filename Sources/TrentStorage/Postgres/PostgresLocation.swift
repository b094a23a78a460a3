import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL store is: `postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]`.
/// The password may instead come from a file or the environment (the caller passes it), so
/// it need not sit in a command line that `ps` shows. Never logged: `description` omits it.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let username: String
    public let password: String?
    public let database: String
    public let tlsMode: TLSMode

    /// libpq's sslmode names. `prefer` (libpq's default) tries TLS and falls back to plain
    /// text; `require` insists on TLS without checking the certificate; `verify-full` checks
    /// it against the system's trust roots and the host name.
    public enum TLSMode: String, Sendable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    public static func parse(_ text: String, password override: String? = nil) throws -> PostgresLocation {
        guard isPostgresURL(text), let components = URLComponents(string: text) else {
            throw Invalid(description: "a store URL is postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        guard let host = components.host, !host.isEmpty else { throw Invalid(description: "the store URL names no host") }
        guard let user = components.user, !user.isEmpty else { throw Invalid(description: "the store URL names no user") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw Invalid(description: "the store URL names no database") }
        let port = components.port ?? 5432
        guard (1 ... 65535).contains(port) else { throw Invalid(description: "the store URL's port must be 1 to 65535") }
        var mode = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let parsed = TLSMode(rawValue: value) else {
                    throw Invalid(description: "sslmode must be disable, prefer, require or verify-full")
                }
                mode = parsed
            default:
                throw Invalid(description: "the store URL has an unknown parameter '\(item.name)' (only sslmode is understood)")
            }
        }
        return PostgresLocation(
            host: host, port: port, username: user.removingPercentEncoding ?? user,
            password: override ?? components.password?.removingPercentEncoding, database: database.removingPercentEncoding ?? database,
            tlsMode: mode
        )
    }

    public var description: String {
        "postgresql://\(username)@\(host):\(port)/\(database)?sslmode=\(tlsMode.rawValue)"
    }

    /// The pool's configuration: at most `maximumConnections` connections, a bounded connect
    /// time, so a database that is down makes writes fail quickly instead of hanging.
    public func clientConfiguration(maximumConnections: Int = 16) throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch tlsMode {
        case .disable:
            tls = .disable
        case .prefer, .require:
            var config = TLSConfiguration.makeClientConfiguration()
            config.certificateVerification = .none
            tls = tlsMode == .prefer ? .prefer(config) : .require(config)
        case .verifyFull:
            tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls
        )
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}
