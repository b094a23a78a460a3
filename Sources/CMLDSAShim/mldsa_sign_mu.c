// Signing a message representative µ (KMS MessageType EXTERNAL_MU) through swift-crypto's
// BoringSSL: MLDSA*_sign_message_representative is compiled in but not wrapped in Swift.
// The expanded private key is secret: on the heap, zeroed by OPENSSL_free.

#include "CMLDSAShim.h"

#include <CCryptoBoringSSL_mem.h>
#include <CCryptoBoringSSL_mldsa.h>

_Static_assert(TRENT_MLDSA_MU_BYTES == MLDSA_MU_BYTES, "mu size");
_Static_assert(TRENT_MLDSA65_SIGNATURE_BYTES == MLDSA65_SIGNATURE_BYTES, "signature size");
_Static_assert(TRENT_MLDSA87_SIGNATURE_BYTES == MLDSA87_SIGNATURE_BYTES, "signature size");

#define TRENT_SIGN_MU(LEVEL)                                                                      \
    int trent_mldsa##LEVEL##_sign_mu(uint8_t *out_signature, const uint8_t seed[MLDSA_SEED_BYTES], \
                                     const uint8_t mu[MLDSA_MU_BYTES]) {                          \
        struct MLDSA##LEVEL##_private_key *priv = OPENSSL_malloc(sizeof(*priv));                  \
        int ok = priv != NULL && MLDSA##LEVEL##_private_key_from_seed(priv, seed, MLDSA_SEED_BYTES) \
                 && MLDSA##LEVEL##_sign_message_representative(out_signature, priv, mu);          \
        OPENSSL_free(priv);                                                                       \
        return ok;                                                                                \
    }

TRENT_SIGN_MU(44)
TRENT_SIGN_MU(65)
TRENT_SIGN_MU(87)
