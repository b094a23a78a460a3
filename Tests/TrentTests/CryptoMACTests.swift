import Crypto
import Testing
@testable import TrentCrypto

/// SHA-224 (own implementation) and the four KMS HMAC algorithms.
@Suite struct CryptoMACTests {
    static func hex(_ digest: some Sequence<UInt8>) -> String { Hex.encode(digest) }

    @Test func sha224FIPS180Vectors() {
        #expect(Self.hex(SHA224.hash(data: Array("abc".utf8))) == "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")
        #expect(Self.hex(SHA224.hash(data: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))) == "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525")
        #expect(Self.hex(SHA224.hash(data: [UInt8]())) == "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f")
        var hasher = SHA224()
        let thousand = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(data: thousand) }
        #expect(Self.hex(hasher.finalize()) == "20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67")
    }

    /// Any split of the input gives the one-shot digest: the partial-block buffering, and
    /// padding lengths either side of the 56-byte boundary.
    @Test func sha224Streaming() {
        let message = SecureRandom.bytes(300)
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 300] {
            let oneShot = SHA224.hash(data: message.prefix(length))
            #expect(oneShot.withUnsafeBytes { $0.count } == 28)
            for chunk in [1, 3, 63, 64, 70] {
                var hasher = SHA224()
                var rest = message.prefix(length)[...]
                while !rest.isEmpty {
                    hasher.update(data: rest.prefix(chunk))
                    rest = rest.dropFirst(chunk)
                }
                #expect(hasher.finalize() == oneShot, "length \(length), chunk \(chunk)")
            }
        }
        // finalize() leaves the hasher usable.
        var hasher = SHA224()
        hasher.update(data: Array("ab".utf8))
        _ = hasher.finalize()
        hasher.update(data: Array("c".utf8))
        #expect(Self.hex(hasher.finalize()) == "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")
    }

    @Test func rfc4231TestCase2() {
        let key = Array("Jefe".utf8)
        let data = Array("what do ya want for nothing?".utf8)
        let expected: [MacAlgorithm: String] = [
            .hmacSha224: "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
            .hmacSha256: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            .hmacSha384: "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
            .hmacSha512: "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
        ]
        for algorithm in MacAlgorithm.allCases {
            let mac = KMSMac.generate(key: key, algorithm: algorithm, message: data)
            #expect(Self.hex(mac) == expected[algorithm], "\(algorithm)")
            #expect(KMSMac.verify(key: key, algorithm: algorithm, message: data, mac: mac))
        }
    }

    @Test(arguments: [("hmac_sha224_test.json", MacAlgorithm.hmacSha224), ("hmac_sha256_test.json", .hmacSha256), ("hmac_sha384_test.json", .hmacSha384), ("hmac_sha512_test.json", .hmacSha512)])
    func wycheproof(file: String, algorithm: MacAlgorithm) throws {
        let fullBits = KMSMac.keyLength(algorithm) * 8
        var full = 0
        var truncated = 0
        for group in try NativeVectors.groups(file) {
            let tagBits = try #require(group.fields["tagSize"] as? Int)
            for test in group.tests {
                let key = try #require(test.bytes("key"))
                let message = try #require(test.bytes("msg"))
                let tag = try #require(test.bytes("tag"))
                let mac = KMSMac.generate(key: key, algorithm: algorithm, message: message)
                let verified = KMSMac.verify(key: key, algorithm: algorithm, message: message, mac: tag)
                if tagBits == fullBits {
                    if test.result == "valid" {
                        #expect(mac == tag, "tcId \(test.id)")
                        #expect(verified, "tcId \(test.id)")
                    } else {
                        #expect(!verified, "tcId \(test.id): invalid tag accepted")
                    }
                    full += 1
                } else {
                    // KMS MACs are full length: a truncated tag never verifies, even a right one.
                    #expect(!verified, "tcId \(test.id): truncated tag accepted")
                    if test.result == "valid" { #expect(Array(mac.prefix(tag.count)) == tag, "tcId \(test.id)") }
                    truncated += 1
                }
            }
        }
        #expect(full > 60)
        #expect(truncated > 60)
    }

    @Test func lengthsAndRejections() {
        #expect(MacAlgorithm.allCases.map(KMSMac.keyLength) == [28, 32, 48, 64])
        for algorithm in MacAlgorithm.allCases {
            let key = SecureRandom.bytes(KMSMac.keyLength(algorithm))
            let message = Array("mac me".utf8)
            let mac = KMSMac.generate(key: key, algorithm: algorithm, message: message)
            #expect(mac.count == KMSMac.keyLength(algorithm))
            #expect(KMSMac.verify(key: key, algorithm: algorithm, message: message, mac: mac))
            #expect(!KMSMac.verify(key: key, algorithm: algorithm, message: message + [0], mac: mac))
            var otherKey = key
            otherKey[0] ^= 0x01
            #expect(!KMSMac.verify(key: otherKey, algorithm: algorithm, message: message, mac: mac))
            // HMAC zero-pads short keys, so key ‖ 00 is the same key: KMS keys have fixed lengths.
            #expect(KMSMac.verify(key: key + [0], algorithm: algorithm, message: message, mac: mac))
            #expect(!KMSMac.verify(key: key, algorithm: algorithm, message: message, mac: []))
            #expect(!KMSMac.verify(key: key, algorithm: algorithm, message: message, mac: mac + [0]))
            var flipped = mac
            flipped[mac.count - 1] ^= 0x01
            #expect(!KMSMac.verify(key: key, algorithm: algorithm, message: message, mac: flipped))
            for other in MacAlgorithm.allCases where other != algorithm {
                #expect(!KMSMac.verify(key: key, algorithm: other, message: message, mac: mac))
            }
        }
    }
}
