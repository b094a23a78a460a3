import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TrentAPI
import TrentAuth
import TrentDomain

/// `POST /`: the AWS JSON 1.1 wire protocol in front of `KMSService`, plus STS
/// GetCallerIdentity. Authenticates every request with SigV4 before reading its JSON.
public struct KMSHTTPHandler: Sendable {
    public static let maxBodyBytes = 1 << 20
    static let targetPrefix = "TrentService."
    static let amzTarget = HTTPField.Name("X-Amz-Target")!
    static let requestIdHeader = HTTPField.Name("x-amzn-RequestId")!
    static let jsonContentType = "application/x-amz-json-1.1"

    let service: KMSService
    let verifier: SigV4Verifier
    let logger: Logger
    let audit: AuditLog?

    public init(service: KMSService, verifier: SigV4Verifier, logger: Logger, audit: AuditLog? = nil) {
        self.service = service
        self.verifier = verifier
        self.logger = logger
        self.audit = audit
    }

    public func handle(_ request: Request, remoteAddress: String? = nil) async -> Response {
        let requestId = RequestID.make()
        let started = ContinuousClock.now
        var request = request
        let bytes: [UInt8]
        do {
            bytes = Array(buffer: try await request.collectBody(upTo: Self.maxBodyBytes))
        } catch {
            return errorResponse(KMSError("ValidationException", "Request body exceeds the maximum size of \(Self.maxBodyBytes) bytes.", httpStatus: 413), requestId: requestId)
        }
        let target = request.headers.value(of: Self.amzTarget)
        if target == nil, isForm(request) {
            return stsResponse(request, bytes, requestId: requestId)
        }

        var outcome = "ok"
        // Named before authentication so that refused calls are logged and audited by name.
        var operation = target.flatMap { $0.hasPrefix(Self.targetPrefix) ? String($0.dropFirst(Self.targetPrefix.count)) : nil } ?? "-"
        var account = "-"
        var keyId = "-"
        var auditEvent = AuditEvent(
            requestId: requestId, time: Date(), operation: "-", caller: nil, region: nil,
            sourceAddress: remoteAddress, userAgent: request.headers.value(of: .userAgent), parameters: nil,
            resources: [], errorCode: nil, errorMessage: nil
        )
        var context: TrentAPI.RequestContext?
        defer {
            let elapsed = ContinuousClock.now - started
            logger.info("request", metadata: [
                "requestId": "\(requestId)", "operation": "\(operation)", "account": "\(account)",
                "keyId": "\(keyId)", "outcome": "\(outcome)",
                "latencyMicros": "\(elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000)",
            ])
            if let audit {
                auditEvent.operation = operation
                auditEvent.resources = context?.resources.keyArns ?? []
                audit.record(auditEvent.json())
            }
        }
        do throws(KMSError) {
            let caller = try verifier.verify(sigV4Request(request, bytes))
            guard caller.service == "kms" else {
                throw KMSError("InvalidSignatureException", "Credential should be scoped to correct service: 'kms'. ")
            }
            account = caller.credential.accountId
            auditEvent.caller = caller.credential
            auditEvent.region = caller.region
            guard let target, target.hasPrefix(Self.targetPrefix) else {
                throw KMSError("UnknownOperationException", "")
            }
            operation = String(target.dropFirst(Self.targetPrefix.count))
            // An empty body is not a JSON document; AWS answers SerializationException too.
            let body = try JSONParser.parse(bytes)
            if case .object(let params) = body {
                keyId = params.string("KeyId") ?? params.string("DestinationKeyId") ?? params.string("TargetKeyId") ?? "-"
                auditEvent.parameters = params
            }
            let requestContext = RequestContext(
                requestId: requestId, account: caller.credential.accountId, region: caller.region,
                userName: caller.credential.userName, accessKeyId: caller.credential.accessKeyId
            )
            context = requestContext
            // Most calls never wait: answering them without an `await` saves a task switch.
            let result = try service.handleWithoutWaiting(operation: operation, body: body, context: requestContext)
            if let result {
                return jsonResponse(.ok, JSONWriter.encode(result), requestId: requestId)
            }
            let waited = try await service.handle(operation: operation, body: body, context: requestContext)
            return jsonResponse(.ok, JSONWriter.encode(waited), requestId: requestId)
        } catch {
            outcome = error.type
            auditEvent.errorCode = error.type
            auditEvent.errorMessage = error.message
            return errorResponse(error, requestId: requestId)
        }
    }

    func sigV4Request(_ request: Request, _ body: [UInt8]) -> SigV4Request {
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(request.headers.count + 1)
        // HTTP/1.1's Host header arrives as the :authority pseudo-header; SigV4 signs it as "host".
        if let authority = request.head.authority {
            headers.append((name: "host", value: authority))
        }
        for field in request.headers {
            headers.append((name: field.name.rawName, value: field.value))
        }
        let target = request.head.path ?? "/"
        let path: String, query: String
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = String(target[target.index(after: mark)...])
        } else {
            path = target
            query = ""
        }
        return SigV4Request(method: request.method.rawValue, path: path, query: query, headers: headers, body: body)
    }

    func isForm(_ request: Request) -> Bool {
        request.headers.value(of: .contentType)?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true
    }

    func stsResponse(_ request: Request, _ bytes: [UInt8], requestId: String) -> Response {
        do throws(KMSError) {
            let caller = try verifier.verify(sigV4Request(request, bytes))
            let fields = STSResponder.formFields(bytes)
            guard caller.service == "sts", fields["Action"] == "GetCallerIdentity" else {
                throw KMSError("InvalidAction", "Could not find operation \(fields["Action"] ?? "") for version \(fields["Version"] ?? "")", httpStatus: 400)
            }
            logger.info("request", metadata: ["requestId": "\(requestId)", "operation": "sts:GetCallerIdentity", "account": "\(caller.credential.accountId)", "outcome": "ok"])
            return xmlResponse(.ok, STSResponder.getCallerIdentity(caller.credential, requestId: requestId), requestId: requestId)
        } catch {
            let stsError = SigV4Errors.queryProtocolEquivalent(of: error)
            logger.info("request", metadata: ["requestId": "\(requestId)", "operation": "sts", "outcome": "\(stsError.type)"])
            return xmlResponse(HTTPResponse.Status(code: stsError.httpStatus), STSResponder.error(stsError, requestId: requestId), requestId: requestId)
        }
    }

    func errorResponse(_ error: KMSError, requestId: String) -> Response {
        jsonResponse(HTTPResponse.Status(code: error.httpStatus), ErrorBody.json(error), requestId: requestId)
    }

    func jsonResponse(_ status: HTTPResponse.Status, _ body: [UInt8], requestId: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = Self.jsonContentType
        headers[Self.requestIdHeader] = requestId
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    func xmlResponse(_ status: HTTPResponse.Status, _ body: String, requestId: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/xml"
        headers[Self.requestIdHeader] = requestId
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
