import Crypto
import Foundation
import Testing
@testable import TrentCrypto

@Suite("SM2")
struct CryptoSM2Tests {
    static let distid = "distid:1234567812345678"

    @Test("generate, sign RAW and DIGEST, verify, encrypt, decrypt, reload from PKCS#8")
    func roundTrip() throws {
        let key = try SM2Keys.generate(.sm2)
        #expect(key.kind == .sm2)
        let message = Array("Trent signs with SM2".utf8)
        let signature = try key.sign(.raw(message), algorithm: .sm2dsa)
        #expect(try key.verify(.raw(message), signature: signature, algorithm: .sm2dsa))
        #expect(try SM2PublicKey.verify(spki: key.publicKeyDER, message: .raw(message), signature: signature, algorithm: .sm2dsa))
        #expect(!(try key.verify(.raw(message + [0]), signature: signature, algorithm: .sm2dsa)))

        let e = Array(SHA256.hash(data: message))  // any 32 bytes stand in for an e value here
        let digestSignature = try key.sign(.digest(e), algorithm: .sm2dsa)
        #expect(try key.verify(.digest(e), signature: digestSignature, algorithm: .sm2dsa))
        #expect(!(try key.verify(.digest(e.reversed()), signature: digestSignature, algorithm: .sm2dsa)))
        // RAW hashes Z‖M with SM3 first, so a DIGEST of anything else is a different message.
        #expect(!(try key.verify(.raw(e), signature: digestSignature, algorithm: .sm2dsa)))

        let plaintext = Array("SM2PKE plaintext".utf8)
        let ciphertext = try key.encrypt(plaintext, algorithm: .sm2pke)
        #expect(try key.decrypt(ciphertext, algorithm: .sm2pke) == plaintext)
        let outsider = try SM2PublicKey.encrypt(spki: key.publicKeyDER, plaintext: plaintext, algorithm: .sm2pke)
        #expect(try key.decrypt(outsider, algorithm: .sm2pke) == plaintext)
        #expect(ciphertext != outsider, "SM2PKE is randomised")

        let reloaded = try SM2Keys.load(.sm2, privateKeyDER: key.privateKeyDER)
        #expect(reloaded.publicKeyDER == key.publicKeyDER)
        #expect(reloaded.privateKeyDER == key.privateKeyDER)
        #expect(try reloaded.verify(.raw(message), signature: signature, algorithm: .sm2dsa))
        #expect(try reloaded.decrypt(ciphertext, algorithm: .sm2pke) == plaintext)
    }

    @Test("tampered signatures and ciphertexts are refused")
    func tampered() throws {
        let key = try SM2Keys.generate(.sm2)
        let message = Array("message".utf8)
        let signature = try key.sign(.raw(message), algorithm: .sm2dsa)
        for index in [0, 7, signature.count / 2, signature.count - 1] {
            var bad = signature
            bad[index] ^= 0x01
            #expect(!(try key.verify(.raw(message), signature: bad, algorithm: .sm2dsa)), "flip at \(index)")
        }
        #expect(!(try key.verify(.raw(message), signature: [], algorithm: .sm2dsa)))
        #expect(!(try key.verify(.raw(message), signature: signature + [0], algorithm: .sm2dsa)))

        let ciphertext = try key.encrypt(Array("secret".utf8), algorithm: .sm2pke)
        for index in [0, 10, ciphertext.count - 20, ciphertext.count - 1] {
            var bad = ciphertext
            bad[index] ^= 0x01
            expectRefusal(.invalidCiphertext) { () throws(AsymmetricFailure) in try key.decrypt(bad, algorithm: .sm2pke) }
        }
        expectRefusal(.invalidCiphertext) { () throws(AsymmetricFailure) in try key.decrypt([], algorithm: .sm2pke) }
        expectRefusal(.invalidCiphertext) { () throws(AsymmetricFailure) in try key.decrypt([UInt8](repeating: 7, count: 120), algorithm: .sm2pke) }
        let other = try SM2Keys.generate(.sm2)
        expectRefusal(.invalidCiphertext) { () throws(AsymmetricFailure) in try other.decrypt(ciphertext, algorithm: .sm2pke) }
    }

