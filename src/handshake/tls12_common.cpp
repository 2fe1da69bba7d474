// TLS 1.2 shared rules: versions, downgrade sentinel, selection, signatures, EMS, RI.
#include "handshake/tls12_common.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "handshake/name_list.h"
#include "handshake/signature_selection.h"
#include "handshake/spki_extract.h"
#include "wire/ext_renegotiation_info.h"
#include "wire/ext_supported_versions.h"

namespace tlskit::handshake {
namespace {

using crypto::KeyType;

Error peer_error(ErrorCode c, Alert a, Step s, std::string detail) {
  return make_error(c, a, Party::peer, s, std::move(detail));
}

std::string version_text(uint16_t v) {
  switch (v) {
    case 0x0300: return "SSL 3.0";
    case 0x0301: return "TLS 1.0";
    case 0x0302: return "TLS 1.1";
    case 0x0303: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
    default: {
      char buf[16];
      std::snprintf(buf, sizeof buf, "0x%04x", v);
      return buf;
    }
  }
}

std::string version_range_text(ProtocolVersion min, ProtocolVersion max) {
  if (min == max) return version_text(static_cast<uint16_t>(min)) + " only";
  return version_text(static_cast<uint16_t>(min)) + " to " +
         version_text(static_cast<uint16_t>(max));
}

bool in_range(uint16_t v, ProtocolVersion min, ProtocolVersion max) {
  return v >= static_cast<uint16_t>(min) && v <= static_cast<uint16_t>(max);
}

bool contains(std::span<const CipherSuite> list, CipherSuite s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

template <typename T>
bool contains_v(std::span<const T> list, T v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string suites_text(std::span<const CipherSuite> list) {
  return name_list(list, [](CipherSuite x) { return cipher_suite_name(x); });
}

std::string schemes_text(std::span<const SignatureScheme> list) {
  return name_list(list, [](SignatureScheme x) { return signature_scheme_name(x); });
}

// The named group of an EC key type, if it is one.
std::optional<NamedGroup> curve_group(KeyType t) {
  switch (t) {
    case KeyType::ec_p256: return NamedGroup::secp256r1;
    case KeyType::ec_p384: return NamedGroup::secp384r1;
    case KeyType::ec_p521: return NamedGroup::secp521r1;
    default: return std::nullopt;
  }
}

bool is_ecdsa_scheme(SignatureScheme s) {
  return s == SignatureScheme::ecdsa_secp256r1_sha256 ||
         s == SignatureScheme::ecdsa_secp384r1_sha384 ||
         s == SignatureScheme::ecdsa_secp521r1_sha512;
}

const char* auth_text(crypto::SuiteAuth a) {
  switch (a) {
    case crypto::SuiteAuth::ecdsa: return "ECDSA";
    case crypto::SuiteAuth::rsa: return "RSA";
    default: return "any";
  }
}

}  // namespace

// ---- Suites -------------------------------------------------------------------------------

const crypto::SuiteInfo* tls12_suite(CipherSuite s) {
  const crypto::SuiteInfo* i = crypto::find_suite(s);
  return (i && i->version == ProtocolVersion::tls1_2) ? i : nullptr;
}

bool tls12_suite_fits_key(const crypto::SuiteInfo& suite, KeyType t) {
  switch (suite.auth) {
    case crypto::SuiteAuth::ecdsa:
      return t == KeyType::ec_p256 || t == KeyType::ec_p384 || t == KeyType::ec_p521 ||
             t == KeyType::ed25519;
    case crypto::SuiteAuth::rsa:
      return t == KeyType::rsa;
    case crypto::SuiteAuth::any:
      return false;
  }
  return false;
}

// ---- Versions -----------------------------------------------------------------------------

Result<ProtocolVersion> server_select_version(const ClientHello& ch, ProtocolVersion min,
                                              ProtocolVersion max) {
  // RFC 8446 §D.5: a ClientHello.legacy_version of 0x0300 (SSL 3.0) or less → protocol_version,
  // whatever supported_versions says.
  if (ch.legacy_version <= 0x0300)
    return peer_error(ErrorCode::protocol_version, Alert::protocol_version, Step::client_hello,
                      "the ClientHello's legacy_version is " + version_text(ch.legacy_version) +
                          "; RFC 8446 §D.5 requires aborting on 0x0300 (SSL 3.0) or less");
  uint16_t client_max = 0;
  std::optional<ProtocolVersion> chosen;
  if (const Extension* e = ch.extensions.find(ExtensionType::supported_versions)) {
    // RFC 8446 §4.2.1: "If this extension is present in the ClientHello, servers MUST NOT use
    // the ClientHello.legacy_version value for version negotiation and MUST use only the
    // "supported_versions" extension to determine client preferences."
    TK_ASSIGN(SupportedVersionsClient sv, parse_supported_versions_client(e->body()));
    for (ProtocolVersion v : sv.versions) {
      uint16_t n = static_cast<uint16_t>(v);
      if (is_grease(n) || (n >> 8) != 0x03) continue;
      client_max = std::max(client_max, n);
      if (in_range(n, min, max) && (!chosen || n > static_cast<uint16_t>(*chosen)))
        chosen = v;
    }
  } else {
    // RFC 8446 §4.2.1: without the extension, a server that supports TLS 1.2 MUST negotiate
    // TLS 1.2 or prior, even if legacy_version is 0x0304 or later.
    client_max = std::min<uint16_t>(ch.legacy_version, 0x0303);
    if (ch.legacy_version >= 0x0303 && in_range(0x0303, min, max))
      chosen = ProtocolVersion::tls1_2;
  }
  // RFC 7507 §3: TLS_FALLBACK_SCSV with a highest version below ours is a downgrade retry,
  // whether or not we could speak the client's version (checked before version agreement).
  if (client_hello_has_scsv(ch, CipherSuite::TLS_FALLBACK_SCSV) &&
      client_max < static_cast<uint16_t>(max))
    return peer_error(ErrorCode::protocol_version, Alert::inappropriate_fallback,
                      Step::client_hello,
                      "the client sent TLS_FALLBACK_SCSV offering at most " +
                          version_text(client_max) + " while we support " +
                          version_text(static_cast<uint16_t>(max)) +
                          ": a fallback retry an attacker may have caused (RFC 7507)");
  if (!chosen) {
    std::string detail;
    if (client_max != 0 && client_max < 0x0303)
      detail = "the client offered at most " + version_text(client_max) +
               "; tlskit never negotiates SSL 3.0, TLS 1.0 or TLS 1.1 (we accept " +
               version_range_text(min, max) + ")";
    else
      detail = "the client offered at most " +
               (client_max ? version_text(client_max) : std::string("no known version")) +
               "; we accept " + version_range_text(min, max);
    return peer_error(ErrorCode::protocol_version, Alert::protocol_version, Step::client_hello,
                      detail);
  }
  return *chosen;
}

Result<ProtocolVersion> client_check_server_version(const ServerHello& sh, ProtocolVersion min,
                                                    ProtocolVersion max) {
  ProtocolVersion v;
  if (const Extension* e = sh.extensions.find(ExtensionType::supported_versions)) {
    TK_ASSIGN(SupportedVersionsServer sv, parse_supported_versions_server(e->body()));
    // RFC 8446 §4.2.1: a version we did not offer, or one below TLS 1.3, in supported_versions
    // -> illegal_parameter.
    uint16_t n = static_cast<uint16_t>(sv.selected);
    if (n < 0x0304 || !in_range(n, min, max))
      return peer_error(ErrorCode::illegal_parameter, Alert::illegal_parameter,
                        Step::server_hello,
                        "the server selected " + version_text(n) +
                            " in supported_versions, which we did not offer (we offered " +
                            version_range_text(min, max) + ")");
    v = sv.selected;
  } else {
    uint16_t n = sh.legacy_version;
    // Without supported_versions, only TLS 1.2 or older can be negotiated (RFC 8446 §4.1.3).
    if (n > 0x0303 || !in_range(n, min, max)) {
      std::string detail = "the server chose " + version_text(n) + "; we offered " +
                           version_range_text(min, max);
      if (n < 0x0303) detail += " (tlskit never negotiates SSL 3.0, TLS 1.0 or TLS 1.1)";
      if (n == 0x0303 && static_cast<uint16_t>(min) > 0x0303)
        detail += " (the server does not support TLS 1.3, or something removed our "
                  "supported_versions extension)";
      return peer_error(ErrorCode::protocol_version, Alert::protocol_version, Step::server_hello,
                        detail);
    }
    v = static_cast<ProtocolVersion>(n);
  }
  TK_TRY(check_downgrade_sentinel(sh.random, v, max));
  return v;
}

void set_downgrade_sentinel(std::array<uint8_t, kRandomSize>& server_random,
                            ProtocolVersion negotiated, ProtocolVersion server_max) {
  if (static_cast<uint16_t>(server_max) < 0x0304) return;
  uint16_t n = static_cast<uint16_t>(negotiated);
  if (n >= 0x0304) return;
  // RFC 8446 §4.1.3: the last 8 bytes are DOWNGRD 01 (TLS 1.2) or DOWNGRD 00 (below).
  const auto& s = n == 0x0303 ? kDowngradeSentinelTls12 : kDowngradeSentinelTls11;
  std::memcpy(server_random.data() + kRandomSize - s.size(), s.data(), s.size());
}

Result<void> check_downgrade_sentinel(ByteView server_random, ProtocolVersion negotiated,
                                      ProtocolVersion client_max) {
  uint16_t n = static_cast<uint16_t>(negotiated);
  if (n >= 0x0304 || server_random.size() != kRandomSize) return ok();
  ByteView tail = server_random.last(8);
  bool s12 = std::equal(tail.begin(), tail.end(), kDowngradeSentinelTls12.begin());
  bool s11 = std::equal(tail.begin(), tail.end(), kDowngradeSentinelTls11.begin());
  bool client13 = static_cast<uint16_t>(client_max) >= 0x0304;
  // RFC 8446 §4.1.3: "TLS 1.3 clients receiving a ServerHello indicating TLS 1.2 or below MUST
  // check that the last 8 bytes are not equal to either of these values. TLS 1.2 clients SHOULD
  // also check that the last 8 bytes are not equal to the second value if the ServerHello
  // indicates TLS 1.1 or below. If a match is found, the client MUST abort the handshake with
  // an "illegal_parameter" alert."
  if ((client13 && (s12 || s11)) || (n < 0x0303 && s11))
    return peer_error(ErrorCode::downgrade_detected, Alert::illegal_parameter, Step::server_hello,
                      std::string("the server chose ") + version_text(n) +
                          " but its random ends with the downgrade sentinel \"DOWNGRD\\x0" +
                          (s12 ? "1" : "0") +
                          "\": it supports TLS 1.3, so something between us removed TLS 1.3 "
                          "from our ClientHello (RFC 8446 §4.1.3)");
  return ok();
}

// ---- Signature schemes --------------------------------------------------------------------

bool tls12_scheme_fits_key(SignatureScheme s, KeyType t) {
  if (is_ecdsa_scheme(s)) return t == KeyType::ec_p256 || t == KeyType::ec_p384 || t == KeyType::ec_p521;
  return scheme_fits_key(s, t);
}

std::vector<SignatureScheme> tls12_accepted_schemes(std::span<const SignatureScheme> configured) {
  // client_signature_algorithms(..., true) drops SHA-1 and keeps PKCS#1 v1.5 for TLS 1.2.
  auto all = client_signature_algorithms(configured, true);
  std::erase_if(all, [](SignatureScheme s) {
    return s == SignatureScheme::rsa_pkcs1_sha1 || s == SignatureScheme::ecdsa_sha1;
  });
  return all;
}

std::optional<SignatureScheme> choose_tls12_scheme(const crypto::PrivateKey& key,
                                                   std::span<const SignatureScheme> peer_offered) {
  KeyType t = key.type();
  auto usable = [&](SignatureScheme s) {
    return s != SignatureScheme::rsa_pkcs1_sha1 && s != SignatureScheme::ecdsa_sha1 &&
           tls12_scheme_fits_key(s, t) && key.supports(s) && contains_v(peer_offered, s);
  };
  // The scheme bound to the key's own curve first (what TLS 1.3 would use, and what every
  // peer verifies), then our preference order.
  for (SignatureScheme s : supported_signature_schemes())
    if (scheme_fits_key(s, t) && usable(s)) return s;
  for (SignatureScheme s : supported_signature_schemes())
    if (usable(s)) return s;
  return std::nullopt;
}

// ---- Server selection ---------------------------------------------------------------------

Result<Tls12Choice> select_tls12_suite(
    std::span<const CipherSuite> client_suites, std::span<const CipherSuite> ours,
    std::span<const std::shared_ptr<const CertifiedKey>> certificates,
    const std::optional<std::vector<SignatureScheme>>& client_schemes,
    const std::optional<std::vector<NamedGroup>>& client_groups) {
  if (certificates.empty())
    return make_error(ErrorCode::config_invalid, Alert::internal_error, Party::config,
                      Step::server_certificate, "the server has no certificate configured");
  std::vector<CipherSuite> shared;
  for (CipherSuite s : ours)
    if (tls12_suite(s) && contains(client_suites, s)) shared.push_back(s);
  if (shared.empty()) {
    std::vector<CipherSuite> our12;
    for (CipherSuite s : ours)
      if (tls12_suite(s)) our12.push_back(s);
    return peer_error(ErrorCode::no_common_cipher, Alert::handshake_failure, Step::client_hello,
                      "no TLS 1.2 cipher suite in common: the client offered [" +
                          suites_text(client_suites) + "]; we allow [" + suites_text(our12) +
                          "] (ECDHE with AES-GCM or ChaCha20-Poly1305 only: no CBC, no RSA key "
                          "exchange)");
  }
  std::vector<SignatureScheme> peer_schemes;
  if (client_schemes) peer_schemes = *client_schemes;

  bool key_type_found = false;  // a certificate of a shared suite's key type exists
  for (CipherSuite s : shared) {
    const crypto::SuiteInfo& info = *tls12_suite(s);
    for (const auto& ck : certificates) {
      if (!ck || !ck->key || ck->chain.empty()) continue;
      KeyType t = ck->key->type();
      if (!tls12_suite_fits_key(info, t)) continue;
      // RFC 8422 §5.1.1: an ECDSA certificate's curve must be one the client supports.
      if (auto g = curve_group(t); g && client_groups && !contains_v<NamedGroup>(*client_groups, *g))
        continue;
      key_type_found = true;
      if (auto scheme = choose_tls12_scheme(*ck->key, peer_schemes))
        return Tls12Choice{&info, ck, *scheme};
    }
  }
  std::string keys;
  for (const auto& ck : certificates) {
    if (!ck || !ck->key) continue;
    if (!keys.empty()) keys += ", ";
    keys += crypto::key_type_name(ck->key->type());
  }
  if (!key_type_found) {
    std::string auths;
    for (CipherSuite s : shared) {
      std::string a = auth_text(tls12_suite(s)->auth);
      if (auths.find(a) == std::string::npos) auths += (auths.empty() ? "" : " or ") + a;
    }
    return peer_error(ErrorCode::no_common_cipher, Alert::handshake_failure, Step::client_hello,
                      "the client's TLS 1.2 suites in common with ours [" + suites_text(shared) +
                          "] need an " + auths + " certificate (on a curve the client "
                          "supports), and ours hold " + keys + " keys");
  }
  if (!client_schemes)
    return peer_error(ErrorCode::no_common_signature, Alert::handshake_failure,
                      Step::client_hello,
                      "the client sent no signature_algorithms, which in TLS 1.2 means SHA-1 "
                      "signatures only (RFC 5246 §7.4.1.4.1); we never sign with SHA-1");
  return peer_error(ErrorCode::no_common_signature, Alert::handshake_failure, Step::client_hello,
                    "the client accepts only signature schemes [" + schemes_text(peer_schemes) +
                        "] and our certificate keys (" + keys + ") can sign none of them");
}

Result<NamedGroup> select_tls12_group(const std::optional<std::vector<NamedGroup>>& client_groups,
                                      std::span<const NamedGroup> ours,
                                      const crypto::Provider& provider) {
  if (!client_groups) {
    // RFC 8422 §4: a client that sends no supported_groups supports any curve; P-256 is the
    // one every such client implements.
    if (contains_v(ours, NamedGroup::secp256r1) && provider.supports_group(NamedGroup::secp256r1))
      return NamedGroup::secp256r1;
    for (NamedGroup g : ours)
      if (provider.supports_group(g) && crypto::is_tls12_group(g)) return g;
  } else {
    for (NamedGroup g : ours)
      if (provider.supports_group(g) && crypto::is_tls12_group(g) &&
          contains_v<NamedGroup>(*client_groups, g))
        return g;
  }
  std::string theirs, mine;
  if (client_groups)
    for (NamedGroup g : *client_groups) {
      if (is_grease(static_cast<uint16_t>(g))) continue;
      theirs += (theirs.empty() ? "" : ", ") + group_name(g);
    }
  for (NamedGroup g : ours) mine += (mine.empty() ? "" : ", ") + group_name(g);
  return peer_error(ErrorCode::no_common_group, Alert::handshake_failure, Step::client_hello,
                    "no ECDHE group in common: the client supports [" +
                        (theirs.empty() ? std::string("none") : theirs) + "], we allow [" + mine +
                        "] (RFC 8422 §5.1.1)");
}

// ---- ServerKeyExchange --------------------------------------------------------------------

Result<Bytes> sign_server_key_exchange(const crypto::PrivateKey& key, SignatureScheme scheme,
                                       ByteView client_random, ByteView server_random,
                                       const ServerKeyExchange& ske) {
  Bytes data = server_key_exchange_signed_data(client_random, server_random, ske);
  auto sig = key.sign(scheme, data);
  if (!sig) {
    Error e = std::move(sig).error();
    e.code = ErrorCode::crypto_failure;
    e.alert = Alert::internal_error;
    e.party = Party::us;
    e.step = Step::server_key_exchange;
    e.detail = "signing ServerKeyExchange with " + signature_scheme_name(scheme) +
               " failed: " + e.detail;
    return e;
  }
  return std::move(*sig);
}

Result<ServerKeyExchangeVerified> verify_server_key_exchange(
    const crypto::Provider& provider, const crypto::SuiteInfo& suite, ByteView leaf_spki,
    std::span<const NamedGroup> offered_groups, std::span<const SignatureScheme> offered_schemes,
    ByteView client_random, ByteView server_random, const ServerKeyExchange& ske) {
  const Step step = Step::server_key_exchange;
  // draft-ietf-tls-ecdhe-mlkem §3: hybrid groups are never negotiated in TLS 1.2 (our
  // supported_groups may list one for TLS 1.3).
  if (crypto::is_hybrid_group(ske.group))
    return peer_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, step,
                      "the server chose " + group_name(ske.group) +
                          " for TLS 1.2 ECDHE; that group exists only in TLS 1.3");
  // RFC 8422 §5.4: the server picks a curve from the client's supported_groups.
  if (!contains_v(offered_groups, ske.group))
    return peer_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, step,
                      "the server chose group " + group_name(ske.group) +
                          " for ECDHE, which we did not offer");
  size_t want = crypto::group_client_share_size(ske.group);
  if (ske.public_point.size() != want ||
      (ske.group != NamedGroup::x25519 && ske.public_point[0] != 0x04))
    return peer_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, step,
                      "the server's " + group_name(ske.group) + " public key is " +
                          std::to_string(ske.public_point.size()) +
                          " bytes or not an uncompressed point (expected " +
                          std::to_string(want) + " bytes)");
  // RFC 5246 §7.4.1.4.1 / §7.4.3: the signature must use a pair the client listed.
  if (!contains_v(offered_schemes, ske.scheme))
    return peer_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, step,
                      "the server signed ServerKeyExchange with " +
                          signature_scheme_name(ske.scheme) + ", which we did not offer");
  auto info = provider.public_key_info(leaf_spki);
  if (!info)
    return peer_error(ErrorCode::bad_signature, Alert::bad_certificate, step,
                      "the server certificate's public key is unusable: " + info.error().detail);
  if (!tls12_suite_fits_key(suite, info->type) || !tls12_scheme_fits_key(ske.scheme, info->type))
    return peer_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, step,
                      "the server signed with " + signature_scheme_name(ske.scheme) + " for " +
                          cipher_suite_name(suite.suite) + " but its certificate holds a " +
                          crypto::key_type_name(info->type) + " key");
  auto params = crypto::signature_params(ske.scheme);
  if (!params)
    return peer_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, step,
                      "signature scheme " + signature_scheme_name(ske.scheme) +
                          " is not implemented");
  Bytes data = server_key_exchange_signed_data(client_random, server_random, ske);
  auto r = provider.verify(*params, leaf_spki, data, ske.signature);
  if (!r)
    return peer_error(ErrorCode::bad_signature, Alert::decrypt_error, step,
                      "the ServerKeyExchange signature (" + signature_scheme_name(ske.scheme) +
                          ") does not verify with the server certificate's key: the server's "
                          "key does not match its certificate, or the message was altered");
  return ServerKeyExchangeVerified(ske.group, ske.scheme);
}

