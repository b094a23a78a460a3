import Testing
import TrentJSON
@testable import TrentAPI

@Suite("Base64")
struct WireBase64Tests {
    // RFC 4648 §10.
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test(arguments: vectors)
    func matchesRFC4648(plain: String, encoded: String) throws {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(try Base64.decode(encoded) == Array(plain.utf8))
        #expect(try Base64.validatedLength(encoded) == plain.utf8.count)
        #expect(Base64.lengthOfValidated(encoded) == plain.utf8.count)
    }

    @Test func roundTripsEveryByteAndLength() throws {
        let bytes = (0..<600).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for length in [0, 1, 2, 3, 4, 5, 255, 256, 257, 600] {
            let slice = Array(bytes.prefix(length))
            #expect(try Base64.decode(Base64.encode(slice)) == slice)
        }
    }

    @Test(arguments: [
        ("23456", Base64.DecodingError.lengthNotMultipleOfFour(5)),
        ("Zg=", .lengthNotMultipleOfFour(3)),
        ("=+/=", .invalidLastCharacter),
        ("+/+=", .invalidLastCharacter),
        ("Zh==", .invalidLastCharacter),
        ("Zm9=", .invalidLastCharacter),
        ("====", .invalidLastCharacter),
        ("Zg==Zg==", .invalidLastCharacter),
        ("Zm 9", .invalidCharacter(" ")),
        ("Zm9v\n", .lengthNotMultipleOfFour(5)),
        ("Zm-_", .invalidCharacter("-")),
        ("Zm9é", .invalidCharacter("é")),
    ])
    func rejectsNonCanonicalText(text: String, error: Base64.DecodingError) {
        #expect(throws: error) { try Base64.decode(text) }
    }
}

@Suite("Base64 alphabet check")
struct WireBase64AlphabetTests {
    /// Long enough that the eight-byte fast path sees the bad byte.
    @Test(arguments: Array("@[`{*,.:-_ \u{7F}~!".unicodeScalars))
    func rejectsNeighboursOfTheAlphabetInLongText(bad: Unicode.Scalar) {
        var text = Array(String(repeating: "QUJD", count: 16).unicodeScalars)
        for position in [0, 13, 40] {
            var copy = text
            copy[position] = bad
            let candidate = String(String.UnicodeScalarView(copy))
            #expect(throws: Base64.DecodingError.invalidCharacter(bad)) { try Base64.decode(candidate) }
        }
        text[63] = "="
        text[62] = "="
        #expect(throws: Base64.DecodingError.invalidLastCharacter) { try Base64.decode(String(String.UnicodeScalarView(text))) }
    }

    @Test func acceptsEveryAlphabetByteInLongText() throws {
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        let decoded = try Base64.decode(alphabet + alphabet)
        #expect(Base64.encode(decoded) == alphabet + alphabet)
    }

    @Test func rejectsNonASCIIInLongText() {
        // Four two-byte scalars keep the UTF-16 length a multiple of four.
        let text = String(repeating: "QUJD", count: 8) + "éééé" + String(repeating: "QUJD", count: 8)
        #expect(throws: Base64.DecodingError.invalidCharacter("é")) { try Base64.decode(text) }
    }
}
