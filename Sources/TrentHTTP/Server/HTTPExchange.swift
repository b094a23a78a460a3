/// One HTTP request as the server read it: nothing decoded or normalised, because the
/// signature check must rebuild the canonical request from exactly what the client sent.
public struct IncomingRequest: Sendable {
    public var method: String
    /// The request target as sent: path and query, still percent-encoded.
    public var uri: String
    /// Every header in received order, names as sent; repeated names kept.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var remoteAddress: String?

    public init(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8], remoteAddress: String? = nil) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The value of a header (name in lowercase); repeated headers joined with ", " as
    /// HTTP combines them.
    public func header(_ lowercaseName: String) -> String? {
        var found: String?
        for header in headers where ASCIIName.equalsLowercase(header.name, lowercaseName) {
            found = found.map { "\($0), \(header.value)" } ?? header.value
        }
        return found
    }
}

/// What the server writes back: status, body and the two headers every answer carries.
public struct OutgoingResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var requestId: String?
    public var body: [UInt8]

    public init(status: Int, contentType: String, requestId: String?, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.requestId = requestId
        self.body = body
    }
}

enum ASCIIName {
    /// Case-insensitive comparison of a header name with one already in lowercase.
    static func equalsLowercase(_ name: String, _ lowercase: String) -> Bool {
        guard name.utf8.count == lowercase.utf8.count else { return false }
        for (a, b) in zip(name.utf8, lowercase.utf8) {
            let folded = a >= UInt8(ascii: "A") && a <= UInt8(ascii: "Z") ? a + 32 : a
            if folded != b { return false }
        }
        return true
    }
}