// ---- CertificateVerify 1.2 ----------------------------------------------------------------

Result<Bytes> sign_certificate_verify12(const crypto::PrivateKey& key, SignatureScheme scheme,
                                        ByteView handshake_messages) {
  auto sig = key.sign(scheme, handshake_messages);
  if (!sig) {
    Error e = std::move(sig).error();
    e.code = ErrorCode::crypto_failure;
    e.alert = Alert::internal_error;
    e.party = Party::us;
    e.step = Step::client_certificate_verify;
    e.detail = "signing CertificateVerify with " + signature_scheme_name(scheme) +
               " failed: " + e.detail;
    return e;
  }
  return std::move(*sig);
}

Result<SignatureVerified> verify_certificate_verify12(const crypto::Provider& provider, SignatureScheme scheme,
                                         std::span<const SignatureScheme> offered,
                                         ByteView leaf_spki, ByteView handshake_messages,
                                         ByteView signature) {
  const Step step = Step::client_certificate_verify;
  // RFC 5246 §7.4.8: the algorithm must be one of those in CertificateRequest.
  if (!contains_v(offered, scheme))
    return peer_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, step,
                      "the client signed CertificateVerify with " + signature_scheme_name(scheme) +
                          ", which our CertificateRequest did not list");
  auto info = provider.public_key_info(leaf_spki);
  if (!info)
    return peer_error(ErrorCode::bad_signature, Alert::bad_certificate, step,
                      "the client certificate's public key is unusable: " + info.error().detail);
  if (!tls12_scheme_fits_key(scheme, info->type))
    return peer_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, step,
                      "the client signed with " + signature_scheme_name(scheme) +
                          " but its certificate holds a " + crypto::key_type_name(info->type) +
                          " key");
  auto params = crypto::signature_params(scheme);
  if (!params)
    return peer_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, step,
                      "signature scheme " + signature_scheme_name(scheme) + " is not implemented");
  auto r = provider.verify(*params, leaf_spki, handshake_messages, signature);
  if (!r)
    return peer_error(ErrorCode::bad_signature, Alert::decrypt_error, step,
                      "the client's CertificateVerify signature (" + signature_scheme_name(scheme) +
                          ") does not verify with its certificate's key");
  return SignatureVerified(scheme);
}

