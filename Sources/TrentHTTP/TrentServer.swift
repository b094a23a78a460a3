import Logging
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix
import NIOSSL
import ServiceLifecycle
import TrentAPI

/// The HTTP(S) server: SwiftNIO's HTTP/1.1 codec with one event loop per core, and
/// `HTTPRequestHandler` at the end of each connection's pipeline. SIGTERM and SIGINT stop
/// it gracefully: the listener closes, in-flight requests are answered, idle connections
/// close, then `run` returns.
///
/// NIO directly rather than a web framework on top of it: Trent serves one route, and a
/// framework's per-request task, router and async body stream cost more CPU than the
/// signature check and the cryptography of a typical call.
public struct TrentServer: Sendable {
    public struct TLSFiles: Sendable {
        public let certificatePath: String
        public let privateKeyPath: String
        public init(certificatePath: String, privateKeyPath: String) {
            self.certificatePath = certificatePath
            self.privateKeyPath = privateKeyPath
        }
    }

    let handler: KMSHTTPHandler
    let host: String
    let port: Int
    let tls: TLSFiles?
    let logger: Logger
    let backgroundTasks: [@Sendable () async -> Void]
    let floorEndpoint: Bool
    let idleTimeout: TimeAmount

    /// - Parameter idleTimeout: how long a connection may send nothing before it is closed
    ///   (between requests, or in the middle of one sent too slowly); a call being answered
    ///   is never cut off.
    public init(
        handler: KMSHTTPHandler, host: String, port: Int, tls: TLSFiles?, logger: Logger,
        backgroundTasks: [@Sendable () async -> Void] = [], floorEndpoint: Bool = false,
        idleTimeout: TimeAmount = .minutes(5)
    ) {
        self.floorEndpoint = floorEndpoint
        self.idleTimeout = idleTimeout
        self.handler = handler
        self.host = host
        self.port = port
        self.tls = tls
        self.logger = logger
        self.backgroundTasks = backgroundTasks
    }

    public func run(onListening: @escaping @Sendable (_ url: String) -> Void) async throws {
        let service = ListeningService(server: self, sslContext: try makeSSLContext(), onListening: onListening)
        // The group shuts services down in reverse order: the listener drains its connections
        // first, then the loops that flush what those requests wrote.
        let loops = backgroundTasks.map { ServiceGroupConfiguration.ServiceConfiguration(service: BackgroundLoop(body: $0)) }
        let group = ServiceGroup(configuration: .init(
            services: loops + [.init(service: service)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        try await group.run()
    }

    func makeSSLContext() throws -> NIOSSLContext? {
        guard let tls else { return nil }
        let chain = try NIOSSLCertificate.fromPEMFile(tls.certificatePath)
        let key = try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) },
            privateKey: .privateKey(key)
        )
        configuration.minimumTLSVersion = .tlsv12
        return try NIOSSLContext(configuration: configuration)
    }
}

/// Binds, serves until a graceful shutdown is asked for, then quiesces every connection.
private struct ListeningService: Service {
    let server: TrentServer
    let sslContext: NIOSSLContext?
    let onListening: @Sendable (_ url: String) -> Void

    /// SDK requests carry about ten headers in well under 8 KiB; a request far beyond that is
    /// refused by the HTTP decoder (400) before anything parses it.
    static let decoderLimits: NIOHTTPDecoderLimitConfiguration = {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = 16 * 1024
        limits.maxHeaderListSize = 64 * 1024
        limits.maxHeaderFieldCount = 200
        return limits
    }()

    func run() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let quiesce = ServerQuiescingHelper(group: group)
        let handler = server.handler, floorEndpoint = server.floorEndpoint, sslContext = sslContext
        let idleTimeout = server.idleTimeout
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiesce.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(IdleStateHandler(readTimeout: idleTimeout))
                    if let sslContext {
                        try pipeline.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try pipeline.configureHTTPServerPipeline(
                        withPipeliningAssistance: true, withErrorHandling: true,
                        withEncoderConfiguration: .init(), withDecoderLimitConfiguration: Self.decoderLimits
                    )
                    try pipeline.addHandler(HTTPRequestHandler(kms: handler, floorEndpoint: floorEndpoint))
                }
            }
            .bind(host: server.host, port: server.port)
            .get()

        let scheme = sslContext == nil ? "http" : "https"
        onListening("\(scheme)://\(server.host):\(channel.localAddress?.port ?? server.port)")
        await withGracefulShutdownHandler {
            try? await channel.closeFuture.get()
        } onGracefulShutdown: {
            quiesce.initiateShutdown(promise: nil)
        }
        // The listener is closed; wait for the connections to finish and close too.
        let drained = group.next().makePromise(of: Void.self)
        quiesce.initiateShutdown(promise: drained)
        try? await drained.futureResult.get()
    }
}
