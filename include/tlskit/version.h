/// @file
/// The version of the tlskit headers, and tlskit::version(), the version of the library linked.
/// The numbers here are the one source of the project version (CMakeLists.txt reads them).
/// Compatibility rules per version number: docs/api-stability.md.
#pragma once

#include "tlskit/export.h"

/// Major version: changes when the public API or ABI changes incompatibly.
#define TLSKIT_VERSION_MAJOR 0
/// Minor version: new public API, compatible with earlier releases of the same major version.
#define TLSKIT_VERSION_MINOR 1
/// Patch version: fixes only.
#define TLSKIT_VERSION_PATCH 0
/// The version as text, "MAJOR.MINOR.PATCH".
#define TLSKIT_VERSION_STRING "0.1.0"

namespace tlskit {

/// Returns the version of the library actually linked ("0.1.0"), which may differ from the
/// TLSKIT_VERSION_STRING of the headers a program was compiled with.
TLSKIT_API const char* version();

}  // namespace tlskit
