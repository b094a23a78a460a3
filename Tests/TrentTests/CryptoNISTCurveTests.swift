import Crypto
import Testing
@testable import TrentCrypto

@Suite struct CryptoNISTCurveTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let kind: KeyPairKind
        let algorithm: SignatureAlgorithm
        let hashLength: Int
        let secretLength: Int
        var testDescription: String { kind.rawValue }
    }

    static let cases = [
        Case(kind: .p256, algorithm: .ecdsaSha256, hashLength: 32, secretLength: 32),
        Case(kind: .p384, algorithm: .ecdsaSha384, hashLength: 48, secretLength: 48),
        Case(kind: .p521, algorithm: .ecdsaSha512, hashLength: 64, secretLength: 66),
    ]

    @Test(arguments: cases)
    func signVerify(_ c: Case) throws {
        let key = try NISTCurveKeys.generate(c.kind)
        #expect(key.kind == c.kind)
        let message = Array("Trent signs this".utf8)
        let signature = try key.sign(.raw(message), algorithm: c.algorithm)
        #expect(signature.first == 0x30, "DER SEQUENCE")
        #expect(try key.verify(.raw(message), signature: signature, algorithm: c.algorithm))
        let digest = CryptoRSATests.hash(message, length: c.hashLength)
        #expect(try key.verify(.digest(digest), signature: signature, algorithm: c.algorithm))
        let fromDigest = try key.sign(.digest(digest), algorithm: c.algorithm)
        #expect(try key.verify(.raw(message), signature: fromDigest, algorithm: c.algorithm))
        #expect(try PublicKeyVerifier.verify(spki: key.publicKeyDER, kind: c.kind, algorithm: c.algorithm, message: .raw(message), signature: fromDigest))

        var tampered = signature
        tampered[tampered.count - 3] ^= 0x01
        #expect(try !key.verify(.raw(message), signature: tampered, algorithm: c.algorithm))
        #expect(try !key.verify(.raw(message + [0]), signature: signature, algorithm: c.algorithm))
        // Malformed DER answers false, never an error.
        for malformed in [[], [0x30, 0x00], Array(signature.dropLast()), signature + [0], Array(repeating: 0xff, count: 70)] {
            #expect(try !key.verify(.raw(message), signature: malformed, algorithm: c.algorithm))
        }

        expectFailure(.wrongDigestLength(expected: c.hashLength)) { () throws(AsymmetricFailure) in try key.sign(.digest(Array(digest.dropLast())), algorithm: c.algorithm) }
        expectFailure(.wrongDigestLength(expected: c.hashLength)) { () throws(AsymmetricFailure) in try key.sign(.digest(Array(repeating: 1, count: c.hashLength == 64 ? 32 : 64)), algorithm: c.algorithm) }
        expectFailure(.wrongDigestLength(expected: c.hashLength)) { () throws(AsymmetricFailure) in try key.verify(.digest([]), signature: signature, algorithm: c.algorithm) }
        expectFailure(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.sign(.externalMu(Array(repeating: 1, count: 64)), algorithm: c.algorithm) }
        for other in SignatureAlgorithm.allCases where other != c.algorithm {
            expectFailure(.algorithmMismatch, "\(other) on \(c.kind)") { () throws(AsymmetricFailure) in try key.sign(.raw(message), algorithm: other) }
            expectFailure(.algorithmMismatch, "\(other) on \(c.kind)") { () throws(AsymmetricFailure) in try key.verify(.raw(message), signature: signature, algorithm: other) }
        }
        expectFailure(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.encrypt([1], algorithm: .rsaOaepSha256) }
        expectFailure(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.decrypt([1], algorithm: .rsaOaepSha256) }
    }

    @Test(arguments: cases)
    func pkcs8Reload(_ c: Case) throws {
        let key = try NISTCurveKeys.generate(c.kind)
        let reloaded = try NISTCurveKeys.load(c.kind, privateKeyDER: key.privateKeyDER)
        #expect(reloaded.publicKeyDER == key.publicKeyDER)
        #expect(reloaded.privateKeyDER == key.privateKeyDER)
        let signature = try reloaded.sign(.raw([7]), algorithm: c.algorithm)
        #expect(try key.verify(.raw([7]), signature: signature, algorithm: c.algorithm))

        for other in Self.cases where other.kind != c.kind {
            expectFailure(.invalidPrivateKey, "\(c.kind) PKCS#8 loaded as \(other.kind)") { () throws(AsymmetricFailure) in try NISTCurveKeys.load(other.kind, privateKeyDER: key.privateKeyDER) }
            expectFailure(.invalidPublicKey) { () throws(AsymmetricFailure) in
                try PublicKeyVerifier.verify(spki: key.publicKeyDER, kind: other.kind, algorithm: other.algorithm, message: .raw([7]), signature: signature)
            }
        }
        expectFailure(.invalidPrivateKey) { () throws(AsymmetricFailure) in try NISTCurveKeys.load(c.kind, privateKeyDER: []) }
        expectFailure(.invalidPrivateKey) { () throws(AsymmetricFailure) in try NISTCurveKeys.load(c.kind, privateKeyDER: Array(key.privateKeyDER.dropLast())) }
        // A different curve OID with a scalar that would fit: swift-crypto alone loads it.
        let otherCurve = Self.replacingCurveOID(in: key.privateKeyDER, kind: c.kind)
        expectFailure(.invalidPrivateKey) { () throws(AsymmetricFailure) in try NISTCurveKeys.load(c.kind, privateKeyDER: otherCurve) }
    }

    @Test(arguments: cases)
    func ecdh(_ c: Case) throws {
        let alice = try NISTCurveKeys.generate(c.kind)
        let bob = try NISTCurveKeys.generate(c.kind)
        let secret = try alice.deriveSharedSecret(peerPublicKeyDER: bob.publicKeyDER)
        #expect(secret.count == c.secretLength)
        #expect(try bob.deriveSharedSecret(peerPublicKeyDER: alice.publicKeyDER) == secret)

        // The same point in compressed form is the same peer.
        let point = try #require(KeyInfo.parseSPKI(bob.publicKeyDER)).publicKey
        let fieldBytes = (point.count - 1) / 2
        let compressed = [0x02 | (point.last! & 1)] + Array(point.dropFirst().prefix(fieldBytes))
        let algorithm = try #require(KeyInfo.parseSPKI(bob.publicKeyDER)).algorithm
        #expect(try alice.deriveSharedSecret(peerPublicKeyDER: KeyInfo.spki(algorithm: Array(algorithm), publicKey: compressed)) == secret)

        var offCurve = bob.publicKeyDER
        offCurve[offCurve.count - 1] ^= 0x01
        expectFailure(.invalidPublicKey, "point not on the curve") { () throws(AsymmetricFailure) in try alice.deriveSharedSecret(peerPublicKeyDER: offCurve) }
        expectFailure(.invalidPublicKey) { () throws(AsymmetricFailure) in try alice.deriveSharedSecret(peerPublicKeyDER: []) }
        expectFailure(.invalidPublicKey) { () throws(AsymmetricFailure) in try alice.deriveSharedSecret(peerPublicKeyDER: bob.publicKeyDER + [0]) }
        expectFailure(.invalidPublicKey) { () throws(AsymmetricFailure) in try alice.deriveSharedSecret(peerPublicKeyDER: NativeKeys.rsa2048.publicKeyDER) }
        for other in Self.cases where other.kind != c.kind {
            let peer = try NISTCurveKeys.generate(other.kind)
            expectFailure(.invalidPublicKey, "\(other.kind) peer for \(c.kind)") { () throws(AsymmetricFailure) in try alice.deriveSharedSecret(peerPublicKeyDER: peer.publicKeyDER) }
        }
        // The peer's SPKI must name the curve: the bare point with another curve's OID is refused.
        let relabelled = Self.replacingCurveOID(in: bob.publicKeyDER, kind: c.kind)
        expectFailure(.invalidPublicKey) { () throws(AsymmetricFailure) in try alice.deriveSharedSecret(peerPublicKeyDER: relabelled) }
    }

    /// Changes the last byte of the named-curve OID (secp256r1 → …3.1.8, secp384r1 → secp521r1,
    /// secp521r1 → secp384r1): same length, different curve.
    static func replacingCurveOID(in der: [UInt8], kind: KeyPairKind) -> [UInt8] {
        let oid: [UInt8] = switch kind {
        case .p256: [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]
        case .p384: [0x2b, 0x81, 0x04, 0x00, 0x22]
        default: [0x2b, 0x81, 0x04, 0x00, 0x23]
        }
        var out = der
        let start = (0...(der.count - oid.count)).first { Array(der[$0..<$0 + oid.count]) == oid }!
        out[start + oid.count - 1] = kind == .p521 ? 0x22 : kind == .p384 ? 0x23 : 0x08
        return out
    }
}
