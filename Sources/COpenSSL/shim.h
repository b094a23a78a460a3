#ifndef TRENT_COPENSSL_SHIM_H
#define TRENT_COPENSSL_SHIM_H

// Only the OpenSSL 3 API: the deprecated low-level EC_KEY/ECDH calls stay invisible, so
// nothing can drift onto them (and Swift would warn on every use).
#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED 1

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/err.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/ec.h>
#include <openssl/bn.h>
#include <openssl/rand.h>

#endif
