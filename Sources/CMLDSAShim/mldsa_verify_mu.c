// Verifying a signature against a message representative µ (KMS Verify with MessageType
// EXTERNAL_MU). swift-crypto 4.5.2's BoringSSL has no MLDSA*_verify_message_representative;
// swift-nio-ssl's newer BoringSSL, linked into Trent anyway for TLS, does. Only public data
// crosses here, so using the second copy of BoringSSL costs no key handling.

#include "CMLDSAShim.h"

#include <CNIOBoringSSL_bytestring.h>
#include <CNIOBoringSSL_mldsa.h>

_Static_assert(TRENT_MLDSA_MU_BYTES == MLDSA_MU_BYTES, "mu size");

#define TRENT_VERIFY_MU(LEVEL)                                                                 \
    int trent_mldsa##LEVEL##_verify_mu(const uint8_t *public_key, size_t public_key_len,      \
                                       const uint8_t *signature, size_t signature_len,        \
                                       const uint8_t mu[MLDSA_MU_BYTES]) {                    \
        struct MLDSA##LEVEL##_public_key pub;                                                  \
        CBS cbs;                                                                               \
        CBS_init(&cbs, public_key, public_key_len);                                            \
        return MLDSA##LEVEL##_parse_public_key(&pub, &cbs)                                     \
               && MLDSA##LEVEL##_verify_message_representative(&pub, signature, signature_len, mu); \
    }

TRENT_VERIFY_MU(44)
TRENT_VERIFY_MU(65)
TRENT_VERIFY_MU(87)
