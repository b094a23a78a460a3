import Testing
@testable import TrentCrypto

/// Trent's keys, signatures and ciphertexts against Python `cryptography` (pyca, OpenSSL):
/// what external verifiers and encrypters will do with GetPublicKey output.
@Suite struct CryptoNativeInteropTests {
    static let verifyScript = #"""
    import sys
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding, mldsa
    H = {"256": hashes.SHA256(), "384": hashes.SHA384(), "512": hashes.SHA512()}
    args = sys.argv[1:]
    for i in range(0, len(args), 4):
        scheme, spki, msg, sig = args[i], *(bytes.fromhex(a) for a in args[i + 1:i + 4])
        key = serialization.load_der_public_key(spki)
        kind, bits = scheme.split("-")
        try:
            if kind == "pss":
                key.verify(sig, msg, padding.PSS(mgf=padding.MGF1(H[bits]), salt_length=padding.PSS.DIGEST_LENGTH), H[bits])
            elif kind == "pkcs1":
                key.verify(sig, msg, padding.PKCS1v15(), H[bits])
            elif kind == "ecdsa":
                key.verify(sig, msg, ec.ECDSA(H[bits]))
            elif kind == "mldsa":
                assert type(key).__name__ == "MLDSA" + bits + "PublicKey", type(key)
                key.verify(sig, msg)
            print("ok")
        except InvalidSignature:
            print("invalid")
    """#

    @Test func pycaVerifiesTrentSignatures() throws {
        let rsa = NativeKeys.rsa2048
        let p256 = try NISTCurveKeys.generate(.p256)
        let p384 = try NISTCurveKeys.generate(.p384)
        let p521 = try NISTCurveKeys.generate(.p521)
        let ml65 = try MLDSAKeys.generate(.mlDsa65)
        let ml87 = try MLDSAKeys.generate(.mlDsa87)
        let message = Array("checked by pyca".utf8)
        let cases: [(String, any PrivateKeyHandle, SignatureAlgorithm, SignedMessage)] = [
            ("pss-256", rsa, .rsaPssSha256, .raw(message)),
            ("pss-384", rsa, .rsaPssSha384, .digest(CryptoRSATests.hash(message, length: 48))),
            ("pss-512", rsa, .rsaPssSha512, .raw(message)),
            ("pkcs1-256", rsa, .rsaPkcs1Sha256, .digest(CryptoRSATests.hash(message, length: 32))),
            ("pkcs1-384", rsa, .rsaPkcs1Sha384, .raw(message)),
            ("pkcs1-512", rsa, .rsaPkcs1Sha512, .raw(message)),
            ("ecdsa-256", p256, .ecdsaSha256, .raw(message)),
            ("ecdsa-256", p256, .ecdsaSha256, .digest(CryptoRSATests.hash(message, length: 32))),
            ("ecdsa-384", p384, .ecdsaSha384, .raw(message)),
            ("ecdsa-512", p521, .ecdsaSha512, .digest(CryptoRSATests.hash(message, length: 64))),
            ("mldsa-65", ml65, .mlDsaShake256, .raw(message)),
            ("mldsa-87", ml87, .mlDsaShake256, .raw(message)),
        ]
        var arguments: [String] = []
        for (scheme, key, algorithm, signed) in cases {
            let signature = try key.sign(signed, algorithm: algorithm)
            arguments += [scheme, Hex.encode(key.publicKeyDER), Hex.encode(message), Hex.encode(signature)]
        }
        // And one tampered signature, which pyca must reject: the oracle can say no.
        var tampered = try p256.sign(.raw(message), algorithm: .ecdsaSha256)
        tampered[tampered.count - 2] ^= 0x01
        arguments += ["ecdsa-256", Hex.encode(p256.publicKeyDER), Hex.encode(message), Hex.encode(tampered)]
        let results = try NativePython.run(Self.verifyScript, arguments)
        #expect(results == Array(repeating: "ok", count: cases.count) + ["invalid"])
    }

    static let oaepScript = #"""
    import sys
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    key = serialization.load_der_public_key(bytes.fromhex(sys.argv[1]))
    for name, msg in zip(sys.argv[2::2], sys.argv[3::2]):
        h = {"sha1": hashes.SHA1(), "sha256": hashes.SHA256()}[name]
        print(key.encrypt(bytes.fromhex(msg), padding.OAEP(mgf=padding.MGF1(h), algorithm=h, label=None)).hex())
    """#

    @Test func trentDecryptsPycaOAEP() throws {
        let key = NativeKeys.rsa2048
        let messages = [Array("oaep from pyca".utf8), SecureRandom.bytes(190), [0]]
        var arguments = [Hex.encode(key.publicKeyDER)]
        for message in messages { arguments += ["sha256", Hex.encode(message)] }
        arguments += ["sha1", Hex.encode(SecureRandom.bytes(214))]
        let ciphertexts = try NativePython.run(Self.oaepScript, arguments)
        try #require(ciphertexts.count == 4)
        for (message, ciphertext) in zip(messages, ciphertexts) {
            #expect(try key.decrypt(try #require(Hex.decode(ciphertext)), algorithm: .rsaOaepSha256) == message)
        }
        #expect(try key.decrypt(try #require(Hex.decode(ciphertexts[3])), algorithm: .rsaOaepSha1) == TestData.hex(arguments[arguments.count - 1]))
    }

    static let ecdhScript = #"""
    import sys
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    peer = serialization.load_der_public_key(bytes.fromhex(sys.argv[1]))
    mine = ec.generate_private_key(peer.curve)
    print(mine.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo).hex())
    print(mine.exchange(ec.ECDH(), peer).hex())
    """#

    @Test(arguments: [KeyPairKind.p256, .p384, .p521])
    func ecdhWithPyca(kind: KeyPairKind) throws {
        let key = try NISTCurveKeys.generate(kind)
        let lines = try NativePython.run(Self.ecdhScript, [Hex.encode(key.publicKeyDER)])
        try #require(lines.count == 2)
        let secret = try key.deriveSharedSecret(peerPublicKeyDER: try #require(Hex.decode(lines[0])))
        #expect(Hex.encode(secret) == lines[1])
    }

    static let pkcs8Script = #"""
    import sys
    from cryptography.hazmat.primitives import serialization
    for der in sys.argv[1:]:
        key = serialization.load_der_private_key(bytes.fromhex(der), password=None)
        print(key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo).hex())
    """#

    /// pyca reads Trent's PKCS#8 (including ML-DSA's seed form) to the same public key.
    @Test func pycaLoadsTrentPKCS8() throws {
        let keys: [any PrivateKeyHandle] = [
            NativeKeys.rsa2048, try NISTCurveKeys.generate(.p256), try NISTCurveKeys.generate(.p521),
            try MLDSAKeys.generate(.mlDsa65), try MLDSAKeys.generate(.mlDsa87),
        ]
        let spkis = try NativePython.run(Self.pkcs8Script, keys.map { Hex.encode($0.privateKeyDER) })
        #expect(spkis == keys.map { Hex.encode($0.publicKeyDER) })
    }

    static let signScript = #"""
    import sys
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, mldsa, padding
    msg = bytes.fromhex(sys.argv[1])
    k = ec.generate_private_key(ec.SECP384R1())
    print(k.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo).hex())
    print(k.sign(msg, ec.ECDSA(hashes.SHA384())).hex())
    m = mldsa.MLDSA87PrivateKey.generate()
    print(m.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo).hex())
    print(m.sign(msg).hex())
    """#

    /// The other direction: signatures made by pyca verify with `PublicKeyVerifier`.
    @Test func trentVerifiesPycaSignatures() throws {
        let message = Array("signed by pyca".utf8)
        let lines = try NativePython.run(Self.signScript, [Hex.encode(message)])
        try #require(lines.count == 4)
        let bytes = try lines.map { try #require(Hex.decode($0)) }
        #expect(try PublicKeyVerifier.verify(spki: bytes[0], kind: .p384, algorithm: .ecdsaSha384, message: .raw(message), signature: bytes[1]))
        #expect(try PublicKeyVerifier.verify(spki: bytes[0], kind: .p384, algorithm: .ecdsaSha384, message: .digest(CryptoRSATests.hash(message, length: 48)), signature: bytes[1]))
        #expect(try PublicKeyVerifier.verify(spki: bytes[2], kind: .mlDsa87, algorithm: .mlDsaShake256, message: .raw(message), signature: bytes[3]))
    }
}
