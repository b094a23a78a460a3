import Foundation
import Logging
import TrentAPI
import TrentAuth
import TrentDomain

/// `POST /`: the AWS JSON 1.1 wire protocol in front of `KMSService`, plus STS
/// GetCallerIdentity. Authenticates every request with SigV4 before reading its JSON.
///
/// Most calls never wait (every cryptographic and read operation): `answer` answers those on
/// the calling thread, the server's event loop, and hands back the others, authenticated and
/// parsed, for `finish` to run awaiting the store or a key-generation thread.
public struct KMSHTTPHandler: Sendable {
    public static let maxBodyBytes = 1 << 20
    static let targetPrefix = "TrentService."
    static let jsonContentType = "application/x-amz-json-1.1"

    let service: KMSService
    let verifier: SigV4Verifier
    let logger: Logger
    let audit: AuditLog?
    /// Whether the listener serves TLS: every request on it has `aws:SecureTransport` true.
    let secureTransport: Bool

    public init(service: KMSService, verifier: SigV4Verifier, logger: Logger, audit: AuditLog? = nil, secureTransport: Bool = false) {
        self.service = service
        self.verifier = verifier
        self.logger = logger
        self.audit = audit
        self.secureTransport = secureTransport
    }

    /// What `answer` gives: the response, or an authenticated call whose operation waits on
    /// the store or a key-generation thread, for `finish` to run.
    public enum Answer: Sendable {
        case ready(OutgoingResponse)
        case waiting(PendingCall)
    }

    /// Answers on the calling thread (the server's event loop) everything but the operations
    /// that wait: those come back as `.waiting`, authenticated and parsed, never run twice.
    public func answer(_ request: IncomingRequest) -> Answer {
        var call: PendingCall
        switch prepare(request) {
        case .answered(let response): return .ready(response)
        case .ready(let prepared): call = prepared
        }
        do throws(KMSError) {
            guard let result = try service.handleWithoutWaiting(operation: call.operation, body: call.body, context: call.context) else {
                return .waiting(call)
            }
            return .ready(complete(&call, .success(result)))
        } catch {
            return .ready(complete(&call, .failure(error)))
        }
    }

    public func finish(_ pending: PendingCall) async -> OutgoingResponse {
        var call = pending
        do throws(KMSError) {
            let result = try await service.handle(operation: call.operation, body: call.body, context: call.context)
            return complete(&call, .success(result))
        } catch {
            return complete(&call, .failure(error))
        }
    }

    // MARK: - Steps

    /// An authenticated, parsed call, waiting for its operation to run.
    public struct PendingCall: Sendable {
        let started: ContinuousClock.Instant
        let operation: String
        let body: JSONValue
        let context: TrentAPI.RequestContext
        let keyId: String
        var auditEvent: AuditEvent
    }

    enum Preparation {
        case answered(OutgoingResponse)
        case ready(PendingCall)
    }

    static func operationName(_ target: String?) -> String? {
        guard let target, target.hasPrefix(targetPrefix) else { return nil }
        return String(target.dropFirst(targetPrefix.count))
    }

    /// Everything before the operation: the request id, STS, the signature, the JSON body.
    /// A request refused here is logged and audited here.
    func prepare(_ request: IncomingRequest) -> Preparation {
        let requestId = RequestID.make()
        let started = ContinuousClock.now
        let target = request.header("x-amz-target")
        if target == nil, isForm(request) {
            return .answered(stsResponse(request, requestId: requestId))
        }
        // Named before authentication so that refused calls are logged and audited by name.
        let operation = Self.operationName(target)
        var auditEvent = AuditEvent(
            requestId: requestId, time: Date(), operation: operation ?? "-", caller: nil, region: nil,
            sourceAddress: request.remoteAddress, userAgent: request.header("user-agent"), parameters: nil,
            resources: [], errorCode: nil, errorMessage: nil
        )
        do throws(KMSError) {
            let caller = try verifier.verify(sigV4Request(request))
            guard caller.service == "kms" else {
                throw KMSError("InvalidSignatureException", "Credential should be scoped to correct service: 'kms'. ")
            }
            auditEvent.caller = caller.credential
            auditEvent.region = caller.region
            guard let operation else {
                throw KMSError("UnknownOperationException", "")
            }
            // An empty body is not a JSON document; AWS answers SerializationException too.
            let body = try JSONParser.parse(request.body)
            var keyId = "-"
            if case .object(let params) = body {
                keyId = params.string("KeyId") ?? params.string("DestinationKeyId") ?? params.string("TargetKeyId") ?? "-"
                auditEvent.parameters = params
            }
            let context = TrentAPI.RequestContext(
                requestId: requestId, eventId: auditEvent.eventId, caller: caller.credential, region: caller.region,
                sourceAddress: request.remoteAddress, secureTransport: secureTransport
            )
            return .ready(PendingCall(started: started, operation: operation, body: body, context: context, keyId: keyId, auditEvent: auditEvent))
        } catch {
            let account = auditEvent.caller?.accountId ?? "-"
            record(auditEvent, operation: operation ?? "-", account: account, keyId: "-", resources: [], error: error, started: started)
            return .answered(errorResponse(error, requestId: requestId))
        }
    }

