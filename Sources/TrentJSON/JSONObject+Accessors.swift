/// Typed reads for operations, used after `RequestValidator` has accepted the
/// body. Each returns nil when the member is absent, null, or of another type,
/// so an operation can treat "not given" uniformly.
extension JSONObject {
    public func string(_ key: String) -> String? {
        if case .string(let text)? = self[key] { return text }
        return nil
    }

    /// The member's base64 text, decoded.
    public func blob(_ key: String) -> [UInt8]? {
        guard case .string(let text)? = self[key] else { return nil }
        return try? Base64.decode(text)
    }

    /// An `integer` member, narrowed as AWS narrows it (see `JSONNumber.javaInt`).
    public func int(_ key: String) -> Int? {
        if case .number(let number)? = self[key] { return Int(number.javaInt) }
        return nil
    }

    public func bool(_ key: String) -> Bool? {
        if case .bool(let flag)? = self[key] { return flag }
        return nil
    }

    /// A `timestamp` member: epoch seconds, fraction included.
    public func double(_ key: String) -> Double? {
        if case .number(let number)? = self[key] { return number.double }
        return nil
    }

    public func object(_ key: String) -> JSONObject? {
        if case .object(let object)? = self[key] { return object }
        return nil
    }

    public func array(_ key: String) -> [JSONValue]? {
        if case .array(let elements)? = self[key] { return elements }
        return nil
    }

    /// A string-to-string map such as an encryption context. A repeated key
    /// keeps its last value; null values are left out, as absent ones are.
    public func stringMap(_ key: String) -> [String: String]? {
        guard case .object(let object)? = self[key] else { return nil }
        var map: [String: String] = [:]
        map.reserveCapacity(object.count)
        for pair in object.pairs {
            if case .string(let text) = pair.value { map[pair.key] = text }
        }
        return map
    }

    /// A list of strings such as grant tokens; null elements are left out.
    public func stringList(_ key: String) -> [String]? {
        guard case .array(let elements)? = self[key] else { return nil }
        return elements.compactMap { element in
            if case .string(let text) = element { return text }
            return nil
        }
    }
}
