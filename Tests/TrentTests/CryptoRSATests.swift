import Crypto
import CryptoExtras
import Testing
@testable import TrentCrypto

@Suite struct CryptoRSATests {
    static let signing: [(SignatureAlgorithm, hashLength: Int)] = [
        (.rsaPssSha256, 32), (.rsaPssSha384, 48), (.rsaPssSha512, 64),
        (.rsaPkcs1Sha256, 32), (.rsaPkcs1Sha384, 48), (.rsaPkcs1Sha512, 64),
    ]

    @Test func signVerifyRawAndDigest() throws {
        let key = NativeKeys.rsa2048
        let message = Array("Trent signs this".utf8)
        for (algorithm, hashLength) in Self.signing {
            let raw = try key.sign(.raw(message), algorithm: algorithm)
            #expect(raw.count == 256, "\(algorithm): signature is the modulus size")
            #expect(try key.verify(.raw(message), signature: raw, algorithm: algorithm))
            let digest = Self.hash(message, length: hashLength)
            #expect(try key.verify(.digest(digest), signature: raw, algorithm: algorithm), "\(algorithm): RAW signature verifies as DIGEST")
            let fromDigest = try key.sign(.digest(digest), algorithm: algorithm)
            #expect(try key.verify(.raw(message), signature: fromDigest, algorithm: algorithm), "\(algorithm): DIGEST signature verifies as RAW")
            #expect(try PublicKeyVerifier.verify(spki: key.publicKeyDER, kind: .rsa2048, algorithm: algorithm, message: .raw(message), signature: fromDigest))

            var tampered = raw
            tampered[100] ^= 0x01
            #expect(try !key.verify(.raw(message), signature: tampered, algorithm: algorithm))
            #expect(try !key.verify(.raw(message + [0]), signature: raw, algorithm: algorithm))
            #expect(try !key.verify(.raw(message), signature: Array(raw.dropLast()), algorithm: algorithm))
            #expect(try !key.verify(.raw(message), signature: [], algorithm: algorithm))

            expectFailure(.wrongDigestLength(expected: hashLength), "\(algorithm)") { () throws(AsymmetricFailure) in try key.sign(.digest(digest + [0]), algorithm: algorithm) }
            expectFailure(.wrongDigestLength(expected: hashLength), "\(algorithm)") { () throws(AsymmetricFailure) in try key.verify(.digest(Array(digest.dropLast())), signature: raw, algorithm: algorithm) }
            expectFailure(.algorithmMismatch, "\(algorithm)") { () throws(AsymmetricFailure) in try key.sign(.externalMu(Array(repeating: 1, count: 64)), algorithm: algorithm) }
        }
        // The hash is part of the algorithm: a PSS-SHA256 signature is not a PSS-SHA384 one.
        let pss256 = try key.sign(.raw(message), algorithm: .rsaPssSha256)
        #expect(try !key.verify(.raw(message), signature: pss256, algorithm: .rsaPssSha384))
        #expect(try !key.verify(.raw(message), signature: pss256, algorithm: .rsaPkcs1Sha256))
        // PKCS#1 v1.5 is deterministic, PSS is salted.
        #expect(try key.sign(.raw(message), algorithm: .rsaPkcs1Sha256) == key.sign(.raw(message), algorithm: .rsaPkcs1Sha256))
        #expect(try pss256 != key.sign(.raw(message), algorithm: .rsaPssSha256))
    }

    @Test func algorithmsThatDoNotFit() throws {
        let key = NativeKeys.rsa2048
        for algorithm in [SignatureAlgorithm.ecdsaSha256, .ecdsaSha384, .ecdsaSha512, .sm2dsa, .mlDsaShake256, .ed25519Sha512, .ed25519PhSha512] {
            expectFailure(.algorithmMismatch, "\(algorithm)") { () throws(AsymmetricFailure) in try key.sign(.raw([1]), algorithm: algorithm) }
            expectFailure(.algorithmMismatch, "\(algorithm)") { () throws(AsymmetricFailure) in try key.verify(.raw([1]), signature: [1], algorithm: algorithm) }
        }
        expectFailure(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.encrypt([1], algorithm: .sm2pke) }
        expectFailure(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.decrypt([1], algorithm: .sm2pke) }
        expectFailure(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.deriveSharedSecret(peerPublicKeyDER: key.publicKeyDER) }
    }

    @Test func oaepRoundTripAndLimits() throws {
        let key = NativeKeys.rsa2048
        for (algorithm, maximum) in [(PublicKeyEncryption.rsaOaepSha1, 214), (.rsaOaepSha256, 190)] {
            for length in [0, 1, 32, maximum] {
                let plaintext = SecureRandom.bytes(length)
                let ciphertext = try key.encrypt(plaintext, algorithm: algorithm)
                #expect(ciphertext.count == 256)
                #expect(try key.decrypt(ciphertext, algorithm: algorithm) == plaintext, "\(algorithm) length \(length)")
            }
            expectFailure(.plaintextTooLong(max: maximum), "\(algorithm)") { () throws(AsymmetricFailure) in try key.encrypt(Array(repeating: 7, count: maximum + 1), algorithm: algorithm) }
            let ciphertext = try key.encrypt([1, 2, 3], algorithm: algorithm)
            var tampered = ciphertext
            tampered[17] ^= 0x80
            expectFailure(.invalidCiphertext, "\(algorithm)") { () throws(AsymmetricFailure) in try key.decrypt(tampered, algorithm: algorithm) }
            expectFailure(.invalidCiphertext, "\(algorithm)") { () throws(AsymmetricFailure) in try key.decrypt(Array(ciphertext.dropFirst()), algorithm: algorithm) }
            expectFailure(.invalidCiphertext, "\(algorithm)") { () throws(AsymmetricFailure) in try key.decrypt([], algorithm: algorithm) }
        }
        // OAEP-SHA1 and OAEP-SHA256 ciphertexts are not interchangeable.
        let sha1 = try key.encrypt([9], algorithm: .rsaOaepSha1)
        expectFailure(.invalidCiphertext) { () throws(AsymmetricFailure) in try key.decrypt(sha1, algorithm: .rsaOaepSha256) }
    }

