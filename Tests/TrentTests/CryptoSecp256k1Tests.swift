import Crypto
import Foundation
import Testing
@testable import TrentCrypto

@Suite("secp256k1 (ECC_SECG_P256K1)")
struct CryptoSecp256k1Tests {
    @Test("Wycheproof ecdsa_secp256k1_sha256: every valid signature verifies, no invalid one does")
    func wycheproof() throws {
        let (valid, invalid) = try WycheproofFile.checkSignatures("ecdsa_secp256k1_sha256_test.json") { spki, message, signature in
            try Secp256k1PublicKey.verify(spki: spki, message: .raw(message), signature: signature, algorithm: .ecdsaSha256)
        }
        #expect(valid == 168 && invalid == 308, "vector counts changed: \(valid) valid, \(invalid) invalid")
    }

    @Test("generate, sign RAW and DIGEST, verify, reload from PKCS#8")
    func roundTrip() throws {
        let key = try Secp256k1Keys.generate(.secp256k1)
        #expect(key.kind == .secp256k1)
        let message = Array("Trent signs with secp256k1".utf8)
        let digest = Array(SHA256.hash(data: message))

        let rawSignature = try key.sign(.raw(message), algorithm: .ecdsaSha256)
        let digestSignature = try key.sign(.digest(digest), algorithm: .ecdsaSha256)
        // A RAW signature is a signature over the SHA-256 of the message, so the two forms cross over.
        #expect(try key.verify(.digest(digest), signature: rawSignature, algorithm: .ecdsaSha256))
        #expect(try key.verify(.raw(message), signature: digestSignature, algorithm: .ecdsaSha256))
        #expect(try Secp256k1PublicKey.verify(spki: key.publicKeyDER, message: .raw(message), signature: rawSignature, algorithm: .ecdsaSha256))
        #expect(!(try key.verify(.raw(message + [0]), signature: rawSignature, algorithm: .ecdsaSha256)))

        let reloaded = try Secp256k1Keys.load(.secp256k1, privateKeyDER: key.privateKeyDER)
        #expect(reloaded.publicKeyDER == key.publicKeyDER)
        #expect(reloaded.privateKeyDER == key.privateKeyDER)
        #expect(try reloaded.verify(.raw(message), signature: rawSignature, algorithm: .ecdsaSha256))
        #expect(key.publicKeyDER.count == 88, "SPKI of an uncompressed secp256k1 point")
    }

    @Test("tampered or malformed signatures do not verify")
    func tampered() throws {
        let key = try Secp256k1Keys.generate(.secp256k1)
        let message = Array("message".utf8)
        let signature = try key.sign(.raw(message), algorithm: .ecdsaSha256)
        for index in [0, 5, signature.count / 2, signature.count - 1] {
            var bad = signature
            bad[index] ^= 0x01
            #expect(!(try key.verify(.raw(message), signature: bad, algorithm: .ecdsaSha256)), "flip at \(index)")
        }
        #expect(!(try key.verify(.raw(message), signature: [], algorithm: .ecdsaSha256)))
        #expect(!(try key.verify(.raw(message), signature: signature + [0], algorithm: .ecdsaSha256)))
        #expect(!(try key.verify(.raw(message), signature: Array(signature.dropLast()), algorithm: .ecdsaSha256)))
    }

