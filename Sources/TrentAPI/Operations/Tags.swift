import TrentDomain

extension KMSService {
    func tagResource(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let newTags = try TagRules.validateNew(Wire.tags(p, "Tags") ?? [])
        try await changeState(p, c, operation: .tagResource) { record throws(KMSError) in
            var merged = record.tags
            for tag in newTags {
                if let index = merged.firstIndex(where: { $0.key == tag.key }) {
                    merged[index].value = tag.value
                } else {
                    merged.append(tag)
                }
            }
            if merged.count > TagRules.maxTags { throw TagRules.tooMany }
            record.tags = merged
        }
        return Wire.object([])
    }

    func untagResource(_ p: JSONObject, _ c: RequestContext) async throws -> JSONValue {
        let removed = Set(p.stringList("TagKeys") ?? [])
        try await changeState(p, c, operation: .untagResource) { record throws(KMSError) in
            record.tags.removeAll { removed.contains($0.key) }
        }
        return Wire.object([])
    }

    func listResourceTags(_ p: JSONObject, _ c: RequestContext) throws -> JSONValue {
        let live = try resolver.resolve(p.string("KeyId") ?? "", accepting: .keyOnly, context: c)
        let sorted = live.record.tags.sorted { $0.key < $1.key }
        let page = try Pagination.page(sorted, sortKey: \.key, limit: p.int("Limit"), defaultLimit: 50, marker: p.string("Marker"))
        let entries: [JSONValue] = page.items.map { Wire.object([("TagKey", .string($0.key)), ("TagValue", .string($0.value))]) }
        return page.render(listName: "Tags", entries: entries)
    }
}

/// Tag rules beyond the API model's lengths (AWS KMS Developer Guide, "Tagging keys").
enum TagRules {
    static let maxTags = 50
    /// AWS's answer past 50 tags, on CreateKey and on a TagResource that would exceed them.
    static let tooMany = KMSError("TagException", "Too many tags")

    static func validateNew(_ tags: [Tag]) throws(KMSError) -> [Tag] {
        var seen = Set<String>()
        for tag in tags {
            // AWS reserves the prefix in any letter case.
            if tag.key.prefix(4).lowercased() == "aws:" {
                throw KMSError("TagException", "Tags beginning with aws: are reserved")
            }
            guard seen.insert(tag.key).inserted else {
                throw KMSError("TagException", "Duplicate tag keys")
            }
            guard isAllowed(tag.key), isAllowed(tag.value) else {
                throw KMSError("TagException", "Tag keys and values may contain only Unicode letters, digits, white space, and _ . : / = + - @")
            }
        }
        if tags.count > maxTags { throw tooMany }
        return tags
    }

    static func isAllowed(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            let p = scalar.properties
            return p.isAlphabetic || p.numericType != nil || p.isWhitespace || "_.:/=+-@".unicodeScalars.contains(scalar)
        }
    }
}
