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
///
/// Every request carries one, so it is read as bytes in one pass: only the three values it
/// needs become Strings.
enum AuthorizationHeader {
    static let algorithm = "AWS4-HMAC-SHA256"

    /// Where the parts of the header are, as byte offsets.
    private struct Layout {
        enum Failure { case notSigV4, unsupportedAlgorithm(String), missingEquals }
        var credential: Range<Int>?
        var signedHeaders: Range<Int>?
        var signature: Range<Int>?
    }

    /// Checks, in AWS's order: the algorithm; every comma-separated component is
    /// `key=value` (the last of a repeated key wins); `Credential`, `Signature`,
    /// `SignedHeaders` and a date header are all present (all missing ones are
    /// reported together).
    static func parse(_ authorization: String, headers: HeaderIndex) throws(KMSError) -> SigV4AuthParameters {
        var text = authorization
        let (failure, values) = text.withUTF8 { bytes -> (Layout.Failure?, [String?]) in
            let (layout, failure) = scan(bytes)
            let values = [layout.credential, layout.signedHeaders, layout.signature].map { range in
                range.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
            }
            return (failure, values)
        }
        switch failure {
        case .notSigV4?: throw SigV4Errors.missingAuthenticationToken()
        case .unsupportedAlgorithm(let name)?: throw SigV4Errors.unsupportedAlgorithm(name)
        case .missingEquals?: throw SigV4Errors.invalidKeyValuePair(authorization: authorization)
        case nil: break
        }

        var missing: [String] = []
        let credential = values[0].flatMap { $0.isEmpty ? nil : $0 }
        if credential == nil { missing.append(SigV4Errors.requiresCredential) }
        let signature = values[2].flatMap { $0.isEmpty ? nil : $0 }
        if signature == nil { missing.append(SigV4Errors.requiresSignature) }
        // An empty SignedHeaders is allowed here; the `host` check rejects it next.
        let signedHeaders = values[1]
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

    /// The header trimmed of ASCII whitespace; the algorithm runs to the first space; the
    /// rest splits on `,` into components, each trimmed, empty ones skipped, each needing an
    /// `=` (key before the first one, value after).
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (Layout, Layout.Failure?) {
        var layout = Layout()
        var start = 0, end = bytes.count
        while start < end, ASCII.isSpace(bytes[start]) { start += 1 }
        while end > start, ASCII.isSpace(bytes[end - 1]) { end -= 1 }
        var algorithmEnd = start
        while algorithmEnd < end, bytes[algorithmEnd] != UInt8(ascii: " ") { algorithmEnd += 1 }
        let algorithm = UnsafeBufferPointer(rebasing: bytes[start ..< algorithmEnd])
        guard algorithm.starts(with: "AWS4-".utf8) else { return (layout, .notSigV4) }
        guard algorithm.elementsEqual(Self.algorithm.utf8) else {
            return (layout, .unsupportedAlgorithm(String(decoding: algorithm, as: UTF8.self)))
        }
        var position = algorithmEnd
        while position < end {
            var pieceEnd = position
            while pieceEnd < end, bytes[pieceEnd] != UInt8(ascii: ",") { pieceEnd += 1 }
            var low = position, high = pieceEnd
            position = pieceEnd + 1
            while low < high, ASCII.isSpace(bytes[low]) { low += 1 }
            while high > low, ASCII.isSpace(bytes[high - 1]) { high -= 1 }
            if low == high { continue }
            var equals = low
            while equals < high, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
            guard equals < high else { return (layout, .missingEquals) }
            let key = UnsafeBufferPointer(rebasing: bytes[low ..< equals])
            let value = (equals + 1) ..< high
            if key.elementsEqual("Credential".utf8) {
                layout.credential = value
            } else if key.elementsEqual("SignedHeaders".utf8) {
                layout.signedHeaders = value
            } else if key.elementsEqual("Signature".utf8) {
                layout.signature = value
            }
        }
        return (layout, nil)
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
