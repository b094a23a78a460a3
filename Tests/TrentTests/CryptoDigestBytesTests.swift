import Crypto
import Testing
@testable import TrentCrypto

/// Pins the layout assumption behind signing a caller's digest with RSA: a SHA-2 digest
/// value rebuilt from bytes must equal the one swift-crypto computes.
@Suite struct CryptoDigestBytesTests {
    @Test func concreteDigestsEqualRealOnes() throws {
        for message in [[], Array("abc".utf8), SecureRandom.bytes(1000)] {
            #expect(try DigestBytes.concrete(SHA256.self, from: Array(SHA256.hash(data: message))) == SHA256.hash(data: message))
            #expect(try DigestBytes.concrete(SHA384.self, from: Array(SHA384.hash(data: message))) == SHA384.hash(data: message))
            #expect(try DigestBytes.concrete(SHA512.self, from: Array(SHA512.hash(data: message))) == SHA512.hash(data: message))
        }
        #expect(MemoryLayout<SHA256Digest>.size == 32)
        #expect(MemoryLayout<SHA384Digest>.size == 48)
        #expect(MemoryLayout<SHA512Digest>.size == 64)
    }

    @Test func wrongLengthsAreRefused() {
        expectFailure(.wrongDigestLength(expected: 32)) { () throws(AsymmetricFailure) in try DigestBytes.concrete(SHA256.self, from: Array(repeating: 0, count: 31)) }
        expectFailure(.wrongDigestLength(expected: 48)) { () throws(AsymmetricFailure) in try DigestBytes.concrete(SHA384.self, from: Array(repeating: 0, count: 64)) }
        expectFailure(.wrongDigestLength(expected: 64)) { () throws(AsymmetricFailure) in try ExternalDigest<SHA512>(Array(repeating: 0, count: 32)) }
        expectFailure(.wrongDigestLength(expected: 32)) { () throws(AsymmetricFailure) in try SignedMessage.digest([]).concreteDigest(SHA256.self) }
    }

    @Test func externalDigestReadsItsBytes() throws {
        let bytes = Array(SHA384.hash(data: [1, 2, 3]))
        let digest = try ExternalDigest<SHA384>(bytes)
        #expect(Array(digest) == bytes)
        #expect(ExternalDigest<SHA384>.byteCount == 48)
        #expect(digest.withUnsafeBytes { Array($0) } == bytes)
    }
}
