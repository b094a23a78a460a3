import Testing
@testable import TrentCrypto

/// ML-DSA-65/87: Wycheproof verify vectors, the seed-form PKCS#8 and SPKI encodings against
/// the sign-seed vectors, and round trips. swift-crypto signs with fresh randomness, so the
/// vectors' deterministic signatures cannot be reproduced: Trent's own signature of each
/// vector message is verified instead, against the vector's public key.
@Suite struct CryptoMLDSATests {
    static let parameterSets: [(kind: KeyPairKind, name: String, publicKeyBytes: Int, signatureBytes: Int)] = [
        (.mlDsa65, "65", 1952, 3309), (.mlDsa87, "87", 2592, 4627),
    ]

    @Test(arguments: 0..<2)
    func wycheproofVerify(index: Int) throws {
        let set = Self.parameterSets[index]
        var checked = 0
        for group in try NativeVectors.groups("mldsa_\(set.name)_verify_test.json") {
            let spki = try #require(group.bytes("publicKeyDer"))
            let raw = try #require(group.bytes("publicKey"))
            if raw.count == set.publicKeyBytes {
                // Trent's SPKI encoding is byte for byte the vectors'.
                let algorithm = set.kind == .mlDsa65 ? KeyInfo.AlgorithmIdentifier.mlDsa65 : KeyInfo.AlgorithmIdentifier.mlDsa87
                #expect(KeyInfo.spki(algorithm: algorithm, publicKey: raw) == spki)
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

    @Test(arguments: 0..<2)
    func wycheproofSignSeed(index: Int) throws {
        let set = Self.parameterSets[index]
        var signed = 0
        var muOnly = 0
        for group in try NativeVectors.groups("mldsa_\(set.name)_sign_seed_test.json") {
            let seed = try #require(group.bytes("privateSeed"))
            let algorithm = set.kind == .mlDsa65 ? KeyInfo.AlgorithmIdentifier.mlDsa65 : KeyInfo.AlgorithmIdentifier.mlDsa87
            let built = KeyInfo.pkcs8(algorithm: algorithm, privateKey: MLDSAKeys.seedPrivateKey(seed))
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
                guard let message = test.bytes("msg") else {
                    // "Internal" vectors give only µ: EXTERNAL_MU, which Trent cannot sign.
                    let mu = try #require(test.bytes("mu"))
                    expectFailure(.unsupported("EXTERNAL_MU")) { () throws(AsymmetricFailure) in try key.sign(.externalMu(mu), algorithm: .mlDsaShake256) }
                    muOnly += 1
                    continue
                }
                let vectorSignature = try #require(test.bytes("sig"))
                let context = test.bytes("ctx") ?? []
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
        #expect(muOnly > 0)
    }

    @Test(arguments: 0..<2)
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

        expectFailure(.unsupported("EXTERNAL_MU")) { () throws(AsymmetricFailure) in try key.sign(.externalMu(Array(repeating: 0, count: 64)), algorithm: .mlDsaShake256) }
        expectFailure(.unsupported("EXTERNAL_MU")) { () throws(AsymmetricFailure) in try key.verify(.externalMu(Array(repeating: 0, count: 64)), signature: signature, algorithm: .mlDsaShake256) }
        expectFailure(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.sign(.digest(Array(repeating: 0, count: 64)), algorithm: .mlDsaShake256) }
        for other in SignatureAlgorithm.allCases where other != .mlDsaShake256 {
            expectFailure(.algorithmMismatch, "\(other)") { () throws(AsymmetricFailure) in try key.sign(.raw(message), algorithm: other) }
        }
        expectFailure(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.encrypt([1], algorithm: .rsaOaepSha256) }
        expectFailure(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.deriveSharedSecret(peerPublicKeyDER: key.publicKeyDER) }

        let otherKind: KeyPairKind = set.kind == .mlDsa65 ? .mlDsa87 : .mlDsa65
        expectFailure(.invalidPrivateKey) { () throws(AsymmetricFailure) in try MLDSAKeys.load(otherKind, privateKeyDER: key.privateKeyDER) }
        expectFailure(.invalidPublicKey) { () throws(AsymmetricFailure) in
            try PublicKeyVerifier.verify(spki: key.publicKeyDER, kind: otherKind, algorithm: .mlDsaShake256, message: .raw(message), signature: signature)
        }
        expectFailure(.invalidPrivateKey) { () throws(AsymmetricFailure) in try MLDSAKeys.load(set.kind, privateKeyDER: Array(key.privateKeyDER.dropLast())) }
    }

    @Test func mlDsa44IsUnsupported() throws {
        #expect(!MLDSAKeys.kinds.contains(.mlDsa44))
        expectFailure(.unsupported("KeySpec ML_DSA_44")) { () throws(AsymmetricFailure) in try MLDSAKeys.generate(.mlDsa44) }
        let pkcs8 = try #require(try NativeVectors.groups("mldsa_44_sign_seed_test.json").first?.bytes("privateKeyPkcs8"))
        expectFailure(.unsupported("KeySpec ML_DSA_44")) { () throws(AsymmetricFailure) in try MLDSAKeys.load(.mlDsa44, privateKeyDER: pkcs8) }
        expectFailure(.unsupported("KeySpec ML_DSA_44")) { () throws(AsymmetricFailure) in
            try PublicKeyVerifier.verify(spki: [], kind: .mlDsa44, algorithm: .mlDsaShake256, message: .raw([]), signature: [])
        }
    }
}
