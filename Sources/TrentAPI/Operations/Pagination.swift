import Foundation
import TrentDomain

/// Limit/Marker/Truncated/NextMarker paging over a sorted listing. A marker is the sort key
/// of the last item returned, wrapped so a marker from elsewhere is recognised as invalid.
struct Page<Item> {
    let items: [Item]
    let nextMarker: String?

    func render(listName: String, entries: [JSONValue]) -> JSONValue {
        var fields: [(String, JSONValue)] = [(listName, .array(entries))]
        if let nextMarker {
            fields.append(("NextMarker", .string(nextMarker)))
        }
        fields.append(("Truncated", .bool(nextMarker != nil)))
        return Wire.object(fields)
    }
}

enum Pagination {
    static let prefix = "trent-page-v1:"

    static func page<Item>(
        _ sorted: [Item], sortKey: (Item) -> String, limit: Int?, defaultLimit: Int, marker: String?
    ) throws(KMSError) -> Page<Item> {
        var start = 0
        if let marker {
            let after = try decode(marker)
            start = sorted.firstIndex { sortKey($0) > after } ?? sorted.count
        }
        let count = limit ?? defaultLimit
        let end = min(sorted.count, start + count)
        let items = Array(sorted[start ..< end])
        let next = end < sorted.count ? items.last.map { encode(sortKey($0)) } : nil
        return Page(items: items, nextMarker: next)
    }

    static func encode(_ key: String) -> String {
        Wire.base64(Array((prefix + key).utf8))
    }

    static func decode(_ marker: String) throws(KMSError) -> String {
        guard let bytes = Wire.base64Decode(marker),
              let text = String(validating: bytes, as: UTF8.self),
              text.hasPrefix(prefix)
        else {
            throw KMSError("InvalidMarkerException", "The marker that specifies where pagination should next begin is not valid.")
        }
        return String(text.dropFirst(prefix.count))
    }
}
