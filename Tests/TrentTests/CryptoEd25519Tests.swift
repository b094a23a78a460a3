import Crypto
import Foundation
import Testing
@testable import TrentCrypto

@Suite("Ed25519 (ECC_NIST_EDWARDS25519)")
struct CryptoEd25519Tests {
    static let pkcs8Prefix = TestData.hex("302e020100300506032b657004220420")
    static let spkiPrefix = TestData.hex("302a300506032b6570032100")

    /// RFC 8032 §7.1 TEST 1-3: seed, public key, message, signature.
    static let rfc8032: [(seed: String, publicKey: String, message: String, signature: String)] = [
        ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
        ("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7", "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
         "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
    ]

    /// RFC 8032 §7.3, Ed25519ph of "abc".
    static let phSeed = TestData.hex("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42")
    static let phPublicKey = TestData.hex("ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf")
    static let phSignature = TestData.hex("98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae4131f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406")

    @Test("Wycheproof ed25519: every valid signature verifies, no invalid one does")
    func wycheproof() throws {
        let (valid, invalid) = try WycheproofFile.checkSignatures("ed25519_test.json") { spki, message, signature in
            try Ed25519PublicKey.verify(spki: spki, message: .raw(message), signature: signature, algorithm: .ed25519Sha512)
        }
        #expect(valid == 88 && invalid == 63, "vector counts changed: \(valid) valid, \(invalid) invalid")
    }

    @Test("RFC 8032 §7.1 TEST 1-3: signing from the seed reproduces the signature")
    func rfc8032Pure() throws {
        for vector in Self.rfc8032 {
            let key = try Ed25519Keys.load(.ed25519, privateKeyDER: Self.pkcs8Prefix + TestData.hex(vector.seed))
            #expect(key.publicKeyDER == Self.spkiPrefix + TestData.hex(vector.publicKey))
            let message = TestData.hex(vector.message)
            #expect(try key.sign(.raw(message), algorithm: .ed25519Sha512) == TestData.hex(vector.signature))
            #expect(try key.verify(.raw(message), signature: TestData.hex(vector.signature), algorithm: .ed25519Sha512))
        }
    }

    @Test("RFC 8032 §7.3: libsodium's Ed25519ph reproduces the \"abc\" signature")
    func rfc8032Prehash() throws {
        let message = Array("abc".utf8)
        #expect(Ed25519ph.sign(message: message, seed: Self.phSeed) == Self.phSignature)
        #expect(Ed25519ph.verify(signature: Self.phSignature, message: message, publicKey: Self.phPublicKey))
        #expect(!Ed25519ph.verify(signature: Self.phSignature, message: Array("abd".utf8), publicKey: Self.phPublicKey))
        #expect(try Self.referencePrehashSignature(seed: Self.phSeed, message: message) == Self.phSignature, "the outside reference itself")
    }

    /// RFC 8032 §5.1.6 with dom2(1, "") and PH = SHA-512, in plain Python (the RFC's §6 algorithm).
    static let referenceScript = """
    import sys, hashlib
    p = 2**255 - 19
    L = 2**252 + 27742317777372353535851937790883648493
    d = -121665 * pow(121666, -1, p) % p
    def add(P, Q):
        A, B = (P[1] - P[0]) * (Q[1] - Q[0]) % p, (P[1] + P[0]) * (Q[1] + Q[0]) % p
        C, D = 2 * P[3] * Q[3] * d % p, 2 * P[2] * Q[2] % p
        E, F, G, H = B - A, D - C, D + C, B + A
        return (E * F % p, G * H % p, F * G % p, E * H % p)
    def mul(s, P):
        Q = (0, 1, 1, 0)
        while s > 0:
            if s & 1: Q = add(Q, P)
            P, s = add(P, P), s >> 1
        return Q
    def encode(P):
        zi = pow(P[2], p - 2, p)
        x, y = P[0] * zi % p, P[1] * zi % p
        return (y | ((x & 1) << 255)).to_bytes(32, "little")
    gy = 4 * pow(5, p - 2, p) % p
    x2 = (gy * gy - 1) * pow(d * gy * gy + 1, p - 2, p) % p
    gx = pow(x2, (p + 3) // 8, p)
    if (gx * gx - x2) % p: gx = gx * pow(2, (p - 1) // 4, p) % p
    if gx & 1: gx = p - gx
    B = (gx, gy, 1, gx * gy % p)
    H = lambda m: hashlib.sha512(m).digest()
    seed, msg = bytes.fromhex(sys.argv[1]), bytes.fromhex(sys.argv[2])
    h = H(seed)
    s = int.from_bytes(h[:32], "little") & ((1 << 254) - 8) | (1 << 254)
    A = encode(mul(s, B))
    dom2 = b"SigEd25519 no Ed25519 collisions" + bytes([1, 0])
    ph = H(msg)
    r = int.from_bytes(H(dom2 + h[32:] + ph), "little") % L
    R = encode(mul(r, B))
    k = int.from_bytes(H(dom2 + R + A + ph), "little") % L
    print((R + ((r + k * s) % L).to_bytes(32, "little")).hex())
    """

    static func referencePrehashSignature(seed: [UInt8], message: [UInt8]) throws -> [UInt8] {
        let lines = try OutsideProgram.python(referenceScript, [OutsideProgram.hex(seed), OutsideProgram.hex(message)])
        return TestData.hex(try #require(lines.first))
    }

    @Test("ED25519_PH_SHA_512 with DIGEST prehashes the 64 bytes again, as KMS documents")
    func prehashOfDigest() throws {
        let key = try Ed25519Keys.load(.ed25519, privateKeyDER: Self.pkcs8Prefix + Self.phSeed)
        let digest = Array(SHA512.hash(data: Array("abc".utf8)))
        let signature = try key.sign(.digest(digest), algorithm: .ed25519PhSha512)
        // KMS: "the input is hashed twice: once by you and once by KMS", so this is Ed25519ph
        // with M = the digest, not the RFC signature of "abc".
        #expect(signature == (try Self.referencePrehashSignature(seed: Self.phSeed, message: digest)))
        #expect(signature != Self.phSignature)
        #expect(try key.verify(.digest(digest), signature: signature, algorithm: .ed25519PhSha512))
        #expect(try Ed25519PublicKey.verify(spki: key.publicKeyDER, message: .digest(digest), signature: signature, algorithm: .ed25519PhSha512))
        #expect(!(try key.verify(.digest(digest), signature: Self.phSignature, algorithm: .ed25519PhSha512)))
    }

    @Test("generate, sign both ways, verify, reload from PKCS#8")
    func roundTrip() throws {
        let key = try Ed25519Keys.generate(.ed25519)
        #expect(key.kind == .ed25519)
        #expect(key.privateKeyDER.count == 48 && key.privateKeyDER.starts(with: Self.pkcs8Prefix))
        #expect(key.publicKeyDER.count == 44 && key.publicKeyDER.starts(with: Self.spkiPrefix))
        let message = Array("Trent signs with Ed25519".utf8)
        let digest = Array(SHA512.hash(data: message))

        let pure = try key.sign(.raw(message), algorithm: .ed25519Sha512)
        let prehashed = try key.sign(.digest(digest), algorithm: .ed25519PhSha512)
        #expect(pure.count == 64 && prehashed.count == 64 && pure != prehashed)
        #expect(try key.verify(.raw(message), signature: pure, algorithm: .ed25519Sha512))
        #expect(try key.verify(.digest(digest), signature: prehashed, algorithm: .ed25519PhSha512))
        // The dom2 prefix keeps the two schemes apart.
        #expect(!(try key.verify(.raw(digest), signature: prehashed, algorithm: .ed25519Sha512)))
        #expect(!(try key.verify(.digest(digest), signature: pure, algorithm: .ed25519PhSha512)))

        let reloaded = try Ed25519Keys.load(.ed25519, privateKeyDER: key.privateKeyDER)
        #expect(reloaded.publicKeyDER == key.publicKeyDER)
        #expect(reloaded.privateKeyDER == key.privateKeyDER)
        #expect(try reloaded.sign(.raw(message), algorithm: .ed25519Sha512) == pure, "Ed25519 is deterministic")
        #expect(try reloaded.sign(.digest(digest), algorithm: .ed25519PhSha512) == prehashed)
    }

    @Test("tampered signatures do not verify")
    func tampered() throws {
        let key = try Ed25519Keys.generate(.ed25519)
        let message = Array("message".utf8)
        let digest = Array(SHA512.hash(data: message))
        let pure = try key.sign(.raw(message), algorithm: .ed25519Sha512)
        let prehashed = try key.sign(.digest(digest), algorithm: .ed25519PhSha512)
        for index in [0, 31, 32, 63] {
            var bad = pure
            bad[index] ^= 0x01
            #expect(!(try key.verify(.raw(message), signature: bad, algorithm: .ed25519Sha512)), "pure, flip at \(index)")
            bad = prehashed
            bad[index] ^= 0x01
            #expect(!(try key.verify(.digest(digest), signature: bad, algorithm: .ed25519PhSha512)), "ph, flip at \(index)")
        }
        for signature in [[], Array(prehashed.dropLast()), prehashed + [0]] {
            #expect(!(try key.verify(.digest(digest), signature: signature, algorithm: .ed25519PhSha512)))
            #expect(!(try key.verify(.raw(message), signature: signature, algorithm: .ed25519Sha512)))
        }
        var otherDigest = digest
        otherDigest[0] ^= 0x80
        #expect(!(try key.verify(.digest(otherDigest), signature: prehashed, algorithm: .ed25519PhSha512)))
    }

    @Test("message types, digest length, algorithms, foreign keys")
    func refusals() throws {
        let key = try Ed25519Keys.generate(.ed25519)
        let digest = [UInt8](repeating: 3, count: 64)
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.sign(.digest(digest), algorithm: .ed25519Sha512) }
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.sign(.raw([1, 2, 3]), algorithm: .ed25519PhSha512) }
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.verify(.raw([1]), signature: [], algorithm: .ed25519PhSha512) }
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.sign(.externalMu(digest), algorithm: .ed25519Sha512) }
        expectRefusal(.wrongDigestLength(expected: 64)) { () throws(AsymmetricFailure) in try key.sign(.digest(Array(digest.dropLast())), algorithm: .ed25519PhSha512) }
        expectRefusal(.wrongDigestLength(expected: 64)) { () throws(AsymmetricFailure) in try key.verify(.digest(digest + [0]), signature: [], algorithm: .ed25519PhSha512) }
        for algorithm in SignatureAlgorithm.allCases where algorithm != .ed25519Sha512 && algorithm != .ed25519PhSha512 {
            expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.sign(.raw([1]), algorithm: algorithm) }
            expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.verify(.digest(digest), signature: [], algorithm: algorithm) }
        }
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.encrypt([1], algorithm: .sm2pke) }
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.decrypt([1], algorithm: .sm2pke) }
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try key.deriveSharedSecret(peerPublicKeyDER: key.publicKeyDER) }
        expectRefusal(.algorithmMismatch) { () throws(AsymmetricFailure) in try Ed25519Keys.generate(.sm2) }

        let x25519 = Array(Curve25519.KeyAgreement.PrivateKey().derRepresentation)
        expectRefusal(.invalidPrivateKey) { () throws(AsymmetricFailure) in try Ed25519Keys.load(.ed25519, privateKeyDER: x25519) }
        expectRefusal(.invalidPrivateKey) { () throws(AsymmetricFailure) in try Ed25519Keys.load(.ed25519, privateKeyDER: key.privateKeyDER + [0]) }
        expectRefusal(.invalidPrivateKey) { () throws(AsymmetricFailure) in try Ed25519Keys.load(.ed25519, privateKeyDER: []) }
        expectRefusal(.invalidPrivateKey) { () throws(AsymmetricFailure) in try Ed25519Keys.load(.p256, privateKeyDER: key.privateKeyDER) }
        let secp256k1 = try Secp256k1Keys.generate(.secp256k1)
        expectRefusal(.invalidPublicKey) { () throws(AsymmetricFailure) in
            try Ed25519PublicKey.verify(spki: secp256k1.publicKeyDER, message: .raw([1]), signature: [], algorithm: .ed25519Sha512)
        }
    }

    @Test("pyca cryptography and Trent verify each other's pure Ed25519 signatures and keys")
    func pycaInterop() throws {
        let key = try Ed25519Keys.generate(.ed25519)
        let message = Array("interop with pyca".utf8)
        let signature = try key.sign(.raw(message), algorithm: .ed25519Sha512)
        let script = """
        import sys
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        spki, pkcs8, msg, sig = (bytes.fromhex(a) for a in sys.argv[1:])
        serialization.load_der_public_key(spki).verify(sig, msg)
        mine = serialization.load_der_private_key(pkcs8, None)
        print(mine.sign(msg) == sig)
        other = Ed25519PrivateKey.generate()
        print(other.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo).hex())
        print(other.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).hex())
        print(other.sign(msg).hex())
        """
        let lines = try OutsideProgram.python(script, [key.publicKeyDER, key.privateKeyDER, message, signature].map(OutsideProgram.hex))
        try #require(lines.count == 4)
        #expect(lines[0] == "True")
        let (spki, pkcs8, theirs) = (TestData.hex(lines[1]), TestData.hex(lines[2]), TestData.hex(lines[3]))
        #expect(try Ed25519PublicKey.verify(spki: spki, message: .raw(message), signature: theirs, algorithm: .ed25519Sha512))
        let loaded = try Ed25519Keys.load(.ed25519, privateKeyDER: pkcs8)
        #expect(loaded.publicKeyDER == spki)
        #expect(try loaded.sign(.raw(message), algorithm: .ed25519Sha512) == theirs)
    }
}
