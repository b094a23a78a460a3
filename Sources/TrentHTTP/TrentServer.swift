import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL
import TrentAPI
import TrentAuth

/// Builds and runs the HTTP server. Hummingbird's service group handles SIGTERM and SIGINT:
/// the listener closes, in-flight requests finish, then `run` returns.
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

    public init(
        handler: KMSHTTPHandler, host: String, port: Int, tls: TLSFiles?, logger: Logger,
        backgroundTasks: [@Sendable () async -> Void] = [], floorEndpoint: Bool = false
    ) {
        self.floorEndpoint = floorEndpoint
        self.handler = handler
        self.host = host
        self.port = port
        self.tls = tls
        self.logger = logger
        self.backgroundTasks = backgroundTasks
    }

    public static func router(handler: KMSHTTPHandler, floorEndpoint: Bool = false) -> Router<TrentRequestContext> {
        let router = Router(context: TrentRequestContext.self)
        if floorEndpoint {
            // Benchmark baseline: the same HTTP stack, body read and response shape as a KMS
            // call, with no authentication, JSON or cryptography. Off unless asked for.
            router.post("/__floor") { request, _ -> Response in
                var request = request
                _ = try await request.collectBody(upTo: KMSHTTPHandler.maxBodyBytes)
                return handler.jsonResponse(.ok, Array("{}".utf8), requestId: "floor")
            }
        }
        router.get("/health") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\"}")))
        }
        // Every POST path reaches the handler: SDKs post to "/", and a request signed for
        // one path but sent to another must fail its signature check, not 404.
        router.post("/") { request, context -> Response in
            await handler.handle(request, remoteAddress: context.remoteIPAddress)
        }
        router.post("**") { request, context -> Response in
            await handler.handle(request, remoteAddress: context.remoteIPAddress)
        }
        return router
    }

    public func run(onListening: @escaping @Sendable (_ url: String) -> Void) async throws {
        let scheme = tls == nil ? "http" : "https"
        let server: HTTPServerBuilder
        if let tls {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificatePath)
            let key = try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) },
                privateKey: .privateKey(key)
            )
            configuration.minimumTLSVersion = .tlsv12
            let tlsConfiguration = configuration
            server = HTTPServerBuilder { responder in
                EventLoopPinnedChannel(base: try TLSChannel(HTTP1Channel(responder: responder), tlsConfiguration: tlsConfiguration))
            }
        } else {
            server = HTTPServerBuilder { responder in
                EventLoopPinnedChannel(base: HTTP1Channel(responder: responder))
            }
        }
        let tasks = backgroundTasks
        let port = port, host = host
        let app = Application(
            router: Self.router(handler: handler, floorEndpoint: floorEndpoint),
            server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let boundPort = channel.localAddress?.port ?? port
                onListening("\(scheme)://\(host):\(boundPort)")
                for task in tasks {
                    Task { await task() }
                }
            },
            logger: logger
        )
        try await app.runService()
    }
}

/// The request context: Hummingbird's core storage plus the peer address, which the audit
/// record names as `sourceIPAddress`.
public struct TrentRequestContext: Hummingbird.RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteIPAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteIPAddress = source.channel.remoteAddress?.ipAddress
    }
}
