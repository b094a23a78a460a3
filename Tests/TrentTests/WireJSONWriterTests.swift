import Testing
import TrentJSON
import Foundation
@testable import TrentAPI

@Suite("JSON writer")
struct WireJSONWriterTests {
    private func text(_ build: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        build(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func writesCompactObjects() {
        let json = text { writer in
            writer.beginObject()
            writer.key("KeyId"); writer.string("arn:aws:kms:us-east-1:111122223333:key/abc")
            writer.key("Enabled"); writer.bool(true)
            writer.key("Count"); writer.int(-42)
            writer.key("Nothing"); writer.null()
            writer.key("List"); writer.beginArray(); writer.int(1); writer.int(2); writer.beginObject(); writer.endObject(); writer.endArray()
            writer.endObject()
        }
        #expect(json == #"{"KeyId":"arn:aws:kms:us-east-1:111122223333:key/abc","Enabled":true,"Count":-42,"Nothing":null,"List":[1,2,{}]}"#)
    }

    @Test func escapesOnlyWhatJSONRequires() {
        let json = text { $0.string("a\"b\\c/d\n\r\t\u{8}\u{c}\u{1}\u{1f}é😀") }
        #expect(json == #""a\"b\\c/d\n\r\t\b\f\u0001\u001fé😀""#)
    }

    /// The eight-bytes-at-a-time skip must find every byte that needs escaping, wherever it
    /// falls in a word: checked against a byte-by-byte reference for each position.
    @Test func wordAtATimeEscapingMatchesByteByByte() {
        func reference(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{8}": out += "\\b"
                case "\u{c}": out += "\\f"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let specials: [Character] = ["\"", "\\", "\u{0}", "\u{1f}", "\n", "é", "\u{7f}", " ", "!", "#", "[", "]"]
        for length in [7, 8, 9, 16, 17, 31] {
            for position in 0 ..< length {
                for special in specials {
                    var characters = Array(repeating: Character("A"), count: length)
                    characters[position] = special
                    let value = String(characters)
                    #expect(text { $0.string(value) } == reference(value), "\(length) \(position) \(special.unicodeScalars.first!.value)")
                }
            }
        }
        #expect(!JSONWriter.mayNeedEscaping(0x4141_4141_4141_4141))
        #expect(JSONWriter.mayNeedEscaping(0x4141_4141_2241_4141))
    }

    @Test(arguments: [
        (1_700_000_000.123, "1700000000.123"),
        (1_700_000_000.0, "1700000000"),
        (0.1, "0.1"),
        (-2.5, "-2.5"),
        (1e21, "1e+21"),
        (Double.leastNonzeroMagnitude, "5e-324"),
    ])
    func writesShortestExactDoubles(value: Double, expected: String) throws {
        let json = text { $0.double(value) }
        #expect(json == expected)
        guard case .number(let number) = try JSONParser.parse(Array(json.utf8)) else {
            Issue.record("not a number"); return
        }
        #expect(number.double == value)
    }

    /// Commas stay right at every level of a deep document (beyond one 64-bit word of
    /// nesting state), and the deepest document the parser accepts can be written back.
    @Test func deepNestingKeepsItsCommas() throws {
        let json = text { writer in
            for _ in 0 ..< 100 { writer.beginArray(); writer.int(1) }
            for _ in 0 ..< 100 { writer.endArray(); writer.int(2) }
        }
        let expected = "[1" + String(repeating: ",[1", count: 99) + String(repeating: "],2", count: 100)
        #expect(json == expected)
        let deepest = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        let parsed = try JSONParser.parse(Array(deepest.utf8))
        let wrapped = JSONValue.object(JSONObject([(key: "a", value: .object(JSONObject([(key: "b", value: parsed)])))]))
        #expect(String(decoding: JSONWriter.encode(wrapped), as: UTF8.self) == #"{"a":{"b":"# + deepest + "}}")
    }

    @Test func writesNonFiniteAsNull() {
        #expect(text { $0.double(.nan) } == "null")
        #expect(text { $0.double(.infinity) } == "null")
    }

    @Test func writesIntExtremes() {
        #expect(text { $0.int(0) } == "0")
        #expect(text { $0.int(Int.max) } == "9223372036854775807")
        #expect(text { $0.int(Int.min) } == "-9223372036854775808")
    }

    @Test func writesBlobsAsBase64() {
        #expect(text { $0.base64([0, 1, 2, 253, 254, 255]) } == #""AAEC/f7/""#)
    }

    @Test func roundTripsThroughTheParser() throws {
        let source = #"{"a":[1,-2.5e3,true,false,null,"x\"y\u0001é"],"b":{"c":{}},"a":"dup"}"#
        let value = try JSONParser.parse(Array(source.utf8))
        let written = JSONWriter.encode(value)
        #expect(try JSONParser.parse(written) == value)
        #expect(String(decoding: written, as: UTF8.self) == #"{"a":[1,-2.5e3,true,false,null,"x\"y\u0001é"],"b":{"c":{}},"a":"dup"}"#)
    }
}