// ---- EMS ----------------------------------------------------------------------------------

Result<void> server_check_ems(bool client_offered, bool required) {
  if (client_offered || !required) return ok();
  // RFC 7627 §5.2: a server that aborts because the extension is missing "MUST send a
  // handshake_failure alert".
  return peer_error(ErrorCode::insufficient_security, Alert::handshake_failure, Step::client_hello,
                    "the client does not support the extended master secret (RFC 7627), which "
                    "we require for TLS 1.2: without it a man in the middle can synchronize two "
                    "sessions' keys (the triple handshake attack)");
}

Result<void> client_check_ems(bool server_sent, bool required, std::optional<bool> session_ems) {
  if (session_ems) {
    // RFC 7627 §5.3: when resuming, the client MUST abort with handshake_failure if the
    // original session used EMS and the ServerHello lacks it (and vice versa).
    if (*session_ems && !server_sent)
      return peer_error(ErrorCode::insufficient_security, Alert::handshake_failure,
                        Step::server_hello,
                        "the server resumed a session made with the extended master secret "
                        "without the extension (RFC 7627 §5.3)");
    if (!*session_ems && server_sent)
      return peer_error(ErrorCode::illegal_parameter, Alert::handshake_failure,
                        Step::server_hello,
                        "the server resumed a session made without the extended master secret "
                        "and now claims it (RFC 7627 §5.3)");
    return ok();
  }
  if (server_sent || !required) return ok();
  return peer_error(ErrorCode::insufficient_security, Alert::handshake_failure, Step::server_hello,
                    "the server does not support the extended master secret (RFC 7627), which "
                    "we require for TLS 1.2; upgrade the server or allow TLS 1.3 only");
}

