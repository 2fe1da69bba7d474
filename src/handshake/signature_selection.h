// Signature schemes: which we offer, which TLS 1.3 allows, and picking one for our key.
#pragma once
#include <optional>
#include <span>
#include <vector>

#include "crypto/provider.h"
#include "base/iana_registry.h"

namespace tlskit::handshake {

// Every scheme we implement, in our preference order (TLS 1.3 handshake schemes first,
// then PKCS#1 v1.5, which only TLS 1.2 handshakes and certificate signatures use).
std::span<const SignatureScheme> supported_signature_schemes();

// True for schemes RFC 8446 §4.2.3 allows in a TLS 1.3 CertificateVerify (no PKCS#1 v1.5,
// no SHA-1).
bool tls13_handshake_scheme(SignatureScheme s);

// True when a key of type t can produce scheme s (ECDSA: the matching curve; rsaEncryption:
// rsa_pss_rsae_* and rsa_pkcs1_*; RSASSA-PSS keys: rsa_pss_pss_*; Ed25519: ed25519).
bool scheme_fits_key(SignatureScheme s, crypto::KeyType t);

// The schemes we accept from the peer: configured ones (filtered to those we implement) or
// all we implement when configured is empty.
std::vector<SignatureScheme> accepted_schemes(std::span<const SignatureScheme> configured);

// The signature_algorithms list a client sends: accepted schemes, without PKCS#1 v1.5 unless
// TLS 1.2 may be negotiated.
std::vector<SignatureScheme> client_signature_algorithms(std::span<const SignatureScheme> configured,
                                                         bool offer_tls12);

// Picks the scheme to sign a TLS 1.3 CertificateVerify with key: the first of our preference
// order that the peer offered and the key supports. nullopt when there is none.
std::optional<SignatureScheme> choose_tls13_scheme(const crypto::PrivateKey& key,
                                                   std::span<const SignatureScheme> peer_offered);

}  // namespace tlskit::handshake
