import Testing
@testable import TrentCrypto

/// RSA signatures and OAEP against Project Wycheproof: every valid vector must pass and
/// every invalid one must fail; "acceptable" ones are counted, not judged.
@Suite struct CryptoRSAVectorTests {
    static let pssFiles = [
        "rsa_pss_2048_sha256_mgf1_32_test.json", "rsa_pss_2048_sha384_mgf1_48_test.json",
        "rsa_pss_3072_sha256_mgf1_32_test.json", "rsa_pss_4096_sha512_mgf1_64_test.json",
    ]
    static let pkcs1Files = [2048, 3072, 4096].flatMap { bits in
        [256, 384, 512].map { "rsa_signature_\(bits)_sha\($0)_test.json" }
    }
    static let oaepFiles = [
        "rsa_oaep_2048_sha1_mgf1sha1_test.json", "rsa_oaep_2048_sha256_mgf1sha256_test.json",
        "rsa_oaep_3072_sha256_mgf1sha256_test.json", "rsa_oaep_4096_sha256_mgf1sha256_test.json",
    ]

    static func kind(bits: Int) throws -> KeyPairKind {
        try #require([2048: KeyPairKind.rsa2048, 3072: .rsa3072, 4096: .rsa4096][bits])
    }

    @Test(arguments: pssFiles)
    func pssVerify(file: String) throws {
        var checked = 0
        for group in try NativeVectors.groups(file) {
            let sha = try #require(group.string("sha"))
            // KMS PSS: MGF1 with the same hash, salt as long as the hash.
            #expect(group.string("mgfSha") == sha)
            let algorithm = try #require([
                "SHA-256": SignatureAlgorithm.rsaPssSha256, "SHA-384": .rsaPssSha384, "SHA-512": .rsaPssSha512,
            ][sha])
            #expect(group.fields["sLen"] as? Int == ["SHA-256": 32, "SHA-384": 48, "SHA-512": 64][sha])
            checked += try verifyAll(group, algorithm: algorithm)
        }
        #expect(checked > 50)
    }

    @Test(arguments: pkcs1Files)
    func pkcs1Verify(file: String) throws {
        var checked = 0
        for group in try NativeVectors.groups(file) {
            let algorithm = try #require([
                "SHA-256": SignatureAlgorithm.rsaPkcs1Sha256, "SHA-384": .rsaPkcs1Sha384, "SHA-512": .rsaPkcs1Sha512,
            ][group.string("sha") ?? ""])
            checked += try verifyAll(group, algorithm: algorithm)
        }
        #expect(checked > 100)
    }

    /// Verifies through `PublicKeyVerifier`, i.e. from the SPKI alone.
    func verifyAll(_ group: NativeVectors.Group, algorithm: SignatureAlgorithm) throws -> Int {
        let spki = try #require(group.bytes("publicKeyDer"))
        let kind = try Self.kind(bits: try #require(group.fields["keySize"] as? Int))
        var acceptable = 0
        for test in group.tests {
            let message = SignedMessage.raw(try #require(test.bytes("msg")))
            let signature = try #require(test.bytes("sig"))
            let verified = try? PublicKeyVerifier.verify(spki: spki, kind: kind, algorithm: algorithm, message: message, signature: signature)
            switch test.result {
            case "valid": #expect(verified == true, "tcId \(test.id): valid signature rejected")
            case "invalid": #expect(verified != true, "tcId \(test.id): invalid signature accepted")
            default: acceptable += 1
            }
        }
        return group.tests.count - acceptable
    }

    @Test(arguments: oaepFiles)
    func oaepDecrypt(file: String) throws {
        var checked = 0
        for group in try NativeVectors.groups(file) {
            let algorithm = try #require([
                "SHA-1": PublicKeyEncryption.rsaOaepSha1, "SHA-256": .rsaOaepSha256,
            ][group.string("sha") ?? ""])
            #expect(group.string("mgfSha") == group.string("sha"))
            let kind = try Self.kind(bits: try #require(group.fields["keySize"] as? Int))
            let key = try RSAKeys.load(kind, privateKeyDER: try #require(group.bytes("privateKeyPkcs8")))
            for test in group.tests {
                let plaintext = try? key.decrypt(try #require(test.bytes("ct")), algorithm: algorithm)
                let label = try #require(test.bytes("label"))
                if !label.isEmpty {
                    // KMS OAEP has an empty label, so a ciphertext made with any other fails.
                    #expect(plaintext == nil, "tcId \(test.id): ciphertext with a label decrypted")
                } else if test.result == "valid" {
                    #expect(plaintext == test.bytes("msg"), "tcId \(test.id): valid ciphertext did not decrypt to msg")
                } else if test.result == "invalid" {
                    #expect(plaintext == nil, "tcId \(test.id): invalid ciphertext decrypted")
                }
                checked += 1
            }
        }
        #expect(checked > 20)
    }
}
