import Crypto
import Testing
@testable import TrentCrypto

/// ECDSA and ECDH on P-256/384/521 against Project Wycheproof.
@Suite struct CryptoNISTCurveVectorTests {
    static let ecdsaFiles: [(String, KeyPairKind, SignatureAlgorithm)] = [
        ("ecdsa_secp256r1_sha256_test.json", .p256, .ecdsaSha256),
        ("ecdsa_secp384r1_sha384_test.json", .p384, .ecdsaSha384),
        ("ecdsa_secp521r1_sha512_test.json", .p521, .ecdsaSha512),
    ]

    @Test(arguments: 0..<3)
    func ecdsaVerify(index: Int) throws {
        let (file, kind, algorithm) = Self.ecdsaFiles[index]
        var checked = 0
        for group in try NativeVectors.groups(file) {
            let spki = try #require(group.bytes("publicKeyDer"))
            for test in group.tests {
                let message = SignedMessage.raw(try #require(test.bytes("msg")))
                let signature = try #require(test.bytes("sig"))
                let verified = try? PublicKeyVerifier.verify(spki: spki, kind: kind, algorithm: algorithm, message: message, signature: signature)
                switch test.result {
                case "valid": #expect(verified == true, "\(file) tcId \(test.id): valid signature rejected")
                case "invalid": #expect(verified != true, "\(file) tcId \(test.id): invalid signature accepted")
                default: continue
                }
                checked += 1
            }
        }
        #expect(checked > 300)
    }

    static let ecdhFiles: [(String, KeyPairKind, Int)] = [
        ("ecdh_secp256r1_test.json", .p256, 32),
        ("ecdh_secp384r1_test.json", .p384, 48),
        ("ecdh_secp521r1_test.json", .p521, 66),
    ]

    @Test(arguments: 0..<3)
    func ecdh(index: Int) throws {
        let (file, kind, fieldBytes) = Self.ecdhFiles[index]
        var checked = 0
        var acceptable = (accepted: 0, rejected: 0)
        for group in try NativeVectors.groups(file) {
            #expect(group.string("encoding") == "asn", "public keys are SPKI")
            for test in group.tests {
                let scalar = try #require(test.bytes("private"))
                let key = try NISTCurveKeys.load(kind, privateKeyDER: try Self.pkcs8(kind: kind, scalar: scalar, fieldBytes: fieldBytes))
                let shared = try? key.deriveSharedSecret(peerPublicKeyDER: try #require(test.bytes("public")))
                switch test.result {
                case "valid":
                    #expect(shared == test.bytes("shared"), "\(file) tcId \(test.id): wrong or missing shared secret")
                    #expect(shared?.count == fieldBytes)
                case "invalid":
                    #expect(shared == nil, "\(file) tcId \(test.id): invalid public key accepted")
                default:
                    if let shared {
                        // Accepting is allowed, but then the secret must still be right.
                        #expect(shared == test.bytes("shared"), "\(file) tcId \(test.id)")
                        acceptable.accepted += 1
                    } else {
                        acceptable.rejected += 1
                    }
                    continue
                }
                checked += 1
            }
        }
        #expect(checked > 40)
        print("\(file): \(checked) valid/invalid checked; acceptable accepted \(acceptable.accepted), rejected \(acceptable.rejected)")
    }

    /// Wycheproof gives private keys as big-endian integers, sometimes with a sign byte.
    static func pkcs8(kind: KeyPairKind, scalar: [UInt8], fieldBytes: Int) throws -> [UInt8] {
        let trimmed = Array(scalar.drop { $0 == 0 })
        let raw = Array(repeating: 0, count: fieldBytes - trimmed.count) + trimmed
        switch kind {
        case .p256: return Array(try P256.Signing.PrivateKey(rawRepresentation: raw).derRepresentation)
        case .p384: return Array(try P384.Signing.PrivateKey(rawRepresentation: raw).derRepresentation)
        default: return Array(try P521.Signing.PrivateKey(rawRepresentation: raw).derRepresentation)
        }
    }
}
