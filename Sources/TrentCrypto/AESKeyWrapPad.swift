import COpenSSL

/// AES Key Wrap with Padding (RFC 5649) with a 256-bit key: the second step of KMS's
/// RSA_AES_KEY_WRAP_SHA_* import wrapping, through the system OpenSSL (BoringSSL in
/// swift-crypto has it too, but exposes no Swift API for it).
public enum AESKeyWrapPad {
    /// The key material, or nil when the wrapped bytes do not authenticate under `key`.
    public static func unwrap(_ wrapped: [UInt8], key: [UInt8]) -> [UInt8]? {
        run(wrapped, key: key, encrypt: false)
    }

    public static func wrap(_ plaintext: [UInt8], key: [UInt8]) -> [UInt8]? {
        run(plaintext, key: key, encrypt: true)
    }

    private static func run(_ input: [UInt8], key: [UInt8], encrypt: Bool) -> [UInt8]? {
        // RFC 5649 needs at least one byte in, and a wrapped value is 16 bytes or more in
        // multiples of 8.
        guard key.count == 32, !input.isEmpty, encrypt || (input.count >= 16 && input.count % 8 == 0) else { return nil }
        ERR_clear_error()
        guard let context = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(context) }
        EVP_CIPHER_CTX_set_flags(context, Int32(EVP_CIPHER_CTX_FLAG_WRAP_ALLOW))
        guard EVP_CipherInit_ex(context, EVP_aes_256_wrap_pad(), nil, key, nil, encrypt ? 1 : 0) == 1 else { return nil }
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var written: Int32 = 0
        guard EVP_CipherUpdate(context, &output, &written, input, Int32(input.count)) == 1, written >= 0 else {
            ERR_clear_error()
            return nil
        }
        var final: Int32 = 0
        let ok = output.withUnsafeMutableBufferPointer { buffer in
            EVP_CipherFinal_ex(context, buffer.baseAddress! + Int(written), &final)
        }
        guard ok == 1 else {
            ERR_clear_error()
            return nil
        }
        return Array(output[0 ..< Int(written + final)])
    }
}
