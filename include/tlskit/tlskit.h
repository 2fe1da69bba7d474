/// @file
/// The whole public API of tlskit in one include: connections, configuration, events and
/// errors, certificate verification, resumption, names of protocol values, the version.
#pragma once

#include "tlskit/alert.h"
#include "tlskit/bytes.h"
#include "tlskit/certificate_resolver.h"
#include "tlskit/clock.h"
#include "tlskit/config.h"
#include "tlskit/connection.h"
#include "tlskit/events.h"
#include "tlskit/export.h"
#include "tlskit/result.h"
#include "tlskit/resumption.h"
#include "tlskit/rng.h"
#include "tlskit/session.h"
#include "tlskit/trust.h"
#include "tlskit/types.h"
#include "tlskit/verifier.h"
#include "tlskit/version.h"
