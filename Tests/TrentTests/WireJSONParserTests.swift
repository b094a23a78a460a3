import Testing
import TrentDomain
@testable import TrentAPI

@Suite("JSON parser")
struct WireJSONParserTests {
    private func parse(_ text: String) throws(KMSError) -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    private func rejects(_ bytes: [UInt8]) -> Bool {
        do {
            _ = try JSONParser.parse(bytes)
            return false
        } catch {
            return error == KMSError("SerializationException", "")
        }
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" { "a" : [1, -2.5e3, true, false, null, "x"], "b": {} } "#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == .array([
            .number(JSONNumber(text: "1", double: 1, isInteger: true)),
            .number(JSONNumber(text: "-2.5e3", double: -2500, isInteger: false)),
            .bool(true), .bool(false), .null, .string("x"),
        ]))
        #expect(object["b"] == .object(JSONObject()))
    }

    @Test func acceptsScalarsAtTopLevel() throws {
        #expect(try parse("0") == .number(JSONNumber(0)))
        #expect(try parse(#""s""#) == .string("s"))
        #expect(try parse("null") == .null)
    }

    @Test func decodesEscapes() throws {
        #expect(try parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{8}\u{c}\n\r\t"))
        #expect(try parse(#""\u00e9\u4E2D""#) == .string("é中"))
        #expect(try parse(#""\ud83d\ude00 ok""#) == .string("😀 ok"))
        #expect(try parse("\"raw é 😀\"") == .string("raw é 😀"))
    }

    @Test func lastDuplicateKeyWins() throws {
        let object = try #require(try parse(#"{"k": 1, "k": 2}"#).objectValue)
        #expect(object.count == 2)
        #expect(object["k"] == .number(JSONNumber(2)))
    }

    @Test func keepsNumberLiterals() throws {
        let big = "123456789012345678901234567890"
        guard case .number(let number) = try parse(big) else { Issue.record("not a number"); return }
        #expect(number.text == big)
        #expect(number.isInteger)
        guard case .number(let huge) = try parse("1e400") else { Issue.record("not a number"); return }
        #expect(huge.double == .infinity)
        #expect(huge.text == "1e400")
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\"}", "{a:1}", "[1 2]", "'x'",
        "01", "-", "1.", ".5", "1e", "+1", "0x10", "NaN", "Infinity", "tru", "nul",
        "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "{} x", "[] []", "{\"a\":1}}",
        "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83d\\u0041\"", "\"tab\there\"",
    ])
    func rejectsMalformedText(_ text: String) {
        #expect(rejects(Array(text.utf8)), "accepted \(text.debugDescription)")
    }

    @Test func rejectsInvalidUTF8() {
        #expect(rejects([0x22, 0xC3, 0x28, 0x22]))            // bad continuation
        #expect(rejects([0x22, 0xC0, 0xAF, 0x22]))            // overlong "/"
        #expect(rejects([0x22, 0xED, 0xA0, 0x80, 0x22]))      // encoded surrogate
        #expect(rejects([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22])) // above U+10FFFF
        #expect(rejects([0x22, 0xFF, 0x22]))
    }

    @Test func skipsOneByteOrderMarkOnly() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("{}".utf8)) == .object(JSONObject()))
        #expect(rejects([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("{}".utf8)))
        #expect(rejects([0xEF, 0xBB] + Array("{}".utf8)))
    }

    @Test func limitsNestingDepth() throws {
        let ok = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        #expect(throws: Never.self) { try parse(ok) }
        let deep = String(repeating: "[", count: JSONParser.maxDepth + 1) + String(repeating: "]", count: JSONParser.maxDepth + 1)
        #expect(rejects(Array(deep.utf8)))
        // Far deeper than any stack could take if recursion were unbounded.
        #expect(rejects(Array(String(repeating: "{\"a\":", count: 200_000).utf8)))
    }

    @Test func limitsSize() {
        var bytes = Array("\"".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: JSONParser.maxBytes)
        bytes.append(UInt8(ascii: "\""))
        #expect(rejects(bytes))
    }

    @Test func parsesFromRawBuffer() throws {
        let bytes = Array(#"{"KeyId":"k"}"#.utf8)
        let value = try bytes.withUnsafeBytes { buffer throws(KMSError) in try JSONParser.parse(buffer) }
        #expect(value.objectValue?.string("KeyId") == "k")
    }
}
