// Clock interface, injectable so certificate checks, tickets and traces are reproducible.
// (public: tlskit/clock.h; this forwarder keeps the internal include "base/clock.h").
#pragma once
#include "tlskit/clock.h"
