/// A parsed JSON document, kept close to the wire.
///
/// Numbers keep their literal text because AWS's deserializer decides by the
/// literal whether a value is an integer or a decimal (`NUMBER_VALUE` versus
/// `DECIMAL_VALUE` in its messages), and because a Double alone cannot carry
/// integers above 2^53 exactly.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON number: its literal text (as RFC 8259 spells it) and its nearest Double.
public struct JSONNumber: Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let double: Double
    /// True when the literal has neither a fraction nor an exponent.
    public let isInteger: Bool

    public init(text: String, double: Double, isInteger: Bool) {
        self.text = text
        self.double = double
        self.isInteger = isInteger
    }

    public init(_ value: Int) {
        self.init(text: String(value), double: Double(value), isInteger: true)
    }

    public var description: String { text }

    /// Two numbers are equal when they denote the same value, so `1.0` equals `1`
    /// but `1e400` (text kept) does not equal `2e400`.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if lhs.text == rhs.text { return true }
        return lhs.double.isFinite && lhs.double == rhs.double
    }
}

/// A JSON object as it arrived: every pair in document order, duplicates kept.
///
/// Lookup by key returns the *last* duplicate. That is what Jackson-based
/// deserializers (AWS's Coral stack among them) do when duplicate detection is
/// off: each occurrence overwrites the member, so the last one wins.
public struct JSONObject: Sendable, Equatable {
    public private(set) var pairs: [(key: String, value: JSONValue)]

    public init(_ pairs: [(key: String, value: JSONValue)] = []) {
        self.pairs = pairs
    }

    public var count: Int { pairs.count }
    public var keys: [String] { pairs.map(\.key) }

    public subscript(key: String) -> JSONValue? {
        // Backwards so the last duplicate wins without scanning twice.
        var index = pairs.count
        while index > 0 {
            index -= 1
            if pairs[index].key == key { return pairs[index].value }
        }
        return nil
    }

    public mutating func append(_ key: String, _ value: JSONValue) {
        pairs.append((key, value))
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.pairs.count == rhs.pairs.count else { return false }
        for (left, right) in zip(lhs.pairs, rhs.pairs) where left.key != right.key || left.value != right.value {
            return false
        }
        return true
    }
}

extension JSONValue {
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }
}
