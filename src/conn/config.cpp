// Config::validate: contradictions and impossible values, each with a specific detail.
#include <algorithm>

#include "crypto/registry.h"
#include "handshake/alpn.h"
#include "handshake/cert_compression.h"
#include "handshake/signature_selection.h"
#include "record/record_limits.h"
#include "tlskit/config.h"

namespace tlskit {
namespace {

Error invalid(std::string detail) {
  return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                    std::move(detail));
}

bool version_known(ProtocolVersion v) {
  return v == ProtocolVersion::tls1_2 || v == ProtocolVersion::tls1_3;
}

}  // namespace

Result<void> Config::validate(bool is_server) const {
  if (!version_known(min_version) || !version_known(max_version))
    return invalid("only TLS 1.2 and TLS 1.3 are supported (min_version " +
                   version_name(min_version) + ", max_version " + version_name(max_version) + ")");
  if (static_cast<uint16_t>(min_version) > static_cast<uint16_t>(max_version))
    return invalid("min_version " + version_name(min_version) + " is above max_version " +
                   version_name(max_version));
  if (cipher_suites.empty()) return invalid("no cipher suites are enabled");
  bool any_in_range = false;
  for (CipherSuite s : cipher_suites) {
    const auto* info = crypto::find_suite(s);
    if (!info)
      return invalid("cipher suite " + cipher_suite_name(s) + " is not implemented by tlskit");
    auto v = static_cast<uint16_t>(info->version);
    if (v >= static_cast<uint16_t>(min_version) && v <= static_cast<uint16_t>(max_version))
      any_in_range = true;
  }
  if (!any_in_range)
    return invalid("none of the enabled cipher suites belongs to the enabled versions (" +
                   version_name(min_version) + " to " + version_name(max_version) + ")");
  if (groups.empty()) return invalid("no key exchange groups are enabled");
  const crypto::Provider& p = provider ? *provider : crypto::default_provider();
  for (NamedGroup g : groups)
    if (!p.supports_group(g))
      return invalid("key exchange group " + group_name(g) +
                     " is not supported by the crypto provider");
  for (size_t i = 0; i < groups.size(); ++i)
    for (size_t j = i + 1; j < groups.size(); ++j)
      if (groups[i] == groups[j]) return invalid("group " + group_name(groups[i]) + " is listed twice");
  if (!is_server && key_share_count > groups.size())
    return invalid("key_share_count must be 0 (automatic) or between 1 and the number of groups (" +
                   std::to_string(groups.size()) + "), not " + std::to_string(key_share_count));
  if (!signature_schemes.empty() && handshake::accepted_schemes(signature_schemes).empty())
    return invalid("none of the configured signature schemes is implemented by tlskit");
  for (const auto& a : alpn)
    if (a.empty() || a.size() > handshake::kMaxAlpnNameSize)
      return invalid("ALPN protocol names must be 1 to 255 bytes long ('" + a + "')");
  if (max_fragment == 0 || max_fragment > record::kMaxPlaintext)
    return invalid("max_fragment must be between 1 and 16384, not " + std::to_string(max_fragment));
  if (record_size_limit != 0 && (record_size_limit < 64 || record_size_limit > 16385))
    return invalid("record_size_limit must be 0 (not announced) or between 64 and 16385 "
                   "(RFC 8449), not " + std::to_string(record_size_limit));
  for (size_t i = 0; i < certificate_compression.size(); ++i) {
    const CertCompressionAlgorithm a = certificate_compression[i];
    if (!handshake::cert_compression_implemented(a))
      return invalid("certificate compression algorithm " + cert_compression_name(a) +
                     " is not implemented by tlskit (zlib, brotli, zstd are)");
    for (size_t j = i + 1; j < certificate_compression.size(); ++j)
      if (certificate_compression[j] == a)
        return invalid("certificate compression algorithm " + cert_compression_name(a) +
                       " is listed twice");
  }
  // RFC 8879 §3: algorithms<2..2^8-2> holds at most 127 algorithms.
  if (certificate_compression.size() > 127)
    return invalid("at most 127 certificate compression algorithms can be offered");
  // RFC 8879 §4: uncompressed_length is a uint24.
  if (max_decompressed_certificate == 0 || max_decompressed_certificate > (size_t{1} << 24) - 1)
    return invalid("max_decompressed_certificate must be between 1 and 16777215 (2^24-1) bytes, "
                   "not " + std::to_string(max_decompressed_certificate));
  if (key_update_after_records == 0) return invalid("key_update_after_records must be at least 1");
  // RFC 8446 §4.6.1: lifetimes over 7 days are not allowed (we apply it to TLS 1.2 as well).
  for (const ExternalPsk& p : external_psks) {
    if (p.identity.empty() || p.identity.size() > 0xFFFF)
      return invalid("an external PSK identity must be 1..65535 bytes");
    // RFC 9257 §6: external PSKs must have high entropy.
    if (p.key.size() < 16 || p.key.size() > 64)
      return invalid("external PSK '" + std::string(p.identity.begin(), p.identity.end()) +
                     "' has a " + std::to_string(p.key.size()) +
                     "-byte key; use 16 to 64 random bytes");
  }
  if (tls13_stateful_tickets && !session_cache)
    return invalid("tls13_stateful_tickets needs a session_cache to keep the sessions in");
  // RFC 8446 §4.2.10: 0-RTT needs tickets to carry max_early_data.
  if (max_early_data_size > 0 && !ticket_keys && !(tls13_stateful_tickets && session_cache))
    return invalid("max_early_data_size is set but the server issues no tickets (set ticket_keys "
                   "or stateful tickets): 0-RTT resumes a ticket");
  if (max_early_data_size > 0 && tls13_tickets == 0)
    return invalid("max_early_data_size is set but tls13_tickets is 0: 0-RTT resumes a ticket");
  if (tls13_tickets > 16)
    return invalid("tls13_tickets must be at most 16, not " + std::to_string(tls13_tickets));
  if (session_lifetime > 604800)
    return invalid("session_lifetime must be at most 604800 seconds (7 days), not " +
                   std::to_string(session_lifetime));

  if (is_server) {
    if (certificates.empty() && !certificate_resolver)
      return invalid("a server needs at least one certificate (or a certificate_resolver)");
    for (size_t i = 0; i < certificates.size(); ++i) {
      const auto& c = certificates[i];
      if (!c || !c->key || c->chain.empty())
        return invalid("certificate " + std::to_string(i) + " has no chain or no private key");
    }
    if (client_auth != ClientAuth::none && !verifier)
      return invalid("client_auth is set but no verifier for client certificates was given");
  } else {
    if (verify_peer && !verifier)
      return invalid("verify_peer is on but no certificate verifier was given (set "
                     "Config::verifier, or verify_peer = false to skip verification)");
    if (server_name.size() > 253) return invalid("server_name is longer than 253 bytes");
    if (client_certificate && (!client_certificate->key || client_certificate->chain.empty()))
      return invalid("client_certificate has no chain or no private key");
  }
  return ok();
}

}  // namespace tlskit
