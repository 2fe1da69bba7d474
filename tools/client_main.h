// The client's main routine, shared by `tlskit client` and `tlskit s_client`.
#pragma once
#include "cli/client_options.h"

namespace tlskit::tools {

// Connects, runs and records the handshake, prints the report (text, ladder or JSON), relays
// stdin/stdout when asked, and returns the exit code (tools/commands.h).
int run_client_options(ClientOptions& options);

}  // namespace tlskit::tools
