import COpenSSL

/// One OpenSSL key, freed with its owner.
///
/// `@unchecked Sendable`: once built, Trent never changes an EVP_PKEY. Every operation makes its
/// own EVP_PKEY_CTX and only reads the key, and OpenSSL 3 guards the one cache it keeps inside the
/// key (its per-provider export) with the key's own lock, so tasks on several threads may use
/// one EVPKey at the same time.
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }
}

/// The system OpenSSL 3 (libcrypto), for the curves swift-crypto's BoringSSL lacks
/// (secp256k1, SM2). Every helper answers nil or false on failure and empties OpenSSL's
/// per-thread error queue first, so a stale error never surfaces in a later, unrelated call.
enum OpenSSLEVP {
    static func generate(type: String, group: String) -> EVPKey? {
        defer { ERR_clear_error() }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, type, nil) else { return nil }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_CTX_set_group_name(context, group) == 1 else { return nil }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else { return nil }
        return EVPKey(owning: key)
    }

    /// True when `key` has OpenSSL type `type` on the named curve; the group name is OpenSSL's
    /// ("secp256k1", "SM2").
    static func isKey(_ key: EVPKey, type: String, group: String) -> Bool {
        defer { ERR_clear_error() }
        guard EVP_PKEY_is_a(key.pointer, type) == 1 else { return false }
        var name = [CChar](repeating: 0, count: 80)
        var length = 0
        guard EVP_PKEY_get_group_name(key.pointer, &name, name.count, &length) == 1 else { return false }
        return String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self) == group
    }

    // MARK: DER

    /// PKCS#8 PrivateKeyInfo, the form KMS hands out for data key pairs.
    static func privateKeyInfo(_ key: EVPKey) -> [UInt8]? {
        defer { ERR_clear_error() }
        guard let info = EVP_PKEY2PKCS8(key.pointer) else { return nil }
        defer { PKCS8_PRIV_KEY_INFO_free(info) }
        return encodeDER { i2d_PKCS8_PRIV_KEY_INFO(info, $0) }
    }

    /// The SPKI and PKCS#8 encodings every OpenSSL-held key pair publishes and stores.
    static func encodings(of key: EVPKey) throws(AsymmetricFailure) -> (publicKeyDER: [UInt8], privateKeyDER: [UInt8]) {
        guard let publicKeyDER = subjectPublicKeyInfo(key), let privateKeyDER = privateKeyInfo(key) else {
            throw .invalidPrivateKey
        }
        return (publicKeyDER, privateKeyDER)
    }

    static func subjectPublicKeyInfo(_ key: EVPKey) -> [UInt8]? {
        defer { ERR_clear_error() }
        return encodeDER { i2d_PUBKEY(key.pointer, $0) }
    }

    /// Parses PKCS#8 and checks that the public half matches the private one, since imported
    /// material reaches this path too. Trailing bytes after the DER are refused.
    static func parsePrivateKeyInfo(_ der: [UInt8]) -> EVPKey? {
        defer { ERR_clear_error() }
        let key: EVPKey? = der.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            guard let info = d2i_PKCS8_PRIV_KEY_INFO(nil, &cursor, buffer.count) else { return nil }
            defer { PKCS8_PRIV_KEY_INFO_free(info) }
            guard cursor == base + buffer.count, let parsed = EVP_PKCS82PKEY(info) else { return nil }
            return EVPKey(owning: parsed)
        }
        guard let key, let context = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else { return nil }
        defer { EVP_PKEY_CTX_free(context) }
        return EVP_PKEY_check(context) == 1 ? key : nil
    }

    /// Parses SubjectPublicKeyInfo; OpenSSL refuses points that are not on the named curve.
    static func parseSubjectPublicKeyInfo(_ der: [UInt8]) -> EVPKey? {
        defer { ERR_clear_error() }
        return der.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            guard let parsed = d2i_PUBKEY(nil, &cursor, buffer.count) else { return nil }
            let key = EVPKey(owning: parsed)
            return cursor == base + buffer.count ? key : nil
        }
    }

    /// The i2d convention: called with nil it tells the length; called with a cursor it writes.
    private static func encodeDER(_ i2d: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) -> [UInt8]? {
        let length = i2d(nil)
        guard length > 0 else { return nil }
        var out = [UInt8](repeating: 0, count: Int(length))
        let written = out.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return i2d(&cursor)
        }
        return written == length ? out : nil
    }

    // MARK: Operations

    /// Signs an already computed hash (ECDSA) or SM2 `e` value as it is.
    static func sign(prehashed digest: [UInt8], with key: EVPKey) -> [UInt8]? {
        defer { ERR_clear_error() }
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else { return nil }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_sign_init(context) == 1 else { return nil }
        return sizedOutput { EVP_PKEY_sign(context, $0, $1, digest, digest.count) }
    }

    static func verify(signature: [UInt8], prehashed digest: [UInt8], with key: EVPKey) -> Bool {
        defer { ERR_clear_error() }
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else { return false }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_verify_init(context) == 1 else { return false }
        return EVP_PKEY_verify(context, signature, signature.count, digest, digest.count) == 1
    }

    /// Hashes and signs in one pass. `distinguishingID` goes to the signature context before
    /// the first update, which is when SM2 folds it into its Z value.
    static func sign(message: [UInt8], digest: String, distinguishingID: [UInt8], with key: EVPKey) -> [UInt8]? {
        defer { ERR_clear_error() }
        guard let context = EVP_MD_CTX_new() else { return nil }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestSignInit_ex(context, &keyContext, digest, nil, nil, key.pointer, nil) == 1,
              EVP_PKEY_CTX_set1_id(keyContext, distinguishingID, Int32(distinguishingID.count)) == 1
        else { return nil }
        return sizedOutput { EVP_DigestSign(context, $0, $1, message, message.count) }
    }

    static func verify(signature: [UInt8], message: [UInt8], digest: String, distinguishingID: [UInt8], with key: EVPKey) -> Bool {
        defer { ERR_clear_error() }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestVerifyInit_ex(context, &keyContext, digest, nil, nil, key.pointer, nil) == 1,
              EVP_PKEY_CTX_set1_id(keyContext, distinguishingID, Int32(distinguishingID.count)) == 1
        else { return false }
        return EVP_DigestVerify(context, signature, signature.count, message, message.count) == 1
    }

    /// The key type's default public-key encryption (for SM2: SM2PKE with SM3, ASN.1 C1C3C2).
    static func encrypt(_ plaintext: [UInt8], with key: EVPKey) -> [UInt8]? {
        defer { ERR_clear_error() }
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else { return nil }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_encrypt_init(context) == 1 else { return nil }
        return sizedOutput { EVP_PKEY_encrypt(context, $0, $1, plaintext, plaintext.count) }
    }

    static func decrypt(_ ciphertext: [UInt8], with key: EVPKey) -> [UInt8]? {
        defer { ERR_clear_error() }
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else { return nil }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_decrypt_init(context) == 1 else { return nil }
        return sizedOutput { EVP_PKEY_decrypt(context, $0, $1, ciphertext, ciphertext.count) }
    }

    /// ECDH done with OpenSSL's point arithmetic: the raw x-coordinate of d·Q. OpenSSL 3.0 has
    /// no key exchange for its "SM2" key type, and its "EC" type refuses the SM2 curve, so
    /// EVP_PKEY_derive cannot serve SM2 keys. EC_POINT_mul with one point and no generator
    /// term takes OpenSSL's constant-time ladder, the same call its own ECDH makes. The curve
    /// must have cofactor 1 (SM2 has), so a point on the curve is in the prime-order group.
    static func sharedSecretX(_ key: EVPKey, peer: EVPKey, curve: Int32) -> [UInt8]? {
        defer { ERR_clear_error() }
        guard let group = EC_GROUP_new_by_curve_name_ex(nil, nil, curve) else { return nil }
        defer { EC_GROUP_free(group) }
        guard let arithmetic = BN_CTX_new() else { return nil }
        defer { BN_CTX_free(arithmetic) }

        var scalar: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key.pointer, OSSL_PKEY_PARAM_PRIV_KEY, &scalar) == 1, let scalar else { return nil }
        defer { BN_clear_free(scalar) }
        BN_set_flags(scalar, BN_FLG_CONSTTIME)

        var encoded = [UInt8](repeating: 0, count: 1 + 2 * 66)
        var encodedLength = 0
        guard EVP_PKEY_get_octet_string_param(peer.pointer, OSSL_PKEY_PARAM_PUB_KEY, &encoded, encoded.count, &encodedLength) == 1,
              let peerPoint = EC_POINT_new(group)
        else { return nil }
        defer { EC_POINT_free(peerPoint) }
        // oct2point refuses encodings of points that are not on the curve.
        guard EC_POINT_oct2point(group, peerPoint, encoded, encodedLength, arithmetic) == 1,
              EC_POINT_is_at_infinity(group, peerPoint) == 0,
              let shared = EC_POINT_new(group)
        else { return nil }
        defer { EC_POINT_clear_free(shared) }
        guard EC_POINT_mul(group, shared, nil, peerPoint, scalar, arithmetic) == 1,
              EC_POINT_is_at_infinity(group, shared) == 0,
              let x = BN_new()
        else { return nil }
        defer { BN_clear_free(x) }
        guard EC_POINT_get_affine_coordinates(group, shared, x, nil, arithmetic) == 1 else { return nil }
        var secret = [UInt8](repeating: 0, count: (Int(EC_GROUP_get_degree(group)) + 7) / 8)
        guard BN_bn2binpad(x, &secret, Int32(secret.count)) == Int32(secret.count) else { return nil }
        return secret
    }

    /// The EVP convention for variable-length output: a first call with no buffer reports the
    /// largest length, the second writes and reports the real one.
    private static func sizedOutput(_ call: (UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<Int>) -> Int32) -> [UInt8]? {
        var length = 0
        guard call(nil, &length) == 1 else { return nil }
        var out = [UInt8](repeating: 0, count: max(length, 1))
        let status = out.withUnsafeMutableBufferPointer { call($0.baseAddress, &length) }
        guard status == 1, length <= out.count else { return nil }
        out.removeSubrange(length...)
        return out
    }
}