    @Test("wrong digest length, wrong algorithm, plaintext limit, foreign keys")
    func refusals() throws {
        let key = try SM2Keys.generate(.sm2)
        expectRefusal(.wrongDigestLength(expected: 32)) { () throws(AsymmetricFailure) in try key.sign(.digest([UInt8](repeating: 1, count: 31)), algorithm: .sm2dsa) }
        expectRefusal(.wrongDigestLength(expected: 32)) { () throws(AsymmetricFailure) in try key.verify(.digest([UInt8](repeating: 1, count: 33)), signature: [], algorithm: .sm2dsa) }
        for algorithm in SignatureAlgorithm.allCases where algorithm != .sm2dsa {
            expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.sign(.raw([1]), algorithm: algorithm) }
            expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.verify(.raw([1]), signature: [], algorithm: algorithm) }
        }
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.sign(.externalMu([UInt8](repeating: 0, count: 64)), algorithm: .sm2dsa) }
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.encrypt([1], algorithm: .rsaOaepSha256) }
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.decrypt([1], algorithm: .rsaOaepSha1) }
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try SM2Keys.generate(.secp256k1) }

        let largest = [UInt8](repeating: 0x5a, count: 1024)
        #expect(try key.decrypt(key.encrypt(largest, algorithm: .sm2pke), algorithm: .sm2pke) == largest)
        expectRefusal(.plaintextTooLong(max: 1024)) { () throws(AsymmetricFailure) in try key.encrypt(largest + [0], algorithm: .sm2pke) }

        let secp256k1 = try Secp256k1Keys.generate(.secp256k1)
        expectRefusal(.invalidPrivateKey) { () throws(AsymmetricFailure) in try SM2Keys.load(.sm2, privateKeyDER: secp256k1.privateKeyDER) }
        expectRefusal(.invalidPrivateKey) { () throws(AsymmetricFailure) in try Secp256k1Keys.load(.secp256k1, privateKeyDER: key.privateKeyDER) }
        expectRefusal(.invalidPrivateKey) { () throws(AsymmetricFailure) in try SM2Keys.load(.sm2, privateKeyDER: key.privateKeyDER + [0]) }
        expectRefusal(.invalidPublicKey) { () throws(AsymmetricFailure) in
            try SM2PublicKey.verify(spki: secp256k1.publicKeyDER, message: .raw([1]), signature: [], algorithm: .sm2dsa)
        }
        expectRefusal(.invalidPublicKey) { () throws(AsymmetricFailure) in
            try SM2PublicKey.encrypt(spki: Array(P256.Signing.PrivateKey().publicKey.derRepresentation), plaintext: [1], algorithm: .sm2pke)
        }
    }

    @Test("the openssl CLI verifies Trent's SM2DSA signatures only with the default distinguishing ID")
    func opensslVerifiesTrent() throws {
        let scratch = try ScratchDirectory()
        let key = try SM2Keys.generate(.sm2)
        let message = Array("verified by openssl pkeyutl".utf8)
        let publicKey = try scratch.write("pub.der", key.publicKeyDER)
        let messageFile = try scratch.write("msg.bin", message)
        let signature = try scratch.write("sig.bin", key.sign(.raw(message), algorithm: .sm2dsa))
        func verify(_ options: [String]) throws -> OutsideProgram.Result {
            try OutsideProgram.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", publicKey, "-keyform", "DER",
                                    "-rawin", "-in", messageFile, "-sigfile", signature, "-digest", "sm3"] + options)
        }
        let accepted = try verify(["-pkeyopt", Self.distid])
        #expect(accepted.status == 0 && accepted.text.contains("Signature Verified Successfully"), "\(accepted.text) \(accepted.errors)")
        #expect(try verify(["-pkeyopt", "distid:1234567812345679"]).status != 0, "another distinguishing ID must change Z")
        #expect(try verify([]).status != 0, "OpenSSL's own default ID is not KMS's")
    }

    @Test("Trent verifies signatures of the openssl CLI and loads its PKCS#8")
    func trentVerifiesOpenssl() throws {
        let scratch = try ScratchDirectory()
        let privateKey = scratch.path("key.pem")
        _ = try OutsideProgram.succeed(["openssl", "genpkey", "-algorithm", "SM2", "-out", privateKey])
        // openssl 3.0 writes SM2 keys in DER as SEC1; pkcs8 -topk8 gives the PKCS#8 KMS uses.
        _ = try OutsideProgram.succeed(["openssl", "pkcs8", "-topk8", "-nocrypt", "-in", privateKey, "-outform", "DER", "-out", scratch.path("key.der")])
        _ = try OutsideProgram.succeed(["openssl", "pkey", "-in", privateKey, "-pubout", "-outform", "DER", "-out", scratch.path("pub.der")])
        let message = Array("signed by openssl pkeyutl".utf8)
        let messageFile = try scratch.write("msg.bin", message)
        _ = try OutsideProgram.succeed(["openssl", "pkeyutl", "-sign", "-inkey", privateKey, "-rawin", "-in", messageFile,
                                        "-digest", "sm3", "-pkeyopt", Self.distid, "-out", scratch.path("sig.bin")])
        let signature = try scratch.read("sig.bin")
        let spki = try scratch.read("pub.der")

        #expect(try SM2PublicKey.verify(spki: spki, message: .raw(message), signature: signature, algorithm: .sm2dsa))
        #expect(!(try SM2PublicKey.verify(spki: spki, message: .raw(message + [1]), signature: signature, algorithm: .sm2dsa)))
        let loaded = try SM2Keys.load(.sm2, privateKeyDER: try scratch.read("key.der"))
        #expect(loaded.publicKeyDER == spki)
        #expect(try loaded.verify(.raw(message), signature: signature, algorithm: .sm2dsa))
    }

    /// e = SM3(Z ‖ M) with Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), GM/T 0003.2 §5.5,
    /// computed by Python so Trent's DIGEST path is checked against an outside Z.
    static let eScript = """
    import sys, hashlib
    spki, msg = bytes.fromhex(sys.argv[1]), bytes.fromhex(sys.argv[2])
    p = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
    a = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
    b = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
    gx = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
    gy = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0
    assert spki[-65] == 4
    x, y = int.from_bytes(spki[-64:-32], "big"), int.from_bytes(spki[-32:], "big")
    assert (y * y - x ** 3 - a * x - b) % p == 0
    uid = b"1234567812345678"
    be = lambda v: v.to_bytes(32, "big")
    z = hashlib.new("sm3", (len(uid) * 8).to_bytes(2, "big") + uid + b"".join(be(v) for v in (a, b, gx, gy, x, y))).digest()
    print(hashlib.new("sm3", z + msg).hexdigest())
    """

    @Test("a DIGEST is the e value: Trent signs an outside e and openssl verifies the message")
    func digestIsE() throws {
        let scratch = try ScratchDirectory()
        let key = try SM2Keys.generate(.sm2)
        let message = Array("signed through its e value".utf8)
        let lines = try OutsideProgram.python(Self.eScript, [OutsideProgram.hex(key.publicKeyDER), OutsideProgram.hex(message)])
        let e = TestData.hex(try #require(lines.first))
        try #require(e.count == 32)

        let signature = try key.sign(.digest(e), algorithm: .sm2dsa)
        #expect(try key.verify(.raw(message), signature: signature, algorithm: .sm2dsa))
        let verified = try OutsideProgram.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", scratch.write("pub.der", key.publicKeyDER), "-keyform", "DER",
                                               "-rawin", "-in", scratch.write("msg.bin", message), "-sigfile", scratch.write("sig.bin", signature),
                                               "-digest", "sm3", "-pkeyopt", Self.distid])
        #expect(verified.status == 0, "\(verified.text) \(verified.errors)")
        #expect(try key.verify(.digest(e), signature: key.sign(.raw(message), algorithm: .sm2dsa), algorithm: .sm2dsa))
    }

    @Test("SM2PKE interoperates with the openssl CLI both ways as ASN.1 C1C3C2")
    func encryptionInterop() throws {
        let scratch = try ScratchDirectory()
        let key = try SM2Keys.generate(.sm2)
        let publicKey = try scratch.write("pub.der", key.publicKeyDER)
        let privateKey = try scratch.write("key.der", key.privateKeyDER)
        let plaintext = Array("encrypted by openssl, decrypted by Trent".utf8)
        _ = try OutsideProgram.succeed(["openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", publicKey, "-keyform", "DER",
                                        "-in", scratch.write("pt.bin", plaintext), "-out", scratch.path("ct.bin")])
        #expect(try key.decrypt(scratch.read("ct.bin"), algorithm: .sm2pke) == plaintext)

        let secret = Array("encrypted by Trent, decrypted by openssl".utf8)
        let ciphertext = try key.encrypt(secret, algorithm: .sm2pke)
        let decrypted = try OutsideProgram.succeed(["openssl", "pkeyutl", "-decrypt", "-inkey", privateKey, "-keyform", "DER",
                                                    "-in", scratch.write("ct2.bin", ciphertext)])
        #expect(decrypted.output == secret)

        // SEQUENCE { INTEGER x1, INTEGER y1, OCTET STRING C3 (32-byte SM3), OCTET STRING C2 }
        let shape = try OutsideProgram.succeed(["openssl", "asn1parse", "-inform", "DER", "-in", scratch.path("ct2.bin")]).text
            .split(separator: "\n").map { line in
                // "    2:d=1  hl=2 l=  33 prim: INTEGER           :B650…": the third field, up to its padding
                line.split(separator: ":").dropFirst(2).first.map { $0.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ")[0] } ?? ""
            }
        #expect(shape == ["SEQUENCE", "INTEGER", "INTEGER", "OCTET STRING", "OCTET STRING"], "\(shape)")
        #expect(ciphertext.suffix(secret.count + 2).prefix(2) == [0x04, UInt8(secret.count)], "C2 comes last")
    }

    /// x-coordinate of d·Q on the SM2 curve, in plain Python: the scalar is read from OpenSSL's
    /// PKCS#8 (ECPrivateKey version 1, then the 32-byte key), the point from the SPKI.
    static let ecdhScript = """
    import sys
    pkcs8, spki = bytes.fromhex(sys.argv[1]), bytes.fromhex(sys.argv[2])
    p = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
    a = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
    at = pkcs8.index(bytes.fromhex("0201010420")) + 5
    d = int.from_bytes(pkcs8[at:at + 32], "big")
    q = (int.from_bytes(spki[-64:-32], "big"), int.from_bytes(spki[-32:], "big"))
    def add(P, Q):
        if P is None: return Q
        if Q is None: return P
        if P[0] == Q[0] and (P[1] + Q[1]) % p == 0: return None
        if P == Q: l = (3 * P[0] * P[0] + a) * pow(2 * P[1], -1, p) % p
        else: l = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
        x = (l * l - P[0] - Q[0]) % p
        return (x, (l * (P[0] - x) - P[1]) % p)
    R = None
    for bit in bin(d)[2:]:
        R = add(R, R)
        if bit == "1": R = add(R, q)
    print(R[0].to_bytes(32, "big").hex())
    """

    @Test("ECDH on the SM2 curve: both sides agree, and so does an outside computation")
    func keyAgreement() throws {
        let alice = try SM2Keys.generate(.sm2)
        let bob = try SM2Keys.generate(.sm2)
        let secret = try alice.deriveSharedSecret(peerPublicKeyDER: bob.publicKeyDER)
        #expect(secret.count == 32)
        #expect(try bob.deriveSharedSecret(peerPublicKeyDER: alice.publicKeyDER) == secret)
        let outside = try OutsideProgram.python(Self.ecdhScript, [OutsideProgram.hex(alice.privateKeyDER), OutsideProgram.hex(bob.publicKeyDER)])
        #expect(outside.first.map(TestData.hex) == secret)

        let secp256k1 = try Secp256k1Keys.generate(.secp256k1)
        expectRefusal(.invalidPublicKey) { () throws(AsymmetricFailure) in try alice.deriveSharedSecret(peerPublicKeyDER: secp256k1.publicKeyDER) }
        expectRefusal(.invalidPublicKey) { () throws(AsymmetricFailure) in
            try alice.deriveSharedSecret(peerPublicKeyDER: Array(P256.KeyAgreement.PrivateKey().publicKey.derRepresentation))
        }
        expectRefusal(.invalidPublicKey) { () throws(AsymmetricFailure) in try alice.deriveSharedSecret(peerPublicKeyDER: [0x30, 0x00]) }
    }
}
