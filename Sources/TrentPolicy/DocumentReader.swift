import TrentJSON

/// Small readers shared by the compilers.
enum DocumentReader {
    /// An object's members as Jackson's tree model sees them: a repeated key keeps its last
    /// value at its first position (JSONObject's lookup also returns the last duplicate).
    static func members(_ object: JSONObject) -> [(key: String, value: JSONValue)] {
        var seen = Set<String>()
        var hasDuplicates = false
        for key in object.keys where !seen.insert(key).inserted {
            hasDuplicates = true
        }
        guard hasDuplicates else { return object.pairs }
        var emitted = Set<String>()
        var result: [(key: String, value: JSONValue)] = []
        for pair in object.pairs where emitted.insert(pair.key).inserted {
            result.append((pair.key, object[pair.key] ?? pair.value))
        }
        return result
    }

    /// A string or a non-empty list of strings (Action, Resource and their Not forms).
    static func stringList(_ value: JSONValue, element: String) throws(KMSError) -> [String] {
        switch value {
        case .string(let text):
            return [text]
        case .array(let items):
            guard !items.isEmpty else { throw PolicyMessages.emptyList(element) }
            var result: [String] = []
            result.reserveCapacity(items.count)
            for item in items {
                guard case .string(let text) = item else { throw PolicyMessages.notStringList(element) }
                result.append(text)
            }
            return result
        default:
            throw PolicyMessages.notStringList(element)
        }
    }
}
