import ArgumentParser
import Foundation
import Logging
import TrentAPI
import TrentAuth
import TrentCrypto
import TrentHTTP
import TrentStorage

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the KMS-compatible server."
    )

    @Option(name: .long, help: "Data directory (created on first start).")
    var dataDir: String = "./trent-data"

    @Option(name: .long, help: "Address to listen on, HOST:PORT.")
    var listen: String = "127.0.0.1:4599"

    @Option(name: .long, help: "YAML file declaring further accounts, users and access keys.")
    var config: String?

    @Option(name: .long, help: "PEM certificate chain for TLS.")
    var tlsCert: String?

    @Option(name: .long, help: "PEM private key for TLS.")
    var tlsKey: String?

    @Flag(name: .long, help: "Allow plain HTTP on a non-loopback address (plaintexts and data keys cross the wire).")
    var insecureHttp = false

    @Option(name: .long, help: "Seconds a connection may stay silent (idle, or sending a request slowly) before it is closed.")
    var idleTimeout: Int = 300

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(name: .long, help: "Comma-separated regions to serve (default: the AWS commercial regions, listed in the README). A request scoped to any other region is refused.")
    var regions: String?

    @Option(name: .long, help: "The store: postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|verify-full] for several nodes on one database (also TRENT_STORE_URL; default: SQLite in the data directory).")
    var store: String?

    @Option(name: .long, help: "File holding the PostgreSQL password (else the URL's, or TRENT_STORE_PASSWORD).")
    var storePasswordFile: String?

    @Option(name: .long, help: "This node's name in logs and audit records (letters, digits, - _ .; default: one made once and kept in the data directory).")
    var nodeId: String?

    @Option(name: .long, help: .hidden)
    var schedulerTimeOffset: Double = 0

    // Tests shorten the background phases (seconds between scheduler passes; seconds a new
    // replica stays Creating); a benchmark switches last-use tracking off to measure its cost.
    @Option(name: .long, help: .hidden)
    var schedulerInterval: Double = 60

    @Option(name: .long, help: .hidden)
    var transitionDelay: Double = 2

    @Flag(name: .long, help: .hidden)
    var noKeyUsageTracking = false

    @Flag(name: .long, help: .hidden)
    var benchFloorEndpoint = false

    func run() async throws {
        umask(0o077)
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            JSONLineLogHandler(label: label, logLevel: level)
        }
        let logger = Logger(label: "trent")
        defer { JSONLineLogHandler.sink.flush() }
        do {
            try await serve(logger: logger)
        } catch let error as TrentStartupError {
            FileHandle.standardError.write(Data("trent: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }

    func serve(logger: Logger) async throws {
        let (host, port) = try Self.parseListen(listen)
        let served = try servedRegions()
        guard schedulerInterval > 0, schedulerInterval.isFinite, transitionDelay >= 0, transitionDelay.isFinite else {
            throw TrentStartupError("--scheduler-interval must be positive and --transition-delay not negative")
        }
        guard (1 ... 86_400).contains(idleTimeout) else {
            throw TrentStartupError("--idle-timeout must be 1 to 86400 seconds, got \(idleTimeout)")
        }
        let tls = try tlsFiles()
        if tls == nil, !Self.isLoopback(host), !insecureHttp {
            throw TrentStartupError("refusing to listen on \(host) without TLS: give --tls-cert and --tls-key, or --insecure-http")
        }
        let environment = ProcessInfo.processInfo.environment
        let postgres = try postgresLocation(environment)
        if let nodeId, !NodeId.isValid(nodeId) {
            throw TrentStartupError("--node-id must be 1 to 64 letters, digits, '-', '_' or '.'")
        }
        let directory = DataDirectory(path: dataDir)
        try directory.create()
        var logger = logger
        let node = try nodeId ?? directory.nodeId()
        logger[metadataKey: "node"] = "\(node)"
        guard let postgres else {
            let isNew = !directory.hasDatabase
            try await serve(store: SQLiteStore(path: directory.databasePath), storeName: dataDir, isNew: isNew, directory: directory,
                            host: host, port: port, served: served, tls: tls, node: node, logger: logger)
            return
        }
        let store = PostgresStore(configuration: try postgres.clientConfiguration(), logger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await store.run() }
            let isNew: Bool
            do {
                try await store.migrate()
                isNew = try await store.rootKeyCheckValue() == nil
            } catch {
                throw TrentStartupError("cannot use the store \(postgres): \(String(describing: error).prefix(300))")
            }
            try await serve(store: store, storeName: postgres.description, isNew: isNew, directory: directory, host: host, port: port, served: served, tls: tls, node: node, logger: logger)
            group.cancelAll()
        }
    }

    /// The PostgreSQL store named by --store or TRENT_STORE_URL, with its password from the
    /// URL, --store-password-file or TRENT_STORE_PASSWORD; nil for the embedded SQLite store.
    func postgresLocation(_ environment: [String: String]) throws -> PostgresLocation? {
        guard let url = store ?? environment["TRENT_STORE_URL"] else { return nil }
        var password = environment["TRENT_STORE_PASSWORD"]
        if let file = storePasswordFile {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw TrentStartupError("--store-password-file \(file) cannot be read")
            }
            password = text.trimmingCharacters(in: .newlines)
        }
        do {
            return try PostgresLocation.parse(url, password: password)
        } catch let error as PostgresLocation.Invalid {
            throw TrentStartupError("--store: \(error)")
        }
    }

    /// Everything after the store is open: root key, identities, service, server.
    /// `storeName` says where the data lives, for messages: the data directory, or the
    /// database's URL without its password.
    func serve(
        store: any TrentStore, storeName: String, isNew: Bool, directory: DataDirectory, host: String, port: Int,
        served: ServedRegions, tls: TrentServer.TLSFiles?, node: String, logger: Logger
    ) async throws {
        let environment = ProcessInfo.processInfo.environment
        let rootKeyPath = environment["TRENT_ROOT_KEY_FILE"] ?? directory.defaultRootKeyPath
        let rootKey: RootKey
        do {
            rootKey = try DataDirectory.loadRootKey(at: rootKeyPath, createIfMissing: isNew)
        } catch let error as RootKeyError {
            throw TrentStartupError("root key \(rootKeyPath) is unusable: \(error)")
        }
        if let check = try await store.rootKeyCheckValue() {
            guard rootKey.verify(checkValue: check) else {
                throw TrentStartupError("wrong root key: \(rootKeyPath) does not open the data in \(storeName); refusing to start")
            }
        } else {
            try await store.setRootKeyCheckValue(rootKey.makeCheckValue())
        }
        let bootstrap = IdentityBootstrap(store: store, rootKey: rootKey, directory: directory, environment: environment)
        let admin = try await bootstrap.admin()
        let identitySource = IdentitySource(admin: admin.definitions, configPath: config, environment: environment)
        let identities = IdentityRegistry(try identitySource.load(), sessions: SessionTokens(rootKey: rootKey))
        let audit: AuditLog
        do {
            audit = try AuditLog(path: directory.auditLogPath, nodeId: node)
        } catch {
            throw TrentStartupError("\(error)")
        }
        let service: KMSService
        do {
            service = try await KMSService.open(
                store: store, rootKey: rootKey, identities: identities, logger: logger,
                clock: schedulerTimeOffset == 0 ? SystemClock() : OffsetClock(offset: schedulerTimeOffset),
                options: ServiceOptions(
                    regions: served, transitionDelay: .milliseconds(Int64(transitionDelay * 1000)),
                    trackKeyUsage: !noKeyUsageTracking, nodeId: node
                ),
                events: audit
            )
        } catch is RootKeyError {
            throw TrentStartupError("wrong root key: key material in \(storeName) does not open under \(rootKeyPath); refusing to start")
        }
        let verifier = SigV4Verifier(credentials: identities, regions: served)
        let reloader = ConfigurationReloader(source: identitySource, registry: identities, logger: logger)
        reloader.start()
        defer { reloader.stop() }
        let handler = KMSHTTPHandler(service: service, verifier: verifier, logger: logger, audit: audit, secureTransport: tls != nil)
        let server = TrentServer(
            handler: handler, host: host, port: port, tls: tls, logger: logger,
            backgroundTasks: [
                { await service.runScheduler(interval: .milliseconds(Int64(schedulerInterval * 1000))) },
                { await service.runUsageFlusher() },
                { await service.runTransitionFinisher() },
                { await service.runChangeFollower() },
                { await service.runReconciler() },
                { await service.runHeartbeat() },
                { await audit.run() },
                { await JSONLineLogHandler.sink.run(interval: .milliseconds(100)) },
            ],
            floorEndpoint: benchFloorEndpoint,
            idleTimeout: .seconds(Int64(idleTimeout))
        )
        defer {
            audit.flush()
            JSONLineLogHandler.sink.flush()
        }
        let notice = admin.notice
        try await server.run { url in
            // Written in one call, unbuffered, so a supervisor reading our stdout sees it at once.
            FileHandle.standardOutput.write(Data("Trent listening on \(url)\n\(notice)\n".utf8))
        }
    }

    func servedRegions() throws -> ServedRegions {
        guard let regions else { return .awsPublic }
        let names = regions.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        switch ServedRegions.parse(names) {
        case .success(let served): return served
        case .failure(let error): throw TrentStartupError("--regions: \(error)")
        }
    }

    func tlsFiles() throws -> TrentServer.TLSFiles? {
        switch (tlsCert, tlsKey) {
        case (nil, nil): return nil
        case (let cert?, let key?): return TrentServer.TLSFiles(certificatePath: cert, privateKeyPath: key)
        default: throw TrentStartupError("--tls-cert and --tls-key must be given together")
        }
    }

    static func parseListen(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0 ... 65535).contains(port) else {
            throw TrentStartupError("--listen must be HOST:PORT, got '\(text)'")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
