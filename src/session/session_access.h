// The internal side of the public tlskit::Session: its session state, for the handshake.
#pragma once

#include "session/session_state.h"
#include "tlskit/session.h"

namespace tlskit::session {

// The state inside a public Session (secrets, ticket, session ID), valid while s lives.
const ClientSession& client_session_of(const Session& s);

}  // namespace tlskit::session
