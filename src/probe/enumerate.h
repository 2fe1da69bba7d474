// Enumeration strategies on top of the probe engine: which protocol versions a server speaks,
// its cipher suites per version (in few connections: offer everything, remove what it chose,
// repeat) and whether it imposes its own order, its groups and their order, its signature
// schemes. Pure logic over a BatchRunner (no I/O here); every loop is bounded by the size of
// what is offered and by EnumerationLimits.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "probe/probe_request.h"

namespace tlskit::probe {

// Bounds of one enumeration.
struct EnumerationLimits {
  size_t max_connections = 800;      // probes in one enumerate_* call, retries not counted
  size_t max_suites_per_version = 0;  // stop after this many suites per version (0: all)
};

// The protocols a probe can ask for, oldest first.
std::vector<ProtocolVersion> probe_versions();

// Every signature scheme a probe offers, in a common preference order.
std::vector<SignatureScheme> probe_signature_schemes();

// "Offer everything" for version v: every registered suite usable in v, every group of
// probe_groups(v), every signature scheme (TLS 1.2+), key shares for X25519 and P-256 (TLS 1.3;
// any other group is reached by a HelloRetryRequest), and SNI server_name when not empty.
HelloSpec full_offer(ProtocolVersion v, const std::string& server_name);

// The group an answer names: the TLS 1.3 key_share or HelloRetryRequest group, else the
// ServerKeyExchange's ECDHE curve or RFC 7919 prime; nullopt when none.
std::optional<NamedGroup> answer_group(const ProbeOutcome& o);

// The result of one version probe.
struct VersionProbe {
  ProtocolVersion version{};
  bool supported = false;  // the server answered with a ServerHello of exactly this version
  ProbeOutcome outcome;
};

// Protocol support: SSLv2 and SSL 3.0 .. TLS 1.3.
struct ProtocolSupport {
  bool sslv2 = false;
  std::vector<uint32_t> sslv2_ciphers;  // the SERVER-HELLO's cipher kinds
  std::optional<ProbeOutcome> sslv2_outcome;
  std::vector<VersionProbe> versions;   // oldest first
  // The versions supported, oldest first.
  std::vector<ProtocolVersion> supported() const;
};

// One batch: an SSLv2 CLIENT-HELLO (when with_sslv2) and a full_offer hello per version.
ProtocolSupport probe_protocols(const BatchRunner& run, const std::string& server_name,
                                const std::vector<ProtocolVersion>& versions, bool with_sslv2);

// A suite the server accepted, with what its answer said about the key exchange.
struct AcceptedSuite {
  CipherSuite suite{};
  std::optional<NamedGroup> group;              // TLS 1.3 key_share / HRR group, or the ECDHE curve
  std::optional<KeyExchangeParams> key_exchange; // TLS <= 1.2 ServerKeyExchange
};

// The suites one version accepts.
struct SuiteList {
  ProtocolVersion version{};
  std::vector<AcceptedSuite> suites;  // in the server's order when server_order is true
  std::optional<bool> server_order;   // null: fewer than two suites (no order to tell)
  bool complete = true;               // false: a limit or a server anomaly stopped it
  std::string note;                   // why it is incomplete
  size_t probes = 0;                  // probes used
};

// Enumerates the suites of each version. TLS 1.2 and older: offer every suite the version
// allows, remove the one chosen, repeat until refused (lock-step, one batch per round across
// versions); then offer what was found in reverse: the same first choice means the server
// imposes its order (and the elimination found it), another one that it follows the client's.
// TLS 1.3: each registered TLS 1.3 suite alone (one batch), then, for two or more, the same
// reverse test and an elimination among them when the server has an order.
std::vector<SuiteList> enumerate_suites(const BatchRunner& run, const std::string& server_name,
                                        const std::vector<ProtocolVersion>& versions,
                                        const EnumerationLimits& limits = {});

// The groups of one version.
struct GroupList {
  ProtocolVersion version{};
  std::vector<NamedGroup> groups;    // accepted; in the server's order when server_order is true
  std::optional<bool> server_order;  // null: fewer than two groups, or no way to tell
  // TLS 1.2: the server's DHE parameters when offered DHE suites with no RFC 7919 group it
  // honours (OpenSSL and most servers pick their own prime): "2048-bit ffdhe2048 (RFC 7919)".
  std::optional<KeyExchangeParams> dhe_params;
  size_t probes = 0;
};

// Enumerates groups. TLS 1.3: each group of probe_groups alone with its key share (one batch);
// for two or more, all of them with no key share, so HelloRetryRequests name the server's pick,
// in both orders, then elimination when it has an order. TLS 1.2: `suites` (those the version
// accepted) restricted to ECDHE with one curve at a time (the ServerKeyExchange names the
// curve), and the DHE ones with one FFDHE group at a time (RFC 7919 §4).
GroupList enumerate_groups(const BatchRunner& run, const std::string& server_name,
                           ProtocolVersion version, const std::vector<CipherSuite>& suites);

// The signature schemes of one version.
struct SchemeList {
  ProtocolVersion version{};
  std::vector<SignatureScheme> schemes;  // TLS 1.2: in the order the server chose them
  size_t probes = 0;
};

// Enumerates signature schemes. TLS 1.2: with `suites` restricted to signed (EC)DHE, offer every
// scheme, remove the one the ServerKeyExchange used, repeat. TLS 1.3 (the choice is encrypted):
// each scheme alone, accepted when the server sends its ServerHello (one batch).
SchemeList enumerate_signature_schemes(const BatchRunner& run, const std::string& server_name,
                                       ProtocolVersion version,
                                       const std::vector<CipherSuite>& suites);

}  // namespace tlskit::probe