    @Test func pkcs8ReloadAndRejects() throws {
        let key = NativeKeys.rsa2048
        let reloaded = try RSAKeys.load(.rsa2048, privateKeyDER: key.privateKeyDER)
        #expect(reloaded.kind == .rsa2048)
        #expect(reloaded.publicKeyDER == key.publicKeyDER)
        #expect(reloaded.privateKeyDER == key.privateKeyDER)
        let signature = try reloaded.sign(.raw([1, 2]), algorithm: .rsaPssSha256)
        #expect(try key.verify(.raw([1, 2]), signature: signature, algorithm: .rsaPssSha256))
        let ciphertext = try key.encrypt([5], algorithm: .rsaOaepSha256)
        #expect(try reloaded.decrypt(ciphertext, algorithm: .rsaOaepSha256) == [5])

        expectFailure(.invalidPrivateKey, "modulus size is not the kind's") { () throws(AsymmetricFailure) in try RSAKeys.load(.rsa3072, privateKeyDER: key.privateKeyDER) }
        expectFailure(.invalidPrivateKey) { () throws(AsymmetricFailure) in try RSAKeys.load(.rsa2048, privateKeyDER: []) }
        expectFailure(.invalidPrivateKey) { () throws(AsymmetricFailure) in try RSAKeys.load(.rsa2048, privateKeyDER: Array(key.privateKeyDER.dropLast())) }
        expectFailure(.invalidPrivateKey) { () throws(AsymmetricFailure) in try RSAKeys.load(.p256, privateKeyDER: key.privateKeyDER) }
        // PKCS#1 parses in swift-crypto but is not Trent's storage format.
        let pkcs1 = Array(try _RSA.Signing.PrivateKey(derRepresentation: key.privateKeyDER).derRepresentation)
        expectFailure(.invalidPrivateKey) { () throws(AsymmetricFailure) in try RSAKeys.load(.rsa2048, privateKeyDER: pkcs1) }
        expectFailure(.invalidPublicKey) { () throws(AsymmetricFailure) in
            try PublicKeyVerifier.verify(spki: key.publicKeyDER, kind: .rsa4096, algorithm: .rsaPssSha256, message: .raw([1, 2]), signature: signature)
        }
        expectFailure(.invalidPublicKey) { () throws(AsymmetricFailure) in
            try PublicKeyVerifier.verify(spki: Array(key.publicKeyDER.dropFirst()), kind: .rsa2048, algorithm: .rsaPssSha256, message: .raw([1, 2]), signature: signature)
        }
    }

    /// RSA_3072 and RSA_4096: one key each (slow to generate), sizes and OAEP limits.
    @Test(arguments: [KeyPairKind.rsa3072, .rsa4096])
    func largerKeys(kind: KeyPairKind) throws {
        let (modulusBytes, sha1Maximum, sha256Maximum) = kind == .rsa3072 ? (384, 342, 318) : (512, 470, 446)
        let key = try RSAKeys.generate(kind)
        #expect(key.kind == kind)
        let message = Array("larger".utf8)
        for algorithm in [SignatureAlgorithm.rsaPssSha512, .rsaPkcs1Sha384] {
            let signature = try key.sign(.raw(message), algorithm: algorithm)
            #expect(signature.count == modulusBytes)
            #expect(try PublicKeyVerifier.verify(spki: key.publicKeyDER, kind: kind, algorithm: algorithm, message: .raw(message), signature: signature))
        }
        for (algorithm, maximum) in [(PublicKeyEncryption.rsaOaepSha1, sha1Maximum), (.rsaOaepSha256, sha256Maximum)] {
            let plaintext = SecureRandom.bytes(maximum)
            #expect(try key.decrypt(key.encrypt(plaintext, algorithm: algorithm), algorithm: algorithm) == plaintext)
            expectFailure(.plaintextTooLong(max: maximum)) { () throws(AsymmetricFailure) in try key.encrypt(plaintext + [0], algorithm: algorithm) }
        }
        #expect(try RSAKeys.load(kind, privateKeyDER: key.privateKeyDER).publicKeyDER == key.publicKeyDER)
    }

    static func hash(_ message: [UInt8], length: Int) -> [UInt8] {
        switch length {
        case 32: return Array(SHA256.hash(data: message))
        case 48: return Array(SHA384.hash(data: message))
        default: return Array(SHA512.hash(data: message))
        }
    }
}