    /// The answer to a call that ran, logged and audited.
    func complete(_ call: inout PendingCall, _ result: Result<JSONValue, KMSError>) -> OutgoingResponse {
        let requestId = call.context.requestId
        let response: OutgoingResponse
        var failure: KMSError?
        switch result {
        case .success(let value):
            response = jsonResponse(200, JSONWriter.encode(value), requestId: requestId)
        case .failure(let error):
            failure = error
            response = errorResponse(error, requestId: requestId)
        }
        call.auditEvent.authorizations = call.context.resources.decisions
        record(
            call.auditEvent, operation: call.operation, account: call.context.account, keyId: call.keyId,
            resources: call.context.resources.keyArns, error: failure, started: call.started
        )
        return response
    }

    private func record(
        _ event: AuditEvent, operation: String, account: String, keyId: String, resources: [String],
        error: KMSError?, started: ContinuousClock.Instant
    ) {
        let elapsed = ContinuousClock.now - started
        logger.info("request", metadata: [
            "requestId": "\(event.requestId)", "operation": "\(operation)", "account": "\(account)",
            "keyId": "\(keyId)", "outcome": "\(error?.type ?? "ok")",
            "latencyMicros": "\(elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000)",
        ])
        guard let audit else { return }
        var event = event
        event.resources = resources
        event.errorCode = error?.type
        event.errorMessage = error?.message
        event.nodeId = audit.nodeId
        audit.record(event.json())
    }

    func sigV4Request(_ request: IncomingRequest) -> SigV4Request {
        let path: String, query: String
        if let mark = request.uri.firstIndex(of: "?") {
            path = String(request.uri[..<mark])
            query = String(request.uri[request.uri.index(after: mark)...])
        } else {
            path = request.uri
            query = ""
        }
        return SigV4Request(method: request.method, path: path, query: query, headers: request.headers, body: request.body)
    }

    func isForm(_ request: IncomingRequest) -> Bool {
        request.header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true
    }

    /// STS's query protocol on the same endpoint: GetCallerIdentity and AssumeRole.
    func stsResponse(_ request: IncomingRequest, requestId: String) -> OutgoingResponse {
        let fields = STSResponder.formFields(request.body)
        let action = fields["Action"] ?? ""
        var event = AuditEvent(
            requestId: requestId, time: Date(), operation: action.isEmpty ? "-" : action, caller: nil, region: nil,
            sourceAddress: request.remoteAddress, userAgent: request.header("user-agent"), parameters: nil,
            resources: [], errorCode: nil, errorMessage: nil
        )
        event.eventSource = "sts.amazonaws.com"
        let started = ContinuousClock.now
        do throws(KMSError) {
            let caller = try verifier.verify(sigV4Request(request))
            event.caller = caller.credential
            event.region = caller.region
            guard caller.service == "sts" else {
                throw KMSError("InvalidAction", "Could not find operation \(action) for version \(fields["Version"] ?? "")", httpStatus: 400)
            }
            let body: String
            switch action {
            case "GetCallerIdentity":
                body = STSResponder.getCallerIdentity(caller.credential, requestId: requestId)
            case "AssumeRole":
                event.parameters = JSONObject([
                    ("roleArn", .string(fields["RoleArn"] ?? "")), ("roleSessionName", .string(fields["RoleSessionName"] ?? "")),
                    ("durationSeconds", .string(fields["DurationSeconds"] ?? "3600")),
                ])
                let result: AssumeRole.Result
                do {
                    result = try AssumeRole(registry: service.identities).run(
                        fields, caller: caller.credential, sourceAddress: request.remoteAddress,
                        secureTransport: secureTransport, now: Date()
                    )
                } catch {
                    throw (error as? KMSError) ?? KMSError("InternalFailure", "An internal error occurred.", httpStatus: 500)
                }
                event.resources = [result.role.arn]
                event.authorizations = [result.authorization]
                body = STSResponder.assumeRole(result, requestId: requestId)
            default:
                throw KMSError("InvalidAction", "Could not find operation \(action) for version \(fields["Version"] ?? "")", httpStatus: 400)
            }
            record(event, operation: "sts:\(action)", account: caller.credential.accountId, keyId: "-", resources: event.resources, error: nil, started: started)
            return xmlResponse(200, body, requestId: requestId)
        } catch {
            let stsError = SigV4Errors.queryProtocolEquivalent(of: error)
            record(event, operation: "sts:\(action)", account: event.caller?.accountId ?? "-", keyId: "-", resources: event.resources, error: stsError, started: started)
            return xmlResponse(stsError.httpStatus, STSResponder.error(stsError, requestId: requestId), requestId: requestId)
        }
    }

    func errorResponse(_ error: KMSError, requestId: String) -> OutgoingResponse {
        jsonResponse(error.httpStatus, ErrorBody.json(error), requestId: requestId)
    }

    func jsonResponse(_ status: Int, _ body: [UInt8], requestId: String) -> OutgoingResponse {
        OutgoingResponse(status: status, contentType: Self.jsonContentType, requestId: requestId, body: body)
    }

    func xmlResponse(_ status: Int, _ body: String, requestId: String) -> OutgoingResponse {
        OutgoingResponse(status: status, contentType: "text/xml", requestId: requestId, body: Array(body.utf8))
    }

    /// The answer to a body over `maxBodyBytes`, which is never read whole.
    func bodyTooLarge() -> OutgoingResponse {
        errorResponse(
            KMSError("ValidationException", "Request body exceeds the maximum size of \(Self.maxBodyBytes) bytes.", httpStatus: 413),
            requestId: RequestID.make()
        )
    }
}
