import Testing
@testable import TrentCrypto

/// ML-DSA-44/65/87: Wycheproof verify vectors, the seed-form PKCS#8 and SPKI encodings against
/// the sign-seed vectors (with their µ, for EXTERNAL_MU), and round trips. BoringSSL signs with
/// fresh randomness, so the vectors' deterministic signatures cannot be reproduced: Trent's own
/// signature of each vector message (and µ) is verified instead, against the vector's public key.
@Suite struct CryptoMLDSATests {
    static let parameterSets: [(kind: KeyPairKind, name: String, algorithm: [UInt8], publicKeyBytes: Int, signatureBytes: Int)] = [
        (.mlDsa44, "44", KeyInfo.AlgorithmIdentifier.mlDsa44, 1312, 2420),
        (.mlDsa65, "65", KeyInfo.AlgorithmIdentifier.mlDsa65, 1952, 3309),
        (.mlDsa87, "87", KeyInfo.AlgorithmIdentifier.mlDsa87, 2592, 4627),
    ]

    @Test(arguments: 0..<3)
    func wycheproofVerify(index: Int) throws {
        let set = Self.parameterSets[index]
        var checked = 0
        for group in try NativeVectors.groups("mldsa_\(set.name)_verify_test.json") {
            let spki = try #require(group.bytes("publicKeyDer"))
            let raw = try #require(group.bytes("publicKey"))
            if raw.count == set.publicKeyBytes {
                // Trent's SPKI encoding is byte for byte the vectors'.
                #expect(KeyInfo.spki(algorithm: set.algorithm, publicKey: raw) == spki)
            }
            for test in group.tests {
                let verified = try? PublicKeyVerifier.verify(
                    spki: spki, kind: set.kind, algorithm: .mlDsaShake256,
                    message: .raw(try #require(test.bytes("msg"))), signature: try #require(test.bytes("sig")))
                if let context = test.bytes("ctx"), !context.isEmpty {
                    // KMS signs with an empty context, so a signature under any other fails.
                    #expect(verified != true, "tcId \(test.id): signature with a context accepted")
                } else if test.result == "valid" {
                    #expect(verified == true, "tcId \(test.id): valid signature rejected")
                } else {
                    #expect(verified != true, "tcId \(test.id): invalid signature accepted")
                }
                checked += 1
            }
        }
        #expect(checked > 150)
    }

    @Test(arguments: 0..<3)
    func wycheproofSignSeed(index: Int) throws {
        let set = Self.parameterSets[index]
        var signed = 0
        var signedMu = 0
        var muOnly = 0
        for group in try NativeVectors.groups("mldsa_\(set.name)_sign_seed_test.json") {
            let seed = try #require(group.bytes("privateSeed"))
            let built = KeyInfo.pkcs8(algorithm: set.algorithm, privateKey: MLDSAKeys.seedPrivateKey(seed))
            guard seed.count == 32 else {
                expectFailure(.invalidPrivateKey, "seed of \(seed.count) bytes") { () throws(AsymmetricFailure) in try MLDSAKeys.load(set.kind, privateKeyDER: built) }
                if let pkcs8 = group.bytes("privateKeyPkcs8") {
                    expectFailure(.invalidPrivateKey) { () throws(AsymmetricFailure) in try MLDSAKeys.load(set.kind, privateKeyDER: pkcs8) }
                }
                continue
            }
            // Some groups give only the seed; where the PKCS#8 is given, Trent's encoding must be it.
            let pkcs8 = group.bytes("privateKeyPkcs8") ?? built
            #expect(built == pkcs8)
            let key = try MLDSAKeys.load(set.kind, privateKeyDER: pkcs8)
            // Seed form in and out, byte for byte; the public key re-expanded from the seed.
            #expect(key.privateKeyDER == pkcs8)
            let raw = try #require(group.bytes("publicKey"))
            #expect(try #require(KeyInfo.parseSPKI(key.publicKeyDER)).publicKey.elementsEqual(raw))
            for test in group.tests {
                let context = test.bytes("ctx") ?? []
                if let mu = test.bytes("mu") {
                    // µ covers the context, so every vector with a µ is an EXTERNAL_MU case,
                    // the "Internal" ones that give only µ included.
                    try checkExternalMu(key, set.kind, mu: mu, message: test.bytes("msg"), context: context, test: test, publicKey: raw)
                    signedMu += 1
                }
                guard let message = test.bytes("msg") else {
                    muOnly += 1
                    continue
                }
                let vectorSignature = try #require(test.bytes("sig"))
                if context.isEmpty && test.result == "valid" {
                    #expect(try key.verify(.raw(message), signature: vectorSignature, algorithm: .mlDsaShake256), "tcId \(test.id)")
                    let ours = try key.sign(.raw(message), algorithm: .mlDsaShake256)
                    #expect(ours.count == set.signatureBytes)
                    #expect(try PublicKeyVerifier.verify(spki: key.publicKeyDER, kind: set.kind, algorithm: .mlDsaShake256, message: .raw(message), signature: ours), "tcId \(test.id)")
                    signed += 1
                } else {
                    #expect(try !key.verify(.raw(message), signature: vectorSignature, algorithm: .mlDsaShake256), "tcId \(test.id)")
                }
            }
        }
        #expect(signed > 50)
        #expect(signedMu > 50)
        #expect(muOnly > 0)
    }

    /// The vector's signature verifies against its µ; Trent's signature of that µ verifies
    /// with the public key alone, and, for the empty context, as a RAW signature of the message.
    private func checkExternalMu(_ key: any PrivateKeyHandle, _ kind: KeyPairKind, mu: [UInt8], message: [UInt8]?, context: [UInt8], test: NativeVectors.Case, publicKey: [UInt8]) throws {
        if let message {
            #expect(FIPS204Mu.mu(publicKey: publicKey, message: message, context: context) == mu, "tcId \(test.id): µ recomputed")
        }
        let vectorSignature = try #require(test.bytes("sig"))
        #expect(try key.verify(.externalMu(mu), signature: vectorSignature, algorithm: .mlDsaShake256) == (test.result == "valid"), "tcId \(test.id)")
        let ours = try key.sign(.externalMu(mu), algorithm: .mlDsaShake256)
        let verify = { (input: SignedMessage) throws(AsymmetricFailure) -> Bool in
            try PublicKeyVerifier.verify(spki: key.publicKeyDER, kind: kind, algorithm: .mlDsaShake256, message: input, signature: ours)
        }
        #expect(try verify(.externalMu(mu)), "tcId \(test.id)")
        if let message {
            // A RAW signature is over the empty context only.
            #expect(try verify(.raw(message)) == context.isEmpty, "tcId \(test.id)")
        }
    }

    @Test(arguments: 0..<3)
    func roundTrip(index: Int) throws {
        let set = Self.parameterSets[index]
        let key = try MLDSAKeys.generate(set.kind)
        #expect(key.kind == set.kind)
        #expect(key.publicKeyDER.count == set.publicKeyBytes + 22)
        #expect(key.privateKeyDER.count == 54)
        let message = Array("post-quantum".utf8)
        let signature = try key.sign(.raw(message), algorithm: .mlDsaShake256)
        #expect(signature.count == set.signatureBytes)
        #expect(try key.verify(.raw(message), signature: signature, algorithm: .mlDsaShake256))
        #expect(try signature != key.sign(.raw(message), algorithm: .mlDsaShake256), "hedged signing")
        var tampered = signature
        tampered[10] ^= 0x01
        #expect(try !key.verify(.raw(message), signature: tampered, algorithm: .mlDsaShake256))
        #expect(try !key.verify(.raw(message + [0]), signature: signature, algorithm: .mlDsaShake256))
        #expect(try !key.verify(.raw(message), signature: Array(signature.dropLast()), algorithm: .mlDsaShake256))

        let reloaded = try MLDSAKeys.load(set.kind, privateKeyDER: key.privateKeyDER)
        #expect(reloaded.publicKeyDER == key.publicKeyDER)
        #expect(try reloaded.verify(.raw(message), signature: signature, algorithm: .mlDsaShake256))

        #expect(try !key.verify(.externalMu(Array(repeating: 0, count: 64)), signature: signature, algorithm: .mlDsaShake256))
        expectFailure(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.sign(.digest(Array(repeating: 0, count: 64)), algorithm: .mlDsaShake256) }
        for other in SignatureAlgorithm.allCases where other != .mlDsaShake256 {
            expectFailure(.algorithmMismatch, "\(other)") { () throws(AsymmetricFailure) in try key.sign(.raw(message), algorithm: other) }
        }
        expectFailure(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.encrypt([1], algorithm: .rsaOaepSha256) }
        expectFailure(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.deriveSharedSecret(peerPublicKeyDER: key.publicKeyDER) }

        // A key of one parameter set is refused as any other, private or public.
        for other in Self.parameterSets.map(\.kind) where other != set.kind {
            expectFailure(.invalidPrivateKey, "\(other)") { () throws(AsymmetricFailure) in try MLDSAKeys.load(other, privateKeyDER: key.privateKeyDER) }
            expectFailure(.invalidPublicKey, "\(other)") { () throws(AsymmetricFailure) in
                try PublicKeyVerifier.verify(spki: key.publicKeyDER, kind: other, algorithm: .mlDsaShake256, message: .raw(message), signature: signature)
            }
        }
        expectFailure(.invalidPrivateKey) { () throws(AsymmetricFailure) in try MLDSAKeys.load(set.kind, privateKeyDER: Array(key.privateKeyDER.dropLast())) }
    }

    @Test func mlDsa44IsAKindOfItsOwn() throws {
        #expect(MLDSAKeys.kinds == [.mlDsa44, .mlDsa65, .mlDsa87])
        let key = try KeyPairs.generate(.mlDsa44)
        #expect(key.kind == .mlDsa44)
        // The seed form under id-ml-dsa-44 (2.16.840.1.101.3.4.3.17).
        let parsed = try #require(KeyInfo.parsePKCS8(key.privateKeyDER))
        #expect(Array(parsed.algorithm) == [0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x11])
        #expect(MLDSAKeys.seed(fromPrivateKey: parsed.privateKey)?.count == 32)
        // An all-zero public key of the right length parses (FIPS 204 has no invalid t1);
        // one byte short or long does not.
        let zero = KeyInfo.spki(algorithm: KeyInfo.AlgorithmIdentifier.mlDsa44, publicKey: Array(repeating: 0, count: 1312))
        #expect(try !PublicKeyVerifier.verify(spki: zero, kind: .mlDsa44, algorithm: .mlDsaShake256, message: .raw([]), signature: Array(repeating: 0, count: 2420)))
        for length in [1311, 1313] {
            let spki = KeyInfo.spki(algorithm: KeyInfo.AlgorithmIdentifier.mlDsa44, publicKey: Array(repeating: 0, count: length))
            expectFailure(.invalidPublicKey, "\(length) bytes") { () throws(AsymmetricFailure) in
                try PublicKeyVerifier.verify(spki: spki, kind: .mlDsa44, algorithm: .mlDsaShake256, message: .raw([]), signature: [])
            }
        }
    }
}
