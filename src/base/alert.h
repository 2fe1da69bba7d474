// TLS alert descriptions: the public header tlskit/alert.h (this forwarder keeps the internal
// include path "base/alert.h" working).
#pragma once
#include "tlskit/alert.h"
