import Crypto
import TrentCrypto
import Foundation
import TrentDomain

/// Verifies AWS Signature Version 4 requests (the `Authorization` header, or
/// presigned query parameters) and tells who signed them.
///
/// Checks run in AWS's order, so the first failure is the one AWS would report:
/// header vs query auth → algorithm and `key=value` syntax → required parts →
/// `host` signed → date syntax → clock skew → credential shape → credential scope
/// (region, service, terminator, date) → access key → payload hash and signature →
/// session token.
///
/// Thread-safe and lock-light: the only shared mutable state is the signing-key
/// cache. Secrets and derived keys never appear in errors or descriptions.
public final class SigV4Verifier: Sendable {
    private let credentials: any CredentialLookup
    private let allowedServices: Set<String>
    private let regions: ServedRegions
    private let maxClockSkew: TimeInterval
    private let now: @Sendable () -> Date
    let keyCache: SigningKeyCache

    /// - Parameters:
    ///   - credentials: resolves access key ids.
    ///   - allowedServices: services a credential scope may name.
    ///   - regions: regions a credential scope may name.
    ///   - maxClockSkew: how far the request time may be from `now()`, either way (AWS: 15 min).
    ///   - now: the clock.
    public init(
        credentials: any CredentialLookup,
        allowedServices: Set<String> = ["kms", "sts"],
        regions: ServedRegions = .awsPublic,
        maxClockSkew: TimeInterval = 900,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.credentials = credentials
        self.allowedServices = allowedServices
        self.regions = regions
        self.maxClockSkew = maxClockSkew
        self.now = now
        self.keyCache = SigningKeyCache()
    }

    /// Verifies `request`; throws AWS's exception for the first check that fails.
    public func verify(_ request: SigV4Request) throws(KMSError) -> AuthenticatedCaller {
        let prepared = try prepare(request)

        // A session's key is known only through its token; a long-term key never takes one.
        let found: Credential?
        if let token = prepared.parameters.sessionToken {
            found = credentials.credential(forAccessKeyId: prepared.scope.accessKeyId, sessionToken: token)
        } else {
            found = credentials.credential(forAccessKeyId: prepared.scope.accessKeyId)
        }
        guard let credential = found, (credential.sessionToken == nil) == (prepared.parameters.sessionToken == nil) else {
            throw SigV4Errors.unrecognizedClient()
        }

        let payloadHash = try Self.payloadHash(request, prepared.headers)
        let stringToSign = prepared.stringToSign(payloadHash: payloadHash)

        var mac = keyCache.derived(
            secretAccessKey: credential.secretAccessKey,
            accessKeyId: credential.accessKeyId,
            date: prepared.scope.date,
            region: prepared.scope.region,
            service: prepared.scope.service
        ).keyedMAC
        mac.update(data: Array(stringToSign.utf8))
        // A well-formed signature is 64 lowercase hex digits; anything else cannot match.
        // `==` between a MAC and bytes is swift-crypto's constant-time comparison.
        guard let provided = Hex.decode(prepared.parameters.signature, lowercaseOnly: true), provided.count == SHA256.byteCount,
              mac.finalize() == provided
        else {
            throw SigV4Errors.signatureMismatch()
        }

        // AWS reports an expired session only to a caller who could sign with it.
        if let expiration = credential.expiration, expiration <= now() {
            throw SigV4Errors.expiredToken()
        }

        return AuthenticatedCaller(
            credential: credential,
            region: prepared.scope.region,
            service: prepared.scope.service,
            requestDate: prepared.requestDate
        )
    }

    // MARK: - Steps (internal for tests)

    /// Everything that can be checked and built before the credential is looked up.
    struct Prepared {
        let parameters: SigV4AuthParameters
        let scope: CredentialScope
        let requestDate: Date
        /// The request time as `yyyyMMdd'T'HHmmss'Z'`.
        let timestamp: String
        let headers: HeaderIndex
        let query: [QueryParameter]
        let request: SigV4Request

        func canonicalRequest(payloadHash: String) -> CanonicalRequest {
            CanonicalRequest(
                method: request.method,
                path: request.path,
                query: query,
                excludeSignatureParameter: parameters.mode != .header,
                headers: headers,
                signedHeaders: parameters.signedHeaders,
                payloadHash: payloadHash
            )
        }

        func stringToSign(payloadHash: String) -> String {
            StringToSign.build(
                timestamp: timestamp,
                scope: scope.scope,
                canonicalRequestHash: canonicalRequest(payloadHash: payloadHash).hash
            )
        }
    }

