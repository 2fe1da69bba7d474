// Sealing and opening one ticket with one ticket key (the layout documented in
// session/ticket_keys.h: key name || nonce || AES-256-GCM(state) || tag). Shared by the local
// key ring and the ring fed by a TicketKeySource.
#pragma once
#include <array>
#include <optional>

#include "base/bytes.h"
#include "base/result.h"
#include "base/rng.h"
#include "crypto/provider.h"
#include "session/ticket_keys.h"

namespace tlskit::session {

// Encrypts plaintext into a ticket under key `name` with a random nonce from rng. Fails with
// limit_exceeded when the ticket would exceed kMaxTicketSize, or with the AEAD's error.
Result<Bytes> seal_ticket(crypto::Aead& aead, const std::array<uint8_t, kTicketKeyNameSize>& name,
                          ByteView plaintext, Rng& rng);

// True when ticket has a plausible size (at least the overhead, at most kMaxTicketSize).
bool ticket_size_ok(ByteView ticket);

// True when the ticket names this key (its first kTicketKeyNameSize bytes); ticket_size_ok first.
bool ticket_names(ByteView ticket, const std::array<uint8_t, kTicketKeyNameSize>& name);

// Authenticates and decrypts a ticket that ticket_names() this key. nullopt when it fails.
std::optional<SecretBytes> open_ticket(crypto::Aead& aead, ByteView ticket);

}  // namespace tlskit::session