    @Test("wrong digest length, wrong algorithm, wrong operation")
    func refusals() throws {
        let key = try Secp256k1Keys.generate(.secp256k1)
        expectRefusal(.wrongDigestLength(expected: 32)) { () throws(AsymmetricFailure) in try key.sign(.digest([UInt8](repeating: 1, count: 31)), algorithm: .ecdsaSha256) }
        expectRefusal(.wrongDigestLength(expected: 32)) { () throws(AsymmetricFailure) in try key.sign(.digest([UInt8](repeating: 1, count: 48)), algorithm: .ecdsaSha256) }
        expectRefusal(.wrongDigestLength(expected: 32)) { () throws(AsymmetricFailure) in try key.verify(.digest([1]), signature: [], algorithm: .ecdsaSha256) }
        for algorithm in SignatureAlgorithm.allCases where algorithm != .ecdsaSha256 {
            expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.sign(.raw([1]), algorithm: algorithm) }
            expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.verify(.raw([1]), signature: [], algorithm: algorithm) }
        }
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.sign(.externalMu([UInt8](repeating: 0, count: 64)), algorithm: .ecdsaSha256) }
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.encrypt([1], algorithm: .sm2pke) }
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.decrypt([1], algorithm: .rsaOaepSha256) }
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.deriveSharedSecret(peerPublicKeyDER: key.publicKeyDER) }
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try Secp256k1Keys.generate(.p256) }
    }

    @Test("keys that are not secp256k1 PKCS#8 / SPKI are refused")
    func foreignKeys() throws {
        let p256 = P256.Signing.PrivateKey(compactRepresentable: false)
        expectRefusal(.invalidPrivateKey) { () throws(AsymmetricFailure) in try Secp256k1Keys.load(.secp256k1, privateKeyDER: Array(p256.derRepresentation)) }
        expectRefusal(.invalidPrivateKey) { () throws(AsymmetricFailure) in try Secp256k1Keys.load(.secp256k1, privateKeyDER: []) }
        let valid = try Secp256k1Keys.generate(.secp256k1)
        expectRefusal(.invalidPrivateKey) { () throws(AsymmetricFailure) in try Secp256k1Keys.load(.secp256k1, privateKeyDER: valid.privateKeyDER + [0]) }
        expectRefusal(.invalidPrivateKey) { () throws(AsymmetricFailure) in try Secp256k1Keys.load(.secp256k1, privateKeyDER: Array(valid.privateKeyDER.dropLast())) }
        expectRefusal(.invalidPrivateKey) { () throws(AsymmetricFailure) in try Secp256k1Keys.load(.p256, privateKeyDER: valid.privateKeyDER) }
        expectRefusal(.invalidPublicKey) { () throws(AsymmetricFailure) in
            try Secp256k1PublicKey.verify(spki: Array(p256.publicKey.derRepresentation), message: .raw([1]), signature: [], algorithm: .ecdsaSha256)
        }
        var offCurve = valid.publicKeyDER
        offCurve[offCurve.count - 1] ^= 0x01
        expectRefusal(.invalidPublicKey) { () throws(AsymmetricFailure) in
            try Secp256k1PublicKey.verify(spki: offCurve, message: .raw([1]), signature: [], algorithm: .ecdsaSha256)
        }
    }

    @Test("one parsed key serves several tasks at once (secp256k1 and SM2)")
    func concurrentUse() async throws {
        let keys: [any PrivateKeyHandle] = [try Secp256k1Keys.generate(.secp256k1), try SM2Keys.generate(.sm2)]
        for key in keys {
            let algorithm: SignatureAlgorithm = key.kind == .sm2 ? .sm2dsa : .ecdsaSha256
            let verified = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        let message = Array("task \(index)".utf8)
                        guard let signature = try? key.sign(.raw(message), algorithm: algorithm) else { return false }
                        return (try? key.verify(.raw(message), signature: signature, algorithm: algorithm)) == true
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(verified == 16, "\(key.kind)")
        }
    }

    @Test("pyca cryptography verifies Trent's signatures and loads its PKCS#8 and SPKI")
    func pycaVerifiesTrent() throws {
        let key = try Secp256k1Keys.generate(.secp256k1)
        let message = Array("interop with pyca".utf8)
        let rawSignature = try key.sign(.raw(message), algorithm: .ecdsaSha256)
        let digestSignature = try key.sign(.digest(Array(SHA256.hash(data: message))), algorithm: .ecdsaSha256)
        let script = """
        import sys
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        spki, pkcs8, msg, sig1, sig2 = (bytes.fromhex(a) for a in sys.argv[1:])
        pub = serialization.load_der_public_key(spki)
        print(pub.curve.name)
        pub.verify(sig1, msg, ec.ECDSA(hashes.SHA256()))
        pub.verify(sig2, msg, ec.ECDSA(hashes.SHA256()))
        try:
            pub.verify(sig1, msg + b"x", ec.ECDSA(hashes.SHA256()))
            print("tampered message verified")
        except Exception:
            print("tampered message refused")
        priv = serialization.load_der_private_key(pkcs8, None)
        print(priv.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo) == spki)
        """
        let lines = try OutsideProgram.python(script, [key.publicKeyDER, key.privateKeyDER, message, rawSignature, digestSignature].map(OutsideProgram.hex))
        #expect(lines == ["secp256k1", "tampered message refused", "True"])
    }

    @Test("Trent verifies pyca cryptography's signatures and loads its PKCS#8")
    func trentVerifiesPyca() throws {
        let script = """
        import sys
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        msg = bytes.fromhex(sys.argv[1])
        priv = ec.generate_private_key(ec.SECP256K1())
        print(priv.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo).hex())
        print(priv.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).hex())
        print(priv.sign(msg, ec.ECDSA(hashes.SHA256())).hex())
        """
        let message = Array("signed by pyca".utf8)
        let lines = try OutsideProgram.python(script, [OutsideProgram.hex(message)])
        try #require(lines.count == 3)
        let (spki, pkcs8, signature) = (TestData.hex(lines[0]), TestData.hex(lines[1]), TestData.hex(lines[2]))
        #expect(try Secp256k1PublicKey.verify(spki: spki, message: .raw(message), signature: signature, algorithm: .ecdsaSha256))
        #expect(try Secp256k1PublicKey.verify(spki: spki, message: .digest(Array(SHA256.hash(data: message))), signature: signature, algorithm: .ecdsaSha256))
        #expect(!(try Secp256k1PublicKey.verify(spki: spki, message: .raw(message + [1]), signature: signature, algorithm: .ecdsaSha256)))
        let loaded = try Secp256k1Keys.load(.secp256k1, privateKeyDER: pkcs8)
        #expect(loaded.publicKeyDER == spki)
        #expect(try loaded.verify(.raw(message), signature: signature, algorithm: .ecdsaSha256))
    }
}