    func prepare(_ request: SigV4Request) throws(KMSError) -> Prepared {
        let headers = HeaderIndex(request.headers)
        let query = QueryString.parse(request.query)

        let authorization = headers.first("authorization")
        let parameters: SigV4AuthParameters
        switch (authorization, PresignedQuery.isPresigned(query)) {
        case (.some, true):
            throw SigV4Errors.bothHeaderAndQueryAuthorization()
        case let (.some(authorization), false):
            parameters = try AuthorizationHeader.parse(authorization, headers: headers)
        case (.none, true):
            parameters = try PresignedQuery.parse(query, headers: headers)
        case (.none, false):
            throw SigV4Errors.missingAuthenticationToken()
        }

        let signsHost = parameters.signedHeaderNames.contains {
            let name = ASCII.lowercased($0)
            return name == "host" || name == ":authority"
        }
        guard signsHost else { throw SigV4Errors.hostNotSigned() }

        let requestDate: Date, timestamp: String
        if let basic = AmzDate.parseBasic(parameters.timestamp) {
            // A valid basic-format time is already its own canonical text.
            requestDate = basic
            timestamp = parameters.timestamp
        } else if parameters.mode == .header, let httpDate = AmzDate.parseHTTPDate(parameters.timestamp) {
            requestDate = httpDate
            timestamp = AmzDate.format(httpDate)
        } else {
            throw SigV4Errors.invalidDate(parameters.timestamp)
        }
        try checkTime(requestDate, timestamp: timestamp, mode: parameters.mode)

        let scope = try CredentialScope.parse(parameters.credential)
        let problems = scope.problems(
            allowedServices: allowedServices,
            regions: regions,
            expectedService: expectedService(headers),
            requestTime: timestamp
        )
        guard problems.isEmpty else { throw SigV4Errors.invalidCredentialScope(problems) }

        return Prepared(
            parameters: parameters, scope: scope, requestDate: requestDate, timestamp: timestamp,
            headers: headers, query: query, request: request
        )
    }

    /// `now - maxClockSkew <= requestDate <= now + maxClockSkew`; a presigned request
    /// with `X-Amz-Expires` is instead good until `requestDate + expires`.
    private func checkTime(_ requestDate: Date, timestamp: String, mode: SigV4AuthParameters.Mode) throws(KMSError) {
        let current = now()
        var window = maxClockSkew
        if case let .query(expires?) = mode { window = TimeInterval(expires) }
        let earliest = current.addingTimeInterval(-window)
        if requestDate < earliest {
            throw SigV4Errors.signatureExpired(
                requestTime: timestamp, earliest: AmzDate.format(earliest), now: AmzDate.format(current), window: window
            )
        }
        let latest = current.addingTimeInterval(maxClockSkew)
        if requestDate > latest {
            throw SigV4Errors.signatureNotYetCurrent(
                requestTime: timestamp, latest: AmzDate.format(latest), now: AmzDate.format(current), window: maxClockSkew
            )
        }
    }

    /// The service a request is for when the request itself says so: a KMS JSON call
    /// (`X-Amz-Target: TrentService.*`) is for `kms`; a form-encoded call without a
    /// target (the STS query protocol) is for `sts`. Only services this verifier
    /// allows are inferred; otherwise any allowed service is accepted and the caller's
    /// `service` tells the router which one was signed for.
    private func expectedService(_ headers: HeaderIndex) -> String? {
        if let target = headers.first("x-amz-target") {
            return target.hasPrefix("TrentService.") && allowedServices.contains("kms") ? "kms" : nil
        }
        if let contentType = headers.first("content-type"),
           contentType.lowercased().hasPrefix("application/x-www-form-urlencoded"),
           allowedServices.contains("sts") {
            return "sts"
        }
        return nil
    }

    /// The payload line of the canonical request: the body's SHA-256, unless
    /// `x-amz-content-sha256` says otherwise. `UNSIGNED-PAYLOAD` is taken as is; any
    /// other value must be the body's real hash, or the signature cannot match.
    static func payloadHash(_ request: SigV4Request, _ headers: HeaderIndex) throws(KMSError) -> String {
        let bodyHash = Hex.encode(SHA256.hash(data: request.body))
        guard let declared = headers.first("x-amz-content-sha256") else { return bodyHash }
        let value = CanonicalRequest.trimAll(declared)
        if value == "UNSIGNED-PAYLOAD" { return value }
        guard value == bodyHash else { throw SigV4Errors.signatureMismatch() }
        return bodyHash
    }
}
