
/// A strict RFC 8259 parser that reads bytes directly.
///
/// Everything a client sends passes through here, so it must stay fast and must
/// not be steerable into a crash or a hang: nesting depth and input size are
/// capped, recursion depth equals nesting depth, and every loop advances.
///
/// Choices beyond RFC 8259:
/// - A single leading UTF-8 byte order mark is skipped, as Jackson (which AWS
///   uses) does; RFC 8259 §8.1 allows that.
/// - `\u` escapes that form a lone surrogate are rejected: the result could not
///   be a valid Swift string, and no AWS SDK produces them.
/// - Duplicate keys are kept; `JSONObject`'s lookup returns the last one.
/// Every failure is AWS's `SerializationException` for a malformed body.
public enum JSONParser {
    public static let maxDepth = 64
    public static let maxBytes = 4 << 20

    public static func parse(_ bytes: [UInt8]) throws(KMSError) -> JSONValue {
        let result: Result<JSONValue, KMSError> = bytes.withUnsafeBytes { buffer in
            do throws(KMSError) {
                return .success(try parse(buffer))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    public static func parse(_ buffer: UnsafeRawBufferPointer) throws(KMSError) -> JSONValue {
        guard buffer.count <= maxBytes else { throw .malformedBody }
        var reader = JSONReader(buffer)
        reader.skipByteOrderMark()
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        guard reader.atEnd else { throw .malformedBody }
        return value
    }
}

/// The cursor behind `JSONParser`; kept separate so the public surface stays small.
struct JSONReader {
    private let base: UnsafeRawBufferPointer
    private var index: Int

    init(_ base: UnsafeRawBufferPointer) {
        self.base = base
        self.index = 0
    }

    var atEnd: Bool { index >= base.count }

    private func peek() -> UInt8? {
        index < base.count ? base[index] : nil
    }

    mutating func skipByteOrderMark() {
        if base.count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF {
            index = 3
        }
    }

    mutating func skipWhitespace() {
        while index < base.count {
            switch base[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func readValue(depth: Int) throws(KMSError) -> JSONValue {
        skipWhitespace()
        guard let byte = peek() else { throw .malformedBody }
        switch byte {
        case UInt8(ascii: "{"): return .object(try readObject(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try readArray(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        default: return .number(try readNumber())
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(KMSError) {
        let count = literal.utf8CodeUnitCount
        guard base.count - index >= count else { throw .malformedBody }
        let start = literal.utf8Start
        for offset in 0..<count where base[index + offset] != start[offset] {
            throw .malformedBody
        }
        index += count
    }

    private mutating func readObject(depth: Int) throws(KMSError) -> JSONObject {
        guard depth <= JSONParser.maxDepth else { throw .malformedBody }
        index += 1
        var object = JSONObject()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return object
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw .malformedBody }
            let key = try readString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw .malformedBody }
            index += 1
            let value = try readValue(depth: depth)
            object.append(key, value)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return object
            default: throw .malformedBody
            }
        }
    }

    private mutating func readArray(depth: Int) throws(KMSError) -> [JSONValue] {
        guard depth <= JSONParser.maxDepth else { throw .malformedBody }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return elements
        }
        while true {
            elements.append(try readValue(depth: depth))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return elements
            default: throw .malformedBody
            }
        }
    }

    /// Reads a string starting at its opening quote.
    private mutating func readString() throws(KMSError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, so the bytes between the quotes are the string.
        skipPlainStringBytes()
        while index < base.count {
            let byte = base[index]
            if byte == UInt8(ascii: "\"") {
                let string = try makeString(start..<index)
                index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw .malformedBody }
            index += 1
        }
        guard index < base.count else { throw .malformedBody }
        return try readEscapedString(from: start)
    }

    /// Skips eight bytes at a time while none of them is '"', '\\' or a control
    /// character: long strings (base64 blobs, policies) are the common case.
    private mutating func skipPlainStringBytes() {
        guard let address = base.baseAddress else { return }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= base.count {
            let word = UInt64(littleEndian: (address + index).loadUnaligned(as: UInt64.self))
            let quotes = word ^ (ones &* 0x22)
            let slashes = word ^ (ones &* 0x5C)
            // Per byte, the high bit is set where the byte is zero (for the XORs) or below 0x20.
            let zeroQuote = (quotes &- ones) & ~quotes
            let zeroSlash = (slashes &- ones) & ~slashes
            let control = (word &- ones &* 0x20) & ~word
            if (zeroQuote | zeroSlash | control) & highs != 0 { return }
            index += 8
        }
    }

    private func makeString(_ range: Range<Int>) throws(KMSError) -> String {
        // A typed buffer lets String take its contiguous (vectorised) validation
        // path. The bytes are byte storage (an Array<UInt8> or a network buffer).
        let typed = UnsafeBufferPointer<UInt8>(
            start: base.baseAddress?.assumingMemoryBound(to: UInt8.self).advanced(by: range.lowerBound),
            count: range.count)
        guard let string = String(validating: typed, as: UTF8.self) else { throw .malformedBody }
        return string
    }

    /// Slow path, taken at the first backslash: decode into a scratch buffer.
    private mutating func readEscapedString(from start: Int) throws(KMSError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(index - start + 16)
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: base[start..<index]))
        while index < base.count {
            let byte = base[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let string = String(validating: bytes, as: UTF8.self) else { throw .malformedBody }
                return string
            case UInt8(ascii: "\\"):
                index += 1
                try readEscape(into: &bytes)
            case 0..<0x20:
                throw .malformedBody
            default:
                bytes.append(byte)
                index += 1
            }
        }
        throw .malformedBody
    }

    private mutating func readEscape(into bytes: inout [UInt8]) throws(KMSError) {
        guard let byte = peek() else { throw .malformedBody }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): bytes.append(0x22)
        case UInt8(ascii: "\\"): bytes.append(0x5C)
        case UInt8(ascii: "/"): bytes.append(0x2F)
        case UInt8(ascii: "b"): bytes.append(0x08)
        case UInt8(ascii: "f"): bytes.append(0x0C)
        case UInt8(ascii: "n"): bytes.append(0x0A)
        case UInt8(ascii: "r"): bytes.append(0x0D)
        case UInt8(ascii: "t"): bytes.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try readHex4())
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate must be followed at once by an escaped low one.
                guard base.count - index >= 6,
                      base[index] == UInt8(ascii: "\\"), base[index + 1] == UInt8(ascii: "u")
                else { throw .malformedBody }
                index += 2
                let low = UInt32(try readHex4())
                guard (0xDC00...0xDFFF).contains(low) else { throw .malformedBody }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw .malformedBody
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw .malformedBody }
            bytes.append(contentsOf: UTF8.encode(unicode)!)
        default:
            throw .malformedBody
        }
    }

    private mutating func readHex4() throws(KMSError) -> UInt16 {
        guard base.count - index >= 4 else { throw .malformedBody }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = base[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .malformedBody
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// RFC 8259: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func readNumber() throws(KMSError) -> JSONNumber {
        let start = index
        var isInteger = true
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), isDigit(first) else { throw .malformedBody }
        index += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let next = peek(), isDigit(next) else { throw .malformedBody }
            skipDigits()
        }
        if let marker = peek(), marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
            guard let next = peek(), isDigit(next) else { throw .malformedBody }
            skipDigits()
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: base[start..<index]), as: UTF8.self)
        // Double(_:) accepts every RFC 8259 literal; out-of-range ones become ±inf or 0.
        let double = Double(text) ?? .nan
        return JSONNumber(text: text, double: double, isInteger: isInteger)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while index < base.count, isDigit(base[index]) { index += 1 }
    }
}
