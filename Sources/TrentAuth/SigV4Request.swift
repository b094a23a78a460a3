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

/// The request headers by lowercased name, each name's values kept in the order they were
/// received. A request has a dozen headers or so: a flat list searched in order costs less
/// than hashing every name into a dictionary of arrays. A request with many headers gets a
/// dictionary as well, so that signing every one of them cannot make each lookup a scan.
struct HeaderIndex: Sendable {
    private var names: [String] = []
    private var fieldValues: [String] = []
    /// Positions by name, built only past `scanLimit` headers.
    private var positions: [String: [Int]]?
    static let scanLimit = 32

    init(_ headers: [(name: String, value: String)]) {
        names.reserveCapacity(headers.count)
        fieldValues.reserveCapacity(headers.count)
        for header in headers {
            names.append(ASCII.lowercased(header.name))
            fieldValues.append(header.value)
        }
        if names.count > Self.scanLimit {
            var positions: [String: [Int]] = [:]
            for (index, name) in names.enumerated() { positions[name, default: []].append(index) }
            self.positions = positions
        }
    }

    private func indices(_ name: String) -> [Int] {
        if let positions { return positions[name] ?? [] }
        return names.indices.filter { names[$0] == name }
    }

    /// All values of `name` (which must already be lowercase), in received order.
    func values(_ name: String) -> [String] {
        indices(name).map { fieldValues[$0] }
    }

    /// The first value of `name` (which must already be lowercase).
    func first(_ name: String) -> String? {
        if let positions { return positions[name]?.first.map { fieldValues[$0] } }
        guard let index = names.firstIndex(of: name) else { return nil }
        return fieldValues[index]
    }

    /// The value of `name` as canonical requests write it: each value trimmed, repeated
    /// headers joined with `,`.
    func canonicalValue(_ name: String) -> String {
        if positions == nil {
            var single: String?
            var count = 0
            for index in names.indices where names[index] == name {
                count += 1
                if count == 1 { single = fieldValues[index] } else { break }
            }
            if count == 1, let single { return CanonicalRequest.trimAll(single) }
        }
        return CanonicalRequest.canonicalHeaderValue(values(name))
    }

    func contains(_ name: String) -> Bool {
        first(name) != nil
    }
}
