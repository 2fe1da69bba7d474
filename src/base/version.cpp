// tlskit::version(): the version the library was built as (include/tlskit/version.h).
#include "tlskit/version.h"

namespace tlskit {

const char* version() { return TLSKIT_VERSION_STRING; }

}  // namespace tlskit
