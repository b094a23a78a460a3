/// One HTTP request as the HTTP layer received it, before any interpretation.
///
/// Everything is kept raw: the verifier must rebuild the canonical request from
/// exactly what the client sent, so nothing here is decoded or normalised.
public struct SigV4Request: Sendable {
    /// The request method, e.g. `"POST"`.
    public var method: String
    /// The request path as received, still percent-encoded, e.g. `"/"`.
    public var path: String
    /// The raw query string without the leading `?`; `""` if there is none.
    public var query: String
    /// Every header as received, in order; names in any case; repeated names allowed.
    public var headers: [(name: String, value: String)]
    /// The raw body bytes.
    public var body: [UInt8]

    public init(
        method: String,
        path: String,
        query: String = "",
        headers: [(name: String, value: String)],
        body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// The request headers indexed by lowercased name, each name's values kept in
/// the order they were received.
struct HeaderIndex: Sendable {
    private var storage: [String: [String]] = [:]

    init(_ headers: [(name: String, value: String)]) {
        storage.reserveCapacity(headers.count)
        for header in headers {
            storage[ASCII.lowercased(header.name), default: []].append(header.value)
        }
    }

    /// All values of `name` (which must already be lowercase), in received order.
    func values(_ name: String) -> [String] {
        storage[name] ?? []
    }

    /// The first value of `name` (which must already be lowercase).
    func first(_ name: String) -> String? {
        storage[name]?.first
    }

    func contains(_ name: String) -> Bool {
        storage[name] != nil
    }
}
