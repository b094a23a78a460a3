import Testing
import TrentCrypto
@testable import TrentAuth
@testable import TrentHTTP
@testable import TrentAPI
import Foundation

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

@Suite struct WireDateTests {
    @Test func epochSecondsWithMilliseconds() {
        let cases: [(Double, String)] = [
            (1_700_000_000, "1700000000"), (1_700_000_000.5, "1700000000.5"),
            (1_700_000_000.123, "1700000000.123"), (1_700_000_000.05, "1700000000.05"),
            (1_700_000_000.0004, "1700000000"),
        ]
        for (seconds, text) in cases {
            guard case .number(let number) = Wire.date(Date(timeIntervalSince1970: seconds)) else {
                Issue.record("not a number"); continue
            }
            #expect(number.text == text)
        }
    }
}

@Suite struct AuditTimeTests {
    @Test func matchesFoundationISO8601() {
        for seconds in [0.0, 951_782_400, 1_700_000_000.9, 4_102_444_799, 1_709_164_800, -86_401] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(AuditTime.format(date) == date.ISO8601Format(), "\(seconds)")
        }
    }
}

@Suite struct HexTests {
    @Test func lowercaseOnlyRefusesUppercase() {
        #expect(TrentCrypto.Hex.decode("0aff") == [0x0a, 0xff])
        #expect(TrentCrypto.Hex.decode("0AFF") == [0x0a, 0xff])
        #expect(TrentCrypto.Hex.decode("0AFF", lowercaseOnly: true) == nil)
        #expect(TrentCrypto.Hex.decode("0aff", lowercaseOnly: true) == [0x0a, 0xff])
        #expect(TrentCrypto.Hex.decode("0g", lowercaseOnly: true) == nil)
    }
}
