import Testing
@testable import TrentAuth
@testable import TrentHTTP

/// The byte-level helpers that replace String operations on the request path must give
/// exactly what the String operations give.
@Suite struct HotPathHelperTests {
    @Test func asciiLowercasedMatchesFoundation() {
        for text in ["", "host", "X-Amz-Date", "CONTENT-TYPE", "x-Amz-Target", "Ünïcode-Header", "a1-B2_c3"] {
            #expect(ASCII.lowercased(text) == text.lowercased(), "\(text)")
        }
    }

    @Test func asciiSplitMatchesStringSplit() {
        for text in ["", ";", "a;b", ";a;;b;", "content-type;host;x-amz-date", "é;ü"] {
            let expected = text.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            #expect(ASCII.split(Substring(text), on: UInt8(ascii: ";")).map(String.init) == expected, "\(text)")
        }
    }

    @Test func trimAllFastPathAgreesWithSlowPath() {
        for value in ["application/x-amz-json-1.1", " a  b ", "a b", "a\tb", "", " ", "x ", " x", "a  b", "ü"] {
            let collapsed = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            #expect(CanonicalRequest.trimAll(value) == collapsed, "'\(value)'")
        }
    }

    @Test func requestIdsAreVersion4UUIDs() {
        var seen = Set<String>()
        for _ in 0 ..< 1000 {
            let id = RequestID.make()
            let bytes = Array(id.utf8)
            #expect(bytes.count == 36)
            #expect([8, 13, 18, 23].allSatisfy { bytes[$0] == UInt8(ascii: "-") })
            #expect(bytes[14] == UInt8(ascii: "4"))
            #expect("89ab".utf8.contains(bytes[19]))
            #expect(id == id.lowercased())
            seen.insert(id)
        }
        #expect(seen.count == 1000)
    }
}
