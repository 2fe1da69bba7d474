// TLS 1.2 rules shared by the client and server states (RFC 5246, RFC 8422, RFC 7627,
// RFC 5746, RFC 8446 §4.1.3 / §4.2.1): version negotiation and the downgrade sentinel, suite,
// group and signature scheme selection, ServerKeyExchange and TLS 1.2 CertificateVerify
// signing/verification, extended master secret and renegotiation_info checks, and the
// refusal of renegotiation. Pure functions over parsed messages: no I/O, no state.
//
// tlskit's TLS 1.2 is ECDHE + AEAD only (six suites), extended master secret required,
// renegotiation refused, no compression (docs/tls12.md says why).
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/provider.h"
#include "crypto/registry.h"
#include "handshake/certificate_verify.h"
#include "tlskit/config.h"
#include "wire/msg_client_hello.h"
#include "wire/msg_server_hello.h"
#include "wire/msg_server_key_exchange.h"
#include "base/iana_registry.h"

namespace tlskit::handshake {

// ---- Suites -------------------------------------------------------------------------------

// The registry entry when s is one of our TLS 1.2 suites; nullptr otherwise (TLS 1.3 suites,
// CBC, RSA key transport, anything unknown).
const crypto::SuiteInfo* tls12_suite(CipherSuite s);

// True when a certificate key of type t can authenticate suite (RFC 8422 §2 / RFC 5246 §7.4.2:
// ECDHE_ECDSA needs an ECDSA or Ed25519 key, ECDHE_RSA an rsaEncryption key; RSASSA-PSS-only
// keys are not usable with ECDHE_RSA by older peers and are refused here as well).
bool tls12_suite_fits_key(const crypto::SuiteInfo& suite, crypto::KeyType t);

// ---- Versions -----------------------------------------------------------------------------

// The server's version choice for a ClientHello, within [min, max] of our config:
//  - RFC 8446 §4.2.1: with supported_versions, the highest version in it we accept (the
//    legacy_version is ignored); without, TLS 1.2 when legacy_version >= 0x0303.
//  - A client that offers only TLS 1.1 or older (SSL 3.0, TLS 1.0/1.1) -> protocol_version
//    (ErrorCode::protocol_version), with a detail naming the client's highest version.
//  - RFC 7507: TLS_FALLBACK_SCSV from a client whose highest version is below our max ->
//    inappropriate_fallback.
// Errors carry Party::peer, Step::client_hello; decode_error if supported_versions is malformed.
Result<ProtocolVersion> server_select_version(const ClientHello& ch, ProtocolVersion min,
                                              ProtocolVersion max);

// The client's check of the version a ServerHello selects. offered = the versions we put in
// the ClientHello ([min, max]). supported_versions must select TLS 1.3 and only if we offered
// it (RFC 8446 §4.2.1: illegal_parameter); without it legacy_version is the version, and one
// we did not offer -> protocol_version (e.g. "server chose TLS 1.0; we require TLS 1.2 or
// later"). Then applies check_downgrade_sentinel. Step::server_hello, Party::peer.
Result<ProtocolVersion> client_check_server_version(const ServerHello& sh, ProtocolVersion min,
                                                    ProtocolVersion max);

// RFC 8446 §4.1.3: a server able to do TLS 1.3 (server_max >= 1.3) that negotiates TLS 1.2
// writes "DOWNGRD\x01" into the last 8 bytes of ServerHello.random (and "DOWNGRD\x00" for
// TLS 1.1 or below, which tlskit never negotiates). Does nothing otherwise.
void set_downgrade_sentinel(std::array<uint8_t, kRandomSize>& server_random,
                            ProtocolVersion negotiated, ProtocolVersion server_max);

// RFC 8446 §4.1.3: a client able to do TLS 1.3 (client_max >= 1.3) that receives a ServerHello
// for TLS 1.2 or below MUST check that the last 8 bytes are neither sentinel, and a TLS 1.2
// client SHOULD check for the TLS 1.1 sentinel when TLS 1.1 or below is negotiated. A sentinel
// -> downgrade_detected, alert illegal_parameter, Step::server_hello.
Result<void> check_downgrade_sentinel(ByteView server_random, ProtocolVersion negotiated,
                                      ProtocolVersion client_max);

// ---- Signature schemes --------------------------------------------------------------------

// True when a key of type t can produce scheme s in TLS 1.2: as in TLS 1.3, except that an
// ECDSA scheme names only the hash (RFC 5246 §7.4.1.4.1), so any EC curve fits any ecdsa_*
// scheme, and rsa_pkcs1_* is allowed (RFC 8446 §4.2.3 keeps it for TLS 1.2).
bool tls12_scheme_fits_key(SignatureScheme s, crypto::KeyType t);

// The schemes we offer / accept in TLS 1.2 (configured or all we implement; never SHA-1).
std::vector<SignatureScheme> tls12_accepted_schemes(std::span<const SignatureScheme> configured);

// Picks the scheme to sign with key for a peer that offered peer_offered (its
// signature_algorithms or CertificateRequest list): the first of our preference order that the
// peer offered, the key supports and fits in TLS 1.2 (the scheme matching an EC key's curve is
// preferred). nullopt when none.
std::optional<SignatureScheme> choose_tls12_scheme(const crypto::PrivateKey& key,
                                                   std::span<const SignatureScheme> peer_offered);

// ---- Server: suite, certificate and group selection ---------------------------------------

// What the server chose for a full TLS 1.2 handshake.
struct Tls12Choice {
  const crypto::SuiteInfo* suite = nullptr;
  std::shared_ptr<const CertifiedKey> cert;
  SignatureScheme scheme{};  // signs ServerKeyExchange
};

// Picks suite, certificate and ServerKeyExchange scheme. Server preference: the first suite of
// `ours` (TLS 1.2 entries only) that the client offered and for which a certificate fits:
// key type per tls12_suite_fits_key; an EC key whose curve the client listed in
// supported_groups (RFC 8422 §5.1.1; any curve when the client sent no supported_groups);
// a scheme the client's signature_algorithms allows (client_schemes; nullopt = the client sent
// none, which RFC 5246 §7.4.1.4.1 defines as SHA-1 only, so nothing fits). The certificates
// are the candidates in preference order (certificate_selection.h: by server name, or the
// configured resolver's).
// Errors (Party::peer, Step::client_hello, alert handshake_failure): no_common_cipher (no
// shared suite, or shared suites but no certificate of their key type: the detail names both),
// no_common_signature; config_invalid when no certificate is configured.
Result<Tls12Choice> select_tls12_suite(std::span<const CipherSuite> client_suites,
                                       std::span<const CipherSuite> ours,
                                       std::span<const std::shared_ptr<const CertifiedKey>> certificates,
                                       const std::optional<std::vector<SignatureScheme>>& client_schemes,
                                       const std::optional<std::vector<NamedGroup>>& client_groups);

// Picks the ECDHE group: the first of `ours` the client listed and the provider supports.
// Without supported_groups (RFC 8422 §4: the client supports all curves), secp256r1 when we
// allow it, else our first group. Error: no_common_group, handshake_failure (RFC 8422 §5.1.1).
Result<NamedGroup> select_tls12_group(const std::optional<std::vector<NamedGroup>>& client_groups,
                                      std::span<const NamedGroup> ours,
                                      const crypto::Provider& provider);

// ---- ServerKeyExchange (RFC 8422 §5.4) ----------------------------------------------------

// Signs ClientHello.random + ServerHello.random + ServerECDHParams of ske with key, returning
// the signature. crypto_failure (Step::server_key_exchange) if signing fails.
Result<Bytes> sign_server_key_exchange(const crypto::PrivateKey& key, SignatureScheme scheme,
                                       ByteView client_random, ByteView server_random,
                                       const ServerKeyExchange& ske);

// Proof that a ServerKeyExchange was checked: group offered, scheme offered and fitting the
// server's key, signature verified. Only verify_server_key_exchange() makes one.
class ServerKeyExchangeVerified {
 public:
  NamedGroup group() const { return group_; }
  SignatureScheme scheme() const { return scheme_; }

