import Crypto
import TrentCrypto

/// The SigV4 canonical request and string to sign, built the way AWS and botocore
/// build them for non-S3 services.
struct CanonicalRequest: Sendable {
    /// The canonical request's UTF-8 bytes: what is hashed, built without an intermediate String.
    let bytes: [UInt8]

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Lowercase hex SHA-256 of the canonical request.
    var hash: String { Hex.encode(SHA256.hash(data: bytes)) }

    /// - Parameters:
    ///   - signedHeaders: the `SignedHeaders` list exactly as the client sent it,
    ///     `;`-separated; values are looked up case-insensitively.
    ///   - excludeSignatureParameter: drop `X-Amz-Signature` from the query
    ///     (presigned requests).
    init(
        method: String,
        path: String,
        query: [QueryParameter],
        excludeSignatureParameter: Bool,
        headers: HeaderIndex,
        signedHeaders: String,
        payloadHash: String
    ) {
        let newline = UInt8(ascii: "\n")
        var out: [UInt8] = []
        out.reserveCapacity(512)
        out.append(contentsOf: method.utf8)
        out.append(newline)
        // SDKs post KMS calls to "/" with no query: both canonical forms are then fixed.
        if path == "/" { out.append(UInt8(ascii: "/")) } else { out.append(contentsOf: Self.canonicalURI(path).utf8) }
        out.append(newline)
        if !query.isEmpty {
            out.append(contentsOf: Self.canonicalQuery(query, excludeSignatureParameter: excludeSignatureParameter).utf8)
        }
        out.append(newline)
        for name in ASCII.split(Substring(signedHeaders), on: UInt8(ascii: ";")) {
            out.append(contentsOf: name.utf8)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: headers.canonicalValue(ASCII.lowercased(name)).utf8)
            out.append(newline)
        }
        out.append(newline)
        out.append(contentsOf: signedHeaders.utf8)
        out.append(newline)
        out.append(contentsOf: payloadHash.utf8)
        bytes = out
    }

    /// botocore `SigV4Auth._normalize_url_path`: `quote(remove_dot_segments(path), safe='/~')`.
    ///
    /// The raw path is still percent-encoded as received, and it is encoded once
    /// more here: that is the "double encoding" AWS uses for every service but S3
    /// (a client that asked for `/a b` sends `/a%20b` and signs `/a%2520b`).
    /// `.` and `..` segments and empty segments (`//`) are removed first; a trailing
    /// `/` is kept unless nothing else is left.
    static func canonicalURI(_ rawPath: String) -> String {
        guard !rawPath.isEmpty else { return "/" }
        var segments: [Substring] = []
        for segment in rawPath.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty || segment == "." { continue }
            if segment == ".." {
                _ = segments.popLast()
            } else {
                segments.append(segment)
            }
        }
        var normalized = rawPath.hasPrefix("/") ? "/" : ""
        normalized += segments.joined(separator: "/")
        if rawPath.hasSuffix("/"), !segments.isEmpty { normalized += "/" }
        return URIEncoding.encode(normalized.utf8, keepSlash: true)
    }

    /// Parameters sorted by canonical name, then canonical value (byte order);
    /// `name=value` joined with `&`; an empty value keeps its `=`.
    static func canonicalQuery(_ parameters: [QueryParameter], excludeSignatureParameter: Bool) -> String {
        var pairs: [(name: String, value: String)] = []
        pairs.reserveCapacity(parameters.count)
        for parameter in parameters {
            if excludeSignatureParameter, parameter.name == "X-Amz-Signature" { continue }
            pairs.append((parameter.canonicalName, parameter.canonicalValue))
        }
        pairs.sort { lhs, rhs in
            // Canonical names and values are ASCII, so UTF-8 order is byte order.
            if lhs.name != rhs.name { return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8) }
            return lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
        }
        return pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// Each value trimmed and its whitespace runs collapsed to one space (botocore:
    /// `' '.join(value.split())`), repeated headers joined with `,` in received order.
    static func canonicalHeaderValue(_ values: [String]) -> String {
        if values.count == 1 { return trimAll(values[0]) }
        return values.map(trimAll).joined(separator: ",")
    }

    static func trimAll(_ value: String) -> String {
        if isAlreadyTrimmedASCII(value) { return value }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in value.unicodeScalars {
            if isWhitespace(scalar) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Most header values are printable ASCII with single inner spaces and no outer
    /// whitespace: nothing to change.
    static func isAlreadyTrimmedASCII(_ value: String) -> Bool {
        var previousWasSpace = true  // rejects a leading space
        for byte in value.utf8 {
            if byte >= 0x80 || byte < 0x20 || byte == 0x7F { return false }
            let isSpace = byte == UInt8(ascii: " ")
            if isSpace, previousWasSpace { return false }
            previousWasSpace = isSpace
        }
        return !previousWasSpace || value.isEmpty
    }

    /// Python's `str.split()` whitespace, which botocore uses.
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default:
            false
        }
    }
}

enum StringToSign {
    static let algorithm = "AWS4-HMAC-SHA256"

    /// `AWS4-HMAC-SHA256\n<amz-date>\n<date>/<region>/<service>/aws4_request\n<hex sha256(canonical request)>`
    static func build(timestamp: String, scope: String, canonicalRequestHash: String) -> String {
        "\(algorithm)\n\(timestamp)\n\(scope)\n\(canonicalRequestHash)"
    }
}
