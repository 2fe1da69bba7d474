// Random number source interface, injectable so tests and known-answer traces are deterministic.
// (public: tlskit/rng.h; this forwarder keeps the internal include "base/rng.h").
#pragma once
#include "tlskit/rng.h"