// ---- renegotiation_info -------------------------------------------------------------------

Result<bool> server_check_renegotiation_info(const ClientHello& ch) {
  bool secure = client_hello_has_scsv(ch, CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
  if (const Extension* e = ch.extensions.find(ExtensionType::renegotiation_info)) {
    TK_ASSIGN(RenegotiationInfo ri, parse_renegotiation_info(e->body(), Step::client_hello));
    // RFC 5746 §3.6: in an initial handshake the renegotiated_connection field MUST be empty,
    // "and if it is not, MUST abort the handshake" (handshake_failure).
    if (!ri.renegotiated_connection.empty())
      return peer_error(ErrorCode::renegotiation_refused, Alert::handshake_failure,
                        Step::client_hello,
                        "the client's renegotiation_info carries " +
                            std::to_string(ri.renegotiated_connection.size()) +
                            " bytes in an initial handshake (RFC 5746 §3.6)");
    secure = true;
  }
  return secure;
}

Result<void> client_check_renegotiation_info(const ServerHello& sh, bool required) {
  const Extension* e = sh.extensions.find(ExtensionType::renegotiation_info);
  if (!e) {
    if (!required) return ok();
    // RFC 5746 §3.4: without the extension the client may abort (we do, like OpenSSL 3).
    return peer_error(ErrorCode::insufficient_security, Alert::handshake_failure,
                      Step::server_hello,
                      "the server does not support secure renegotiation (RFC 5746): no "
                      "renegotiation_info in its ServerHello; it is unpatched against the 2009 "
                      "renegotiation attack");
  }
  TK_ASSIGN(RenegotiationInfo ri, parse_renegotiation_info(e->body(), Step::server_hello));
  // RFC 5746 §3.4: "The client MUST then verify that the length of the renegotiated_connection
  // field is zero, and if it is not, MUST abort the handshake (by sending a fatal
  // handshake_failure alert)."
  if (!ri.renegotiated_connection.empty())
    return peer_error(ErrorCode::illegal_parameter, Alert::handshake_failure, Step::server_hello,
                      "the server's renegotiation_info is not empty in an initial handshake "
                      "(RFC 5746 §3.4)");
  return ok();
}

// ---- After the handshake ------------------------------------------------------------------

Result<PostHandshake12> tls12_post_handshake(bool is_server, HandshakeType t,
                                            uint32_t refused_so_far) {
  bool renegotiation = is_server ? t == HandshakeType::client_hello
                                 : t == HandshakeType::hello_request;
  if (!renegotiation)
    return peer_error(ErrorCode::unexpected_message, Alert::unexpected_message,
                      Step::post_handshake,
                      "the " + std::string(is_server ? "client" : "server") + " sent " +
                          handshake_type_name(t) + " after the TLS 1.2 handshake finished");
  if (refused_so_far >= kMaxHelloRequests)
    return peer_error(ErrorCode::renegotiation_refused, Alert::no_renegotiation,
                      Step::post_handshake,
                      "the peer asked to renegotiate " + std::to_string(refused_so_far + 1) +
                          " times; tlskit never renegotiates");
  return PostHandshake12::refuse_renegotiation;
}

Result<bool> is_ignorable_hello_request(HandshakeType t, ByteView body) {
  if (t != HandshakeType::hello_request) return false;
  if (!body.empty())
    return peer_error(ErrorCode::decode_error, Alert::decode_error, Step::post_handshake,
                      "HelloRequest with a " + std::to_string(body.size()) + "-byte body");
  return true;
}

}  // namespace tlskit::handshake
