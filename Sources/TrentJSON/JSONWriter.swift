/// Builds compact UTF-8 JSON straight into a byte buffer.
///
/// Calls must be balanced (`beginObject`/`endObject`, `key` before each member
/// value); the writer only inserts commas and colons, which keeps every response
/// a single pass over its fields with no intermediate tree.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8]
    /// Whether the next value at each open level needs a comma before it: bit `depth` of
    /// `commaBits` (bit masks rather than an array, so a writer allocates nothing but its
    /// buffer). 128 levels: the parser refuses documents nested deeper than
    /// `JSONParser.maxDepth` (64), and an audit record wraps parameters in two more.
    private var commaBits: (low: UInt64, high: UInt64) = (0, 0)
    private var depth = 0
    private var afterKey = false

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public static func encode(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.value(value)
        return writer.bytes
    }

    // MARK: Structure

    public mutating func beginObject() {
        startValue()
        bytes.append(UInt8(ascii: "{"))
        open()
    }

    public mutating func endObject() {
        close()
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        startValue()
        bytes.append(UInt8(ascii: "["))
        open()
    }

    public mutating func endArray() {
        close()
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func key(_ key: String) {
        startValue()
        appendQuoted(key)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    // MARK: Values

    public mutating func string(_ string: String) {
        startValue()
        appendQuoted(string)
    }

    public mutating func int(_ value: Int) {
        startValue()
        appendDecimal(value)
    }

    /// Writes the shortest text that reads back as exactly `value`.
    ///
    /// Swift's `description` is already shortest-round-trip; we only drop a
    /// trailing ".0" so whole epoch seconds read as integers. JSON has no NaN or
    /// infinity, so those become `null` rather than an unparseable body.
    public mutating func double(_ value: Double) {
        startValue()
        guard value.isFinite else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func bool(_ value: Bool) {
        startValue()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// A string, or `null` when there is none.
    public mutating func optionalString(_ string: String?) {
        if let string { self.string(string) } else { null() }
    }

    public mutating func null() {
        startValue()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Writes `bytes` as a base64 string, the wire form of a blob.
    public mutating func base64(_ blob: [UInt8]) {
        startValue()
        bytes.append(UInt8(ascii: "\""))
        Base64.encode(blob, into: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .number(let number):
            startValue()
            bytes.append(contentsOf: number.text.utf8)
        case .string(let string): self.string(string)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .object(let object):
            beginObject()
            for pair in object.pairs {
                key(pair.key)
                self.value(pair.value)
            }
            endObject()
        }
    }

    // MARK: Helpers

    private mutating func startValue() {
        if afterKey {
            afterKey = false
            return
        }
        if commaBit(depth) {
            bytes.append(UInt8(ascii: ","))
        } else {
            setCommaBit(depth, true)
        }
    }

    private mutating func open() {
        depth += 1
        precondition(depth < 128, "JSON nested deeper than 128 levels")
        setCommaBit(depth, false)
    }

    private func commaBit(_ level: Int) -> Bool {
        let word = level < 64 ? commaBits.low : commaBits.high
        return word & (1 << UInt64(level & 63)) != 0
    }

    private mutating func setCommaBit(_ level: Int, _ value: Bool) {
        let mask: UInt64 = 1 << UInt64(level & 63)
        if level < 64 {
            commaBits.low = value ? commaBits.low | mask : commaBits.low & ~mask
        } else {
            commaBits.high = value ? commaBits.high | mask : commaBits.high & ~mask
        }
    }

    private mutating func close() {
        depth -= 1
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Escapes only what RFC 8259 requires ('"', '\\', controls); "/" and
    /// non-ASCII text go out as they are.
    private mutating func appendQuoted(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var copy = string
        copy.withUTF8 { utf8 in
            var runStart = 0
            var position = 0
            let count = utf8.count
            while position < count {
                // Responses are mostly base64 and ARNs: skip eight bytes at a time while
                // none of them needs escaping.
                if position + 8 <= count,
                   !Self.mayNeedEscaping(UnsafeRawPointer(utf8.baseAddress! + position).loadUnaligned(as: UInt64.self)) {
                    position += 8
                    continue
                }
                let byte = utf8[position]
                position += 1
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<(position - 1)]))
                runStart = position
                switch byte {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                default:
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether any of the eight bytes in `word` may be '"', '\\' or below 0x20 (SWAR tests
    /// from "Bit Twiddling Hacks": no false negatives; a false positive only means the
    /// bytes are looked at one by one).
    public static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highBits: UInt64 = 0x8080_8080_8080_8080
        let below20 = (word &- ones &* 0x20) & ~word & highBits
        let quotes = word ^ (ones &* 0x22), backslashes = word ^ (ones &* 0x5C)
        let zeroQuote = (quotes &- ones) & ~quotes & highBits
        let zeroBackslash = (backslashes &- ones) & ~backslashes & highBits
        return (below20 | zeroQuote | zeroBackslash) != 0
    }

    private mutating func appendDecimal(_ value: Int) {
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
        }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        withUnsafeBytes(of: &digits) { buffer in
            var index = count
            while index > 0 {
                index -= 1
                bytes.append(buffer[index])
            }
        }
    }
}
