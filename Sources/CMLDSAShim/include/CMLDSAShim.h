#ifndef TRENT_CMLDSASHIM_H
#define TRENT_CMLDSASHIM_H

// Byte-array entry points to the ML-DSA functions of BoringSSL that the Swift packages in the
// build compile in but do not wrap in Swift: all of ML-DSA-44, and signing and verifying a
// message representative µ (FIPS 204, "external µ") for every parameter set. BoringSSL's key
// structs stay inside the .c files, so Swift sees only bytes and this header needs no
// BoringSSL header. Private keys cross as the 32-byte seed (Trent's stored form) and are
// expanded per call. Every function returns 1 on success (or a valid signature), 0 otherwise.

#include <stddef.h>
#include <stdint.h>

#define TRENT_MLDSA_SEED_BYTES 32
#define TRENT_MLDSA_MU_BYTES 64
#define TRENT_MLDSA44_PUBLIC_KEY_BYTES 1312
#define TRENT_MLDSA44_SIGNATURE_BYTES 2420
#define TRENT_MLDSA65_SIGNATURE_BYTES 3309
#define TRENT_MLDSA87_SIGNATURE_BYTES 4627

// ML-DSA-44 (swift-crypto's BoringSSL, mldsa44.c). Pure ML-DSA with an empty context.
int trent_mldsa44_generate(uint8_t out_public_key[TRENT_MLDSA44_PUBLIC_KEY_BYTES],
                           uint8_t out_seed[TRENT_MLDSA_SEED_BYTES]);
int trent_mldsa44_public_key(uint8_t out_public_key[TRENT_MLDSA44_PUBLIC_KEY_BYTES],
                             const uint8_t *seed, size_t seed_len);
int trent_mldsa44_is_public_key(const uint8_t *public_key, size_t public_key_len);
int trent_mldsa44_sign(uint8_t out_signature[TRENT_MLDSA44_SIGNATURE_BYTES],
                       const uint8_t seed[TRENT_MLDSA_SEED_BYTES],
                       const uint8_t *message, size_t message_len);
int trent_mldsa44_verify(const uint8_t *public_key, size_t public_key_len,
                         const uint8_t *signature, size_t signature_len,
                         const uint8_t *message, size_t message_len);

// Signing µ (swift-crypto's BoringSSL, mldsa_sign_mu.c): MLDSA*_sign_message_representative.
int trent_mldsa44_sign_mu(uint8_t out_signature[TRENT_MLDSA44_SIGNATURE_BYTES],
                          const uint8_t seed[TRENT_MLDSA_SEED_BYTES],
                          const uint8_t mu[TRENT_MLDSA_MU_BYTES]);
int trent_mldsa65_sign_mu(uint8_t out_signature[TRENT_MLDSA65_SIGNATURE_BYTES],
                          const uint8_t seed[TRENT_MLDSA_SEED_BYTES],
                          const uint8_t mu[TRENT_MLDSA_MU_BYTES]);
int trent_mldsa87_sign_mu(uint8_t out_signature[TRENT_MLDSA87_SIGNATURE_BYTES],
                          const uint8_t seed[TRENT_MLDSA_SEED_BYTES],
                          const uint8_t mu[TRENT_MLDSA_MU_BYTES]);

// Verifying against µ (swift-nio-ssl's BoringSSL, mldsa_verify_mu.c): swift-crypto 4.5.2's
// BoringSSL has no MLDSA*_verify_message_representative; the newer copy in swift-nio-ssl,
// already linked into Trent for TLS, has it.
int trent_mldsa44_verify_mu(const uint8_t *public_key, size_t public_key_len,
                            const uint8_t *signature, size_t signature_len,
                            const uint8_t mu[TRENT_MLDSA_MU_BYTES]);
int trent_mldsa65_verify_mu(const uint8_t *public_key, size_t public_key_len,
                            const uint8_t *signature, size_t signature_len,
                            const uint8_t mu[TRENT_MLDSA_MU_BYTES]);
int trent_mldsa87_verify_mu(const uint8_t *public_key, size_t public_key_len,
                            const uint8_t *signature, size_t signature_len,
                            const uint8_t mu[TRENT_MLDSA_MU_BYTES]);

#endif
