import TrentDomain

/// What a request says about its own signature, from either the `Authorization`
/// header or presigned query parameters.
struct SigV4AuthParameters: Sendable {
    enum Mode: Sendable, Equatable {
        case header
        /// Presigned: `X-Amz-Expires` seconds, if given.
        case query(expires: Int?)
    }

    var mode: Mode
    /// `accessKeyId/yyyyMMdd/region/service/aws4_request`, as sent.
    var credential: String
    /// The `SignedHeaders` list as sent, `;`-separated.
    var signedHeaders: String
    var signature: String
    /// The request time as sent (`X-Amz-Date` or `Date`).
    var timestamp: String
    var sessionToken: String?

    var signedHeaderNames: [Substring] {
        ASCII.split(Substring(signedHeaders), on: UInt8(ascii: ";"))
    }
}

/// Parses `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
enum AuthorizationHeader {
    static let algorithm = "AWS4-HMAC-SHA256"

    /// Checks, in AWS's order: the algorithm; every comma-separated component is
    /// `key=value` (the last of a repeated key wins); `Credential`, `Signature`,
    /// `SignedHeaders` and a date header are all present (all missing ones are
    /// reported together).
    static func parse(_ authorization: String, headers: HeaderIndex) throws(KMSError) -> SigV4AuthParameters {
        let trimmed = trimASCIIWhitespace(Substring(authorization))
        let algorithmEnd = trimmed.firstIndex(of: " ") ?? trimmed.endIndex
        let algorithm = trimmed[..<algorithmEnd]
        guard algorithm.hasPrefix("AWS4-") else { throw SigV4Errors.missingAuthenticationToken() }
        guard algorithm == Self.algorithm else { throw SigV4Errors.unsupportedAlgorithm(String(algorithm)) }

        // A handful of components: a list searched from the end gives "last one wins"
        // without hashing every key.
        var components: [(key: Substring, value: Substring)] = []
        for rawComponent in ASCII.split(trimmed[algorithmEnd...], on: UInt8(ascii: ",")) {
            let component = trimASCIIWhitespace(rawComponent)
            if component.isEmpty { continue }
            guard let equals = component.utf8.firstIndex(of: UInt8(ascii: "=")) else {
                throw SigV4Errors.invalidKeyValuePair(authorization: authorization)
            }
            components.append((component[..<equals], component[component.utf8.index(after: equals)...]))
        }
        let fields = { (name: String) -> Substring? in components.last { $0.key == name }?.value }

        var missing: [String] = []
        let credential = fields("Credential").flatMap { $0.isEmpty ? nil : String($0) }
        if credential == nil { missing.append(SigV4Errors.requiresCredential) }
        let signature = fields("Signature").flatMap { $0.isEmpty ? nil : String($0) }
        if signature == nil { missing.append(SigV4Errors.requiresSignature) }
        // An empty SignedHeaders is allowed here; the `host` check rejects it next.
        let signedHeaders = fields("SignedHeaders").map(String.init)
        if signedHeaders == nil { missing.append(SigV4Errors.requiresSignedHeaders) }
        let timestamp = headers.first("x-amz-date") ?? headers.first("date")
        if timestamp == nil { missing.append(SigV4Errors.requiresDate) }

        guard let credential, let signature, let signedHeaders, let timestamp, missing.isEmpty else {
            throw SigV4Errors.incompleteAuthorization(missing: missing, authorization: authorization)
        }
        return SigV4AuthParameters(
            mode: .header,
            credential: credential,
            signedHeaders: signedHeaders,
            signature: signature,
            timestamp: timestamp,
            sessionToken: headers.first("x-amz-security-token")
        )
    }

    static func trimASCIIWhitespace(_ text: Substring) -> Substring {
        let bytes = text.utf8
        guard let start = bytes.firstIndex(where: { !ASCII.isSpace($0) }),
              let end = bytes.lastIndex(where: { !ASCII.isSpace($0) })
        else { return text[text.endIndex...] }
        return Substring(bytes[start...end])
    }
}

/// Parses presigned (query-string) SigV4: `X-Amz-Algorithm`, `X-Amz-Credential`,
/// `X-Amz-Date`, `X-Amz-SignedHeaders`, `X-Amz-Signature`, optional `X-Amz-Expires`
/// and `X-Amz-Security-Token`. The first of a repeated parameter wins.
enum PresignedQuery {
    static let maxExpires = 604_800

    static func isPresigned(_ parameters: [QueryParameter]) -> Bool {
        parameters.contains { $0.name == "X-Amz-Algorithm" }
    }

    static func parse(_ parameters: [QueryParameter], headers: HeaderIndex) throws(KMSError) -> SigV4AuthParameters {
        func first(_ name: String) -> String? {
            parameters.first { $0.name == name }?.value
        }
        guard first("X-Amz-Algorithm") == AuthorizationHeader.algorithm else {
            throw SigV4Errors.missingAuthenticationToken()
        }
        let credential = first("X-Amz-Credential")
        let signature = first("X-Amz-Signature")
        let signedHeaders = first("X-Amz-SignedHeaders")
        let timestamp = first("X-Amz-Date")
        guard let credential, let signature, let signedHeaders, let timestamp else {
            var missing: [String] = []
            if credential == nil { missing.append("X-Amz-Credential") }
            if signature == nil { missing.append("X-Amz-Signature") }
            if signedHeaders == nil { missing.append("X-Amz-SignedHeaders") }
            if timestamp == nil { missing.append("X-Amz-Date") }
            throw SigV4Errors.incompleteQueryAuthorization(missingParameters: missing)
        }
        var expires: Int?
        if let text = first("X-Amz-Expires") {
            guard let seconds = Int(text), seconds >= 0 else { throw SigV4Errors.expiresNotANumber() }
            guard seconds <= maxExpires else { throw SigV4Errors.expiresTooLarge() }
            expires = seconds
        }
        return SigV4AuthParameters(
            mode: .query(expires: expires),
            credential: credential,
            signedHeaders: signedHeaders,
            signature: signature,
            timestamp: timestamp,
            sessionToken: first("X-Amz-Security-Token") ?? headers.first("x-amz-security-token")
        )
    }
}
