import COpenSSL
import Testing
@testable import TrentCrypto

/// µ computed outside BoringSSL: FIPS 204 Algorithm 2 line 6 / Algorithm 3 line 7,
/// µ = SHAKE256(tr || 0x00 || |ctx| || ctx || M, 64) with tr = SHAKE256(pk, 64), over the
/// system OpenSSL's SHAKE256, so a µ signature Trent accepts is not checked by its own hash.
enum FIPS204Mu {
    static func mu(publicKey: [UInt8], message: [UInt8], context: [UInt8] = []) -> [UInt8] {
        shake256(shake256(publicKey) + [0, UInt8(context.count)] + context + message)
    }

    static func mu(spki: [UInt8], message: [UInt8]) throws -> [UInt8] {
        mu(publicKey: Array(try #require(KeyInfo.parseSPKI(spki)).publicKey), message: message)
    }

    static func shake256(_ input: [UInt8]) -> [UInt8] {
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        var out = [UInt8](repeating: 0, count: 64)
        let ok = EVP_DigestInit_ex(context, EVP_shake256(), nil) == 1
            && input.withUnsafeBufferPointer { EVP_DigestUpdate(context, $0.baseAddress, $0.count) } == 1
            && out.withUnsafeMutableBufferPointer { EVP_DigestFinalXOF(context, $0.baseAddress, $0.count) } == 1
        precondition(ok, "OpenSSL SHAKE256 failed")
        return out
    }
}

/// MessageType EXTERNAL_MU for every ML-DSA parameter set: a signature of µ is a RAW
/// signature of the message µ was computed from, and the other way round, both checked with
/// the private-key handle and with the public key alone.
@Suite struct CryptoMLDSAExternalMuTests {
    static let kinds: [KeyPairKind] = [.mlDsa44, .mlDsa65, .mlDsa87]

    @Test func shake256MatchesFIPS202() {
        // FIPS 202 example value: SHAKE256("", 512 bits).
        #expect(FIPS204Mu.shake256([]) == TestData.hex(
            "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762fd75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be"))
    }

    @Test(arguments: 0..<3)
    func muAndRawAreTheSameSignature(index: Int) throws {
        let kind = Self.kinds[index]
        let key = try MLDSAKeys.generate(kind)
        let message = Array("signed once as the message, once as µ".utf8)
        let mu = try FIPS204Mu.mu(spki: key.publicKeyDER, message: message)

        let fromMu = try key.sign(.externalMu(mu), algorithm: .mlDsaShake256)
        let fromRaw = try key.sign(.raw(message), algorithm: .mlDsaShake256)
        for signature in [fromMu, fromRaw] {
            for input in [SignedMessage.raw(message), .externalMu(mu)] {
                #expect(try key.verify(input, signature: signature, algorithm: .mlDsaShake256))
                #expect(try PublicKeyVerifier.verify(spki: key.publicKeyDER, kind: kind, algorithm: .mlDsaShake256, message: input, signature: signature))
            }
        }

        // Another µ, another message, a changed signature: all refused.
        var otherMu = mu
        otherMu[0] ^= 1
        #expect(try !key.verify(.externalMu(otherMu), signature: fromMu, algorithm: .mlDsaShake256))
        #expect(try !key.verify(.raw(message + [0]), signature: fromMu, algorithm: .mlDsaShake256))
        var tampered = fromMu
        tampered[20] ^= 1
        #expect(try !PublicKeyVerifier.verify(spki: key.publicKeyDER, kind: kind, algorithm: .mlDsaShake256, message: .externalMu(mu), signature: tampered))
        #expect(try !key.verify(.externalMu(mu), signature: Array(fromMu.dropLast()), algorithm: .mlDsaShake256))
        // µ under another key's public key hash is not this key's µ.
        let stranger = try FIPS204Mu.mu(spki: try MLDSAKeys.generate(kind).publicKeyDER, message: message)
        #expect(try !key.verify(.externalMu(stranger), signature: fromRaw, algorithm: .mlDsaShake256))
        // Hedged: two signatures of one µ differ.
        #expect(try fromMu != key.sign(.externalMu(mu), algorithm: .mlDsaShake256))
    }

    @Test(arguments: 0..<3)
    func muMustBe64Bytes(index: Int) throws {
        let kind = Self.kinds[index]
        let key = try MLDSAKeys.generate(kind)
        let signature = try key.sign(.raw([1]), algorithm: .mlDsaShake256)
        for length in [0, 32, 63, 65, 128] {
            let mu = [UInt8](repeating: 7, count: length)
            expectFailure(.wrongDigestLength(expected: 64), "sign, \(length) bytes") { () throws(AsymmetricFailure) in
                try key.sign(.externalMu(mu), algorithm: .mlDsaShake256)
            }
            expectFailure(.wrongDigestLength(expected: 64), "verify, \(length) bytes") { () throws(AsymmetricFailure) in
                try PublicKeyVerifier.verify(spki: key.publicKeyDER, kind: kind, algorithm: .mlDsaShake256, message: .externalMu(mu), signature: signature)
            }
        }
    }
}
