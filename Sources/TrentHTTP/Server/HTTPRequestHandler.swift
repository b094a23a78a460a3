import Foundation
import NIOCore
import NIOHTTP1

/// The last handler of a connection's pipeline: collects each request (head, body up to
/// `KMSHTTPHandler.maxBodyBytes`, end), routes it and writes the answer.
///
/// A call that never waits is answered right here on the connection's event loop, where
/// its bytes arrived: no task, no thread hop, no wake-up. A call that waits on the store or
/// a key-generation thread runs in a task and is written back on the loop when done; NIO's
/// pipelining handler holds later requests of the connection until then, so answers keep
/// their order.
final class HTTPRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let kms: KMSHTTPHandler
    private let floorEndpoint: Bool
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var bodyTooLarge = false
    /// The HTTP version of the request being answered; the answer uses the same.
    private var version = HTTPVersion.http1_1
    /// The peer's address, read once per connection (the audit record's `sourceIPAddress`).
    private var remoteAddress: String?
    private var dateHeader = HTTPDateCache()
    /// Answers still to be written: a connection waiting on its own answer is not idle.
    private var pending = 0

    init(kms: KMSHTTPHandler, floorEndpoint: Bool) {
        self.kms = kms
        self.floorEndpoint = floorEndpoint
    }

    func channelActive(context: ChannelHandlerContext) {
        remoteAddress = context.channel.remoteAddress?.ipAddress
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.removeAll(keepingCapacity: true)
            bodyTooLarge = false
        case .body(let buffer):
            guard !bodyTooLarge else { return }
            if body.count + buffer.readableBytes > KMSHTTPHandler.maxBodyBytes {
                // Read on and drop the rest, so the connection stays in step.
                bodyTooLarge = true
                body.removeAll()
                return
            }
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let requestHead = head else { return }
            head = nil
            dispatch(context: context, requestHead)
        }
    }

    private func dispatch(context: ChannelHandlerContext, _ requestHead: HTTPRequestHead) {
        let keepAlive = requestHead.isKeepAlive
        version = requestHead.version
        if bodyTooLarge {
            write(context: context, kms.bodyTooLarge(), keepAlive: keepAlive)
            return
        }
        let uri = requestHead.uri
        let path = uri.firstIndex(of: "?").map { uri[..<$0] } ?? uri[...]
        switch requestHead.method {
        case .GET where path == "/health":
            write(context: context, OutgoingResponse(status: 200, contentType: "application/json", requestId: nil, body: Array(#"{"status":"ok"}"#.utf8)), keepAlive: keepAlive)
        case .POST where floorEndpoint && path == "/__floor":
            // Benchmark baseline: the same connection handling, body collection and response
            // writing as a KMS call, with no authentication, JSON or cryptography.
            write(context: context, kms.jsonResponse(200, Array("{}".utf8), requestId: "floor"), keepAlive: keepAlive)
        case .POST:
            // Every POST path reaches the KMS handler: SDKs post to "/", and a request signed
            // for one path but sent to another must fail its signature check, not 404.
            let request = IncomingRequest(
                method: "POST", uri: requestHead.uri, headers: Self.headers(requestHead), body: body, remoteAddress: remoteAddress
            )
            body = []
            switch kms.answer(request) {
            case .ready(let response):
                write(context: context, response, keepAlive: keepAlive)
            case .waiting(let call):
                let kms = self.kms
                pending += 1
                context.eventLoop.makeFutureWithTask { await kms.finish(call) }
                    .assumeIsolated()
                    .whenSuccess { [self, version = requestHead.version] response in
                        pending -= 1
                        self.version = version
                        write(context: context, response, keepAlive: keepAlive)
                    }
            }
        default:
            write(context: context, OutgoingResponse(status: 404, contentType: "application/json", requestId: nil, body: []), keepAlive: keepAlive)
        }
    }

    /// A connection silent for the idle timeout is closed, unless it is waiting for an answer:
    /// idle keep-alive connections and requests abandoned half-sent must not hold sockets
    /// forever.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            if pending == 0 { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// A connection that fails (reset, TLS alert, write error) is closed; its requests have
    /// nothing left to answer.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Every header as received, in order; SigV4 matches the signed names case-insensitively.
    private static func headers(_ head: HTTPRequestHead) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(head.headers.count)
        for (name, value) in head.headers {
            headers.append((name: name, value: value))
        }
        return headers
    }

    private func write(context: ChannelHandlerContext, _ response: OutgoingResponse, keepAlive: Bool) {
        var headers = HTTPHeaders()
        headers.reserveCapacity(5)
        headers.add(name: "Content-Type", value: response.contentType)
        if let requestId = response.requestId {
            headers.add(name: "x-amzn-RequestId", value: requestId)
        }
        headers.add(name: "Content-Length", value: String(response.body.count))
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        headers.add(name: "Date", value: dateHeader.current(epochSeconds: now.tv_sec))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: response.body.count)
        buffer.writeBytes(response.body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let done = context.writeAndFlushWithPromise(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}

private extension ChannelHandlerContext {
    func writeAndFlushWithPromise(_ data: NIOAny) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        writeAndFlush(data, promise: promise)
        return promise.futureResult
    }
}
