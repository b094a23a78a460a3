import CSodium

/// Ed25519ph (RFC 8032 §5.1: phflag 1, empty context, PH = SHA-512) through libsodium, the only
/// library on this stack that has it: swift-crypto does not, and OpenSSL gained it in 3.2.
///
/// `message` is what RFC 8032 calls M: libsodium takes its SHA-512 itself. KMS treats a DIGEST
/// message for ED25519_PH_SHA_512 the same way (its Sign reference: "the input is hashed twice:
/// once by you and once by KMS"), so the 64 bytes a caller sends are passed here as M.
enum Ed25519ph {
    static let signatureByteCount = 64
    static let publicKeyByteCount = 32
    static let seedByteCount = 32

    /// libsodium wants sodium_init() before use; Swift runs a static initializer once, thread-safely.
    private static let ready: Bool = sodium_init() >= 0

    static func sign(message: [UInt8], seed: [UInt8]) -> [UInt8]? {
        guard ready, seed.count == seedByteCount else { return nil }
        var publicKey = [UInt8](repeating: 0, count: publicKeyByteCount)
        // libsodium's secret key form: the seed followed by the public key.
        var secretKey = [UInt8](repeating: 0, count: seedByteCount + publicKeyByteCount)
        defer { sodium_memzero(&secretKey, secretKey.count) }
        guard crypto_sign_ed25519_seed_keypair(&publicKey, &secretKey, seed) == 0 else { return nil }
        var state = crypto_sign_ed25519ph_state()
        var signature = [UInt8](repeating: 0, count: signatureByteCount)
        guard crypto_sign_ed25519ph_init(&state) == 0,
              crypto_sign_ed25519ph_update(&state, message, UInt64(message.count)) == 0,
              crypto_sign_ed25519ph_final_create(&state, &signature, nil, secretKey) == 0
        else { return nil }
        return signature
    }

    static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        // libsodium reads fixed-size buffers: check the lengths before handing them over.
        guard ready, signature.count == signatureByteCount, publicKey.count == publicKeyByteCount else { return false }
        var state = crypto_sign_ed25519ph_state()
        guard crypto_sign_ed25519ph_init(&state) == 0,
              crypto_sign_ed25519ph_update(&state, message, UInt64(message.count)) == 0
        else { return false }
        return crypto_sign_ed25519ph_final_verify(&state, signature, publicKey) == 0
    }
}
