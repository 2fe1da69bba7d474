// Key shares for probes: a well-formed public value of the right size for any group a probe
// offers, without the private key (no handshake is ever completed, so none is needed).
#pragma once
#include <cstddef>
#include <optional>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "base/rng.h"
#include "base/iana_registry.h"

namespace tlskit::probe {

// Size in bytes of a client key share for g (RFC 8446 §4.2.8.1/.2, RFC 7919 §3 (the size of
// p), draft-ietf-tls-ecdhe-mlkem, FIPS 203), or nullopt when the probe engine has no share
// format for g.
std::optional<size_t> key_share_size(NamedGroup g);

// Builds a client key share for g that a server accepts as a valid public value:
//  - secp256r1/384r1/521r1: the curve's generator point, uncompressed (a valid point, private
//    key 1; RFC 8446 §4.2.8.2 servers check the point is on the curve);
//  - x25519/x448: random bytes (every string is a valid public key, RFC 7748 §5);
//  - ffdhe2048..8192: the value 2, left-padded to the size of p (the generator: 1 < y < p-1,
//    RFC 7919 §5.1, and of order q);
//  - ML-KEM (alone or in a hybrid): an encapsulation key whose t-hat is all zeros (passes the
//    FIPS 203 §7.2 modulus check) and a random rho, joined to the classical part in the
//    draft-ietf-tls-ecdhe-mlkem order.
// Errors: config_invalid (Party::config, Step::client_hello) for a group without a format.
Result<Bytes> make_key_share(NamedGroup g, Rng& rng);

// Every group an "offer every group" probe lists for version v, in a sensible preference order.
// TLS 1.3: hybrids, X25519, NIST curves, X448, FFDHE, pure ML-KEM (all have a make_key_share
// format); TLS 1.2 and older: X25519, NIST and brainpool curves, X448, FFDHE (RFC 7919).
std::vector<NamedGroup> probe_groups(ProtocolVersion v);

// True for the RFC 7919 finite-field groups ffdhe2048..ffdhe8192.
bool is_ffdhe_group(NamedGroup g);

}  // namespace tlskit::probe
