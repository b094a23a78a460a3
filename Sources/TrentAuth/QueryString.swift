/// One `name=value` component of a raw query string.
struct QueryParameter: Sendable {
    /// Percent-decoded name and value (`+` read as a space).
    let name: String
    let value: String
    /// The name and value re-encoded the canonical SigV4 way.
    let canonicalName: String
    let canonicalValue: String
}

enum QueryString {
    /// Splits a raw query (without `?`) on `&`; each component's name and value are
    /// decoded and re-encoded so that equivalent encodings canonicalise alike.
    /// Empty components (`a=1&&b=2`) are skipped; a component without `=` has an
    /// empty value.
    static func parse(_ raw: String) -> [QueryParameter] {
        guard !raw.isEmpty else { return [] }
        var result: [QueryParameter] = []
        for component in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let nameRaw: Substring
            let valueRaw: Substring
            if let equals = component.firstIndex(of: "=") {
                nameRaw = component[..<equals]
                valueRaw = component[component.index(after: equals)...]
            } else {
                nameRaw = component
                valueRaw = ""
            }
            let nameBytes = URIEncoding.decode(nameRaw, plusAsSpace: true)
            let valueBytes = URIEncoding.decode(valueRaw, plusAsSpace: true)
            result.append(QueryParameter(
                name: String(decoding: nameBytes, as: UTF8.self),
                value: String(decoding: valueBytes, as: UTF8.self),
                canonicalName: URIEncoding.encode(nameBytes),
                canonicalValue: URIEncoding.encode(valueBytes)
            ))
        }
        return result
    }
}
