// ML-DSA-44 through swift-crypto's BoringSSL, which compiles MLDSA44_* in but gives it no
// Swift API (swift-crypto 4.5.2 wraps only ML-DSA-65 and -87).

#include "CMLDSAShim.h"

#include <CCryptoBoringSSL_bytestring.h>
#include <CCryptoBoringSSL_mem.h>
#include <CCryptoBoringSSL_mldsa.h>

_Static_assert(TRENT_MLDSA44_PUBLIC_KEY_BYTES == MLDSA44_PUBLIC_KEY_BYTES, "public key size");
_Static_assert(TRENT_MLDSA44_SIGNATURE_BYTES == MLDSA44_SIGNATURE_BYTES, "signature size");
_Static_assert(TRENT_MLDSA_SEED_BYTES == MLDSA_SEED_BYTES, "seed size");

// The expanded private key is about 10 KB of secrets: it lives on the heap, and OPENSSL_free
// zeroes it before freeing.

static int marshal_public_key(uint8_t out[MLDSA44_PUBLIC_KEY_BYTES], const struct MLDSA44_private_key *priv) {
    struct MLDSA44_public_key pub;
    CBB cbb;
    if (!MLDSA44_public_from_private(&pub, priv) || !CBB_init_fixed(&cbb, out, MLDSA44_PUBLIC_KEY_BYTES)) {
        return 0;
    }
    int ok = MLDSA44_marshal_public_key(&cbb, &pub) && CBB_len(&cbb) == MLDSA44_PUBLIC_KEY_BYTES;
    CBB_cleanup(&cbb);
    return ok;
}

int trent_mldsa44_generate(uint8_t out_public_key[TRENT_MLDSA44_PUBLIC_KEY_BYTES],
                           uint8_t out_seed[TRENT_MLDSA_SEED_BYTES]) {
    struct MLDSA44_private_key *priv = OPENSSL_malloc(sizeof(*priv));
    int ok = priv != NULL && MLDSA44_generate_key(out_public_key, out_seed, priv);
    OPENSSL_free(priv);
    return ok;
}

int trent_mldsa44_public_key(uint8_t out_public_key[TRENT_MLDSA44_PUBLIC_KEY_BYTES],
                             const uint8_t *seed, size_t seed_len) {
    struct MLDSA44_private_key *priv = OPENSSL_malloc(sizeof(*priv));
    int ok = priv != NULL && MLDSA44_private_key_from_seed(priv, seed, seed_len)
             && marshal_public_key(out_public_key, priv);
    OPENSSL_free(priv);
    return ok;
}

int trent_mldsa44_is_public_key(const uint8_t *public_key, size_t public_key_len) {
    struct MLDSA44_public_key pub;
    CBS cbs;
    CBS_init(&cbs, public_key, public_key_len);
    return MLDSA44_parse_public_key(&pub, &cbs);
}

int trent_mldsa44_sign(uint8_t out_signature[TRENT_MLDSA44_SIGNATURE_BYTES],
                       const uint8_t seed[TRENT_MLDSA_SEED_BYTES],
                       const uint8_t *message, size_t message_len) {
    struct MLDSA44_private_key *priv = OPENSSL_malloc(sizeof(*priv));
    int ok = priv != NULL && MLDSA44_private_key_from_seed(priv, seed, MLDSA_SEED_BYTES)
             && MLDSA44_sign(out_signature, priv, message, message_len, NULL, 0);
    OPENSSL_free(priv);
    return ok;
}

int trent_mldsa44_verify(const uint8_t *public_key, size_t public_key_len,
                         const uint8_t *signature, size_t signature_len,
                         const uint8_t *message, size_t message_len) {
    struct MLDSA44_public_key pub;
    CBS cbs;
    CBS_init(&cbs, public_key, public_key_len);
    return MLDSA44_parse_public_key(&pub, &cbs)
           && MLDSA44_verify(&pub, signature, signature_len, message, message_len, NULL, 0);
}
