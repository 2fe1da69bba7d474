// The proofs a peer authenticated with a certificate carry from CertificateVerify to Connected:
// its chain went through check_peer_chain() and its CertificateVerify verified with the leaf's
// key (handshake/state_machine.h: proofs only the checks create).
#pragma once
#include "handshake/certificate_verify.h"
#include "handshake/peer_certificate.h"

namespace tlskit::handshake {

// A peer authenticated by its certificate (RFC 8446 §4.4.2, §4.4.3; RFC 5246 §7.4.8).
struct CertificateAuthenticated {
  ChainChecked chain;
  SignatureVerified signature;
};

}  // namespace tlskit::handshake
