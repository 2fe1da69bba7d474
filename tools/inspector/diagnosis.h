// The diagnosis: from the library's structured Error, the X.509 verdict, the certificates and the
// follow-up probes to one cause id, the step, who is at fault, an explanation and a fix.
// Never parses text produced by the library or by the tool.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inspector/report.h"

namespace tlskit::tools {

// Every cause the diagnosis can name, in documentation order (docs/json-schema.md). Their ids
// are stable: new ones may be added, none is ever renamed.
enum class Cause : uint8_t {
  none,
  protocol_version_mismatch,
  no_common_cipher,
  no_common_group,
  no_common_signature,
  no_common_alpn,
  unrecognized_name,
  certificate_expired,
  certificate_not_yet_valid,
  hostname_mismatch,
  missing_intermediate,
  untrusted_root,
  self_signed,
  wrong_purpose,
  bad_signature,
  revoked,
  certificate_invalid,
  no_trust_store,
  client_certificate_required,
  client_certificate_rejected,
  peer_alert,
  not_tls,
  protocol_error,
  downgrade_detected,
  connection_refused,
  timeout,
  connection_reset,
  config_error,
  internal_error,
  large_client_hello_dropped,
};
// Number of Cause values.
inline constexpr size_t kCauseCount = static_cast<size_t>(Cause::large_client_hello_dropped) + 1;

// The stable id of a cause ("missing_intermediate").
const char* cause_id(Cause c);
// The cause with this id, if any.
std::optional<Cause> cause_from_id(std::string_view id);

// Every cause id, in Cause order.
const std::vector<std::string>& all_cause_ids();

// The diagnosis is an ordered table of rules, each a test on the facts (the report, its error,
// the probes) and a builder: the first rule whose test holds builds the diagnosis. Their names,
// in order (for docs and tests).
std::vector<std::string> diagnosis_rule_names();

// What kind of follow-up probes would tell the causes of a failure apart.
enum class ProbeNeed : uint8_t {
  none,         // the first handshake says enough
  versions,     // which TLS versions the server speaks
  negotiation,  // versions, cipher suites and groups the server accepts
  // The ClientHello carried a post-quantum key share and got no answer at all: does the same
  // offer without it get one (a middlebox that drops large ClientHellos)? For a reset or a
  // close, the negotiation probes follow when it does not.
  post_quantum,
};

// True when the report's ClientHello offered a hybrid post-quantum key share (X25519MLKEM768).
bool offered_post_quantum_share(const Report& report);

// Size in bytes of the first ClientHello the report's client sent (0 if none was recorded).
size_t first_client_hello_size(const Report& report);

// Decides whether (and which) probes would sharpen the diagnosis of report.
ProbeNeed probes_needed(const Report& report);

// Builds the diagnosis of report (error, info.peer_verify, chain, probes, settings).
// report.started_unix is "now" for certificate date arithmetic.
Diagnosis diagnose(const Report& report);

// Maps an X.509 verify result (OpenSSL code and the x509 module's cause id) to a cause id:
// certificate_expired, certificate_not_yet_valid, hostname_mismatch, missing_intermediate,
// untrusted_root, self_signed, wrong_purpose, bad_signature, revoked, or certificate_invalid.
std::string verify_cause_id(const CertVerifyResult& v, const std::vector<CertSummary>& chain);

// Renders lists the way the explanations do: "TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384".
std::string join_suites(const std::vector<CipherSuite>& v);
std::string join_groups(const std::vector<NamedGroup>& v);
std::string join_versions(const std::vector<ProtocolVersion>& v);

}  // namespace tlskit::tools