 private:
  ServerKeyExchangeVerified(NamedGroup g, SignatureScheme s) : group_(g), scheme_(s) {}
  NamedGroup group_;
  SignatureScheme scheme_;
  friend Result<ServerKeyExchangeVerified> verify_server_key_exchange(
      const crypto::Provider&, const crypto::SuiteInfo&, ByteView, std::span<const NamedGroup>,
      std::span<const SignatureScheme>, ByteView, ByteView, const ServerKeyExchange&);
};

// Client side checks of a parsed ServerKeyExchange (Step::server_key_exchange, Party::peer):
//  - the group is one we offered (RFC 8422 §5.4) -> illegal_parameter;
//  - the point has the group's size and form (uncompressed 0x04 for NIST curves) ->
//    illegal_parameter (RFC 8422 §5.4 / §5.1.2);
//  - the scheme is one we offered (RFC 5246 §7.4.1.4.1) and fits the leaf key and the suite's
//    authentication -> illegal_parameter;
//  - the signature verifies with the leaf's SubjectPublicKeyInfo -> else bad_signature with
//    alert decrypt_error.
Result<ServerKeyExchangeVerified> verify_server_key_exchange(
    const crypto::Provider& provider, const crypto::SuiteInfo& suite, ByteView leaf_spki,
    std::span<const NamedGroup> offered_groups, std::span<const SignatureScheme> offered_schemes,
    ByteView client_random, ByteView server_random, const ServerKeyExchange& ske);

// ---- TLS 1.2 CertificateVerify (RFC 5246 §7.4.8) -------------------------------------------

// Signs handshake_messages (every handshake message so far, as sent) with key.
Result<Bytes> sign_certificate_verify12(const crypto::PrivateKey& key, SignatureScheme scheme,
                                        ByteView handshake_messages);

// Verifies a client's TLS 1.2 CertificateVerify (Step::client_certificate_verify): the scheme
// must be one we listed in CertificateRequest and fit the key (illegal_parameter); the
// signature must verify (bad_signature, alert decrypt_error). Success yields the proof.
Result<SignatureVerified> verify_certificate_verify12(const crypto::Provider& provider, SignatureScheme scheme,
                                         std::span<const SignatureScheme> offered,
                                         ByteView leaf_spki, ByteView handshake_messages,
                                         ByteView signature);

// ---- Extended master secret (RFC 7627) -----------------------------------------------------

// Server, full handshake: the client did not offer EMS and we require it -> insufficient_security
// with alert handshake_failure (RFC 7627 §5.2: "it MUST send a handshake_failure alert").
Result<void> server_check_ems(bool client_offered, bool required);

// Client: the ServerHello's extended_master_secret presence. Full handshake: absent while
// required -> insufficient_security / handshake_failure. Resumption (session_ems set): RFC 7627
// §5.3 - a session made with EMS resumed without it, or one made without EMS resumed with it
// -> handshake_failure.
Result<void> client_check_ems(bool server_sent, bool required, std::optional<bool> session_ems);

// ---- renegotiation_info (RFC 5746) --------------------------------------------------------

// Server, initial handshake (RFC 5746 §3.6): returns true when the client signalled secure
// renegotiation (TLS_EMPTY_RENEGOTIATION_INFO_SCSV or an empty renegotiation_info), in which
// case the ServerHello carries an empty renegotiation_info. A non-empty renegotiated_connection
// -> handshake_failure ("MUST abort the handshake"); malformed -> decode_error.
Result<bool> server_check_renegotiation_info(const ClientHello& ch);

// Client, initial handshake (RFC 5746 §3.4): a renegotiation_info in ServerHello must be
// empty (else handshake_failure). Without it the server does not support secure
// renegotiation; we abort with handshake_failure when `required` (tlskit's default, as
// OpenSSL 3), since such a server may splice an attacker's prefix into our connection.
Result<void> client_check_renegotiation_info(const ServerHello& sh, bool required);

// ---- After the handshake -------------------------------------------------------------------

// Bound on ignored HelloRequests before the connection is failed (a peer that keeps asking).
inline constexpr uint32_t kMaxHelloRequests = 16;

// What to do with a handshake message that arrives after a TLS 1.2 handshake completed.
enum class PostHandshake12 : uint8_t {
  // Send a warning no_renegotiation alert and otherwise ignore the message (RFC 5246 §7.2.2:
  // "no_renegotiation ... This message is always a warning").
  refuse_renegotiation,
};

// Classifies a post-handshake message: a client receiving HelloRequest, or a server receiving
// ClientHello -> refuse_renegotiation (we never renegotiate). Anything else -> unexpected_message
// (Step::post_handshake). More than kMaxHelloRequests refusals -> renegotiation_refused, fatal
// no_renegotiation. `refused_so_far` counts earlier refusals on this connection.
Result<PostHandshake12> tls12_post_handshake(bool is_server, HandshakeType t,
                                            uint32_t refused_so_far);

// RFC 5246 §7.4.1.1: a HelloRequest received by a client during a handshake is ignored (and
// not added to the transcript). Returns true when msg is such a message (a HelloRequest with
// an empty body). A HelloRequest with a body -> decode_error.
Result<bool> is_ignorable_hello_request(HandshakeType t, ByteView body);

}  // namespace tlskit::handshake
