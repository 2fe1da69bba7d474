/// @file
/// TLSKIT_API: marks the declarations that form tlskit's public ABI. A shared libtlskit is
/// built with -fvisibility=hidden, so only what carries this macro is exported; in a static
/// build it changes nothing.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define TLSKIT_API __attribute__((visibility("default")))
#else
#define TLSKIT_API
#endif
