#ifndef TRENT_CSODIUM_SHIM_H
#define TRENT_CSODIUM_SHIM_H

#include <sodium.h>

#endif
