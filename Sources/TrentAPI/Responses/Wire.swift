import Foundation
import TrentDomain

/// Small constructors for response values, so operations read as the shapes they return.
enum Wire {
    static func object(_ fields: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject(fields.map { (key: $0.0, value: $0.1) }))
    }

    static func int(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }

    /// Epoch seconds with millisecond precision, as AWS's JSON protocol sends timestamps
    /// (`1700000000.123`; whole seconds without a fraction).
    static func date(_ date: Date) -> JSONValue {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let whole = millis / 1000, fraction = Int(millis % 1000)
        var text = String(whole)
        if fraction != 0 {
            var digits = [fraction / 100, fraction / 10 % 10, fraction % 10]
            while digits.last == 0 { digits.removeLast() }
            text += "." + digits.map(String.init).joined()
        }
        return .number(JSONNumber(text: text, double: Double(millis) / 1000, isInteger: fraction == 0))
    }

    static func blob(_ bytes: [UInt8]) -> JSONValue { .string(Base64.encode(bytes)) }

    static func base64(_ bytes: [UInt8]) -> String { Base64.encode(bytes) }

    static func base64Decode(_ text: String) -> [UInt8]? { try? Base64.decode(text) }

    /// A validated `[{TagKey, TagValue}]` list member.
    static func tags(_ p: JSONObject, _ member: String) -> [Tag]? {
        guard case .array(let items)? = p[member] else { return nil }
        return items.compactMap { item in
            guard case .object(let tag) = item, let key = tag.string("TagKey") else { return nil }
            return Tag(key: key, value: tag.string("TagValue") ?? "")
        }
    }
}
