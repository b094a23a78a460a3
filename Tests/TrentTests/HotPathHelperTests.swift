import Testing
import TrentCrypto
@testable import TrentAuth
@testable import TrentHTTP
@testable import TrentAPI
import Foundation
import Crypto

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

@Suite struct HexEncodingTests {
    @Test func everyPathGivesTheSameText() {
        let bytes: [UInt8] = [0x00, 0x01, 0x7f, 0x80, 0xab, 0xff]
        let expected = "00017f80abff"
        #expect(TrentCrypto.Hex.encode(bytes) == expected)          // contiguous array
        #expect(TrentCrypto.Hex.encode(bytes.lazy.map { $0 }) == expected)  // no contiguous storage
        #expect(TrentCrypto.Hex.encode([UInt8]()) == "")
        // A digest: FIPS 180-2 SHA-256("abc").
        #expect(TrentCrypto.Hex.encode(SHA256.hash(data: Array("abc".utf8)))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite struct SecureRandomTests {
    @Test func drawsAreDistinctAndCoverEveryByteValue() {
        #expect(SecureRandom.bytes(0).isEmpty)
        var nonces = Set<[UInt8]>()
        for _ in 0 ..< 10_000 {
            let nonce = SecureRandom.bytes(12)
            #expect(nonce.count == 12)
            nonces.insert(nonce)
        }
        #expect(nonces.count == 10_000)
        // 64 KiB of output contains every byte value; a broken generator (zeros, a short
        // cycle) does not. The chance that a good one misses a value is below 1e-100.
        let block = SecureRandom.bytes(65_536)
        #expect(Set(block).count == 256)
        #expect(SecureRandom.bytes(40) != SecureRandom.bytes(40))
    }
}

@Suite struct HeaderIndexTests {
    @Test func lookupIsByLowercaseNameInReceivedOrder() {
        let index = HeaderIndex([
            (name: "Host", value: "kms.us-east-1.amazonaws.com"),
            (name: "X-Amz-Meta", value: " a  b "),
            (name: "x-amz-meta", value: "c"),
            (name: "Content-Type", value: "application/x-amz-json-1.1"),
        ])
        #expect(index.first("host") == "kms.us-east-1.amazonaws.com")
        #expect(index.values("x-amz-meta") == [" a  b ", "c"])
        #expect(index.first("x-amz-meta") == " a  b ")
        #expect(index.canonicalValue("x-amz-meta") == "a b,c")
        #expect(index.canonicalValue("content-type") == "application/x-amz-json-1.1")
        #expect(index.canonicalValue("missing") == "")
        #expect(index.first("missing") == nil)
        #expect(index.contains("content-type") && !index.contains("Content-Type"))
    }
}

@Suite struct AuthorizationHeaderParseTests {
    static let headers = HeaderIndex([(name: "X-Amz-Date", value: "20150830T123600Z")])

    @Test func acceptsTheSpacingAndRepetitionClientsSend() throws {
        let variants = [
            "AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcd",
            "AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/kms/aws4_request,SignedHeaders=host;x-amz-date,Signature=abcd",
            " \tAWS4-HMAC-SHA256   Credential=AK/20150830/us-east-1/kms/aws4_request ,\tSignedHeaders=host;x-amz-date , Signature=abcd ,\r\n",
            // The last of a repeated component wins; unknown components are ignored.
            "AWS4-HMAC-SHA256 Signature=zzzz, Credential=AK/20150830/us-east-1/kms/aws4_request, Extra=1, SignedHeaders=host;x-amz-date, Signature=abcd",
        ]
        for header in variants {
            let parsed = try AuthorizationHeader.parse(header, headers: Self.headers)
            #expect(parsed.credential == "AK/20150830/us-east-1/kms/aws4_request", "\(header)")
            #expect(parsed.signedHeaders == "host;x-amz-date", "\(header)")
            #expect(parsed.signature == "abcd", "\(header)")
            #expect(parsed.timestamp == "20150830T123600Z")
        }
    }

    @Test func refusesWhatAWSRefuses() {
        func type(_ header: String) -> String? {
            do { _ = try AuthorizationHeader.parse(header, headers: Self.headers); return nil } catch { return error.type }
        }
        #expect(type("") == "MissingAuthenticationTokenException")
        #expect(type("Basic dXNlcjpwYXNz") == "MissingAuthenticationTokenException")
        #expect(type("AWS4-HMAC-SHA512 Credential=a, SignedHeaders=host, Signature=b") == "IncompleteSignatureException")
        #expect(type("AWS4-HMAC-SHA256 Credential=a, SignedHeaders, Signature=b") == "IncompleteSignatureException")
        // A key with a space before '=' is some other key: Credential is then missing.
        #expect(type("AWS4-HMAC-SHA256 Credential =a, SignedHeaders=host, Signature=b") == "IncompleteSignatureException")
        // An empty SignedHeaders parses (the host check refuses it later); an empty Signature does not.
        #expect(type("AWS4-HMAC-SHA256 Credential=a, SignedHeaders=, Signature=b") == nil)
        #expect(type("AWS4-HMAC-SHA256 Credential=a, SignedHeaders=host, Signature=") == "IncompleteSignatureException")
    }
}

@Suite struct HTTPDateTests {
    @Test func matchesFoundationsIMFFixdate() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        for seconds in [0, 784_111_777, 951_782_400, 1_700_000_000, 1_709_164_800, 4_102_444_799, -86_401, -1] {
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(HTTPDate.format(epochSeconds: seconds) == expected, "\(seconds)")
        }
        // RFC 9110's own example.
        #expect(HTTPDate.format(epochSeconds: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }
}

@Suite struct ManyHeadersTests {
    /// Past `scanLimit` headers the index answers from a dictionary; it must answer exactly
    /// what the scan answers.
    @Test func dictionaryIndexAgreesWithTheScan() {
        func headers(_ count: Int) -> [(name: String, value: String)] {
            (0 ..< count).map { index in (name: index % 3 == 0 ? "X-Repeated" : "X-Header-\(index)", value: " v\(index)  w ") }
        }
        for count in [HeaderIndex.scanLimit, HeaderIndex.scanLimit + 1, 200] {
            let index = HeaderIndex(headers(count))
            let expectedRepeated = (0 ..< count).filter { $0 % 3 == 0 }.map { " v\($0)  w " }
            #expect(index.values("x-repeated") == expectedRepeated, "\(count)")
            #expect(index.first("x-repeated") == " v0  w ")
            #expect(index.canonicalValue("x-repeated") == expectedRepeated.map { CanonicalRequest.trimAll($0) }.joined(separator: ","))
            #expect(index.canonicalValue("x-header-1") == "v1 w")
            #expect(index.first("x-header-1") == " v1  w ")
            #expect(index.values("absent").isEmpty && index.first("absent") == nil && !index.contains("absent"))
            #expect(index.contains("x-header-2"))
        }
    }
}
