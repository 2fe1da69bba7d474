// describe.h: handshake messages and alerts decoded into named fields for people.
//
// Each message is first walked leniently (so a malformed message still shows the fields read
// before the problem), then checked with the strict parser, whose error becomes parse_error.
#include "wire/describe.h"

#include <string>

#include "wire/alert_record.h"
#include "wire/describe_internal.h"
#include "wire/handshake_header.h"
#include "wire/msg_certificate.h"
#include "wire/msg_certificate_request.h"
#include "wire/msg_certificate_status.h"
#include "wire/msg_certificate_verify.h"
#include "wire/msg_client_hello.h"
#include "wire/msg_client_key_exchange.h"
#include "wire/msg_compressed_certificate.h"
#include "wire/msg_encrypted_extensions.h"
#include "wire/msg_end_of_early_data.h"
#include "wire/msg_key_update.h"
#include "wire/msg_new_session_ticket.h"
#include "wire/msg_server_hello.h"
#include "wire/msg_server_hello_done.h"
#include "wire/msg_server_key_exchange.h"

namespace tlskit {

using namespace describe_detail;

namespace {

// Walk state: the reader and the message being filled.
struct Walk {
  ByteReader r;
  DescribedMessage& m;

  // Records a lenient-walk failure (the first one wins); returns false for early exit.
  bool fail(std::string what) {
    if (m.parse_error.empty()) m.parse_error = std::move(what);
    return false;
  }
  bool check(const char* what) {
    if (r.failed()) return fail(std::string("truncated ") + what);
    return true;
  }
  void add(DescribedField f) { m.fields.push_back(std::move(f)); }
  // Reads an extension block and adds it as a field.
  bool extensions(ExtensionContext c) {
    DescribedField f;
    std::string err;
    bool good = describe_extension_block(r, c, f, &err);
    add(std::move(f));
    if (!good) return fail(err);
    return true;
  }
};

std::string version_text(uint16_t v) { return version_name(static_cast<ProtocolVersion>(v)); }

bool walk_client_hello(Walk& w) {
  w.add(scalar("legacy_version", version_text(w.r.u16())));
  ByteView random = w.r.bytes(32);
  if (!w.check("random")) return false;
  w.add(scalar("random", to_hex(random)));
  ByteView sid = w.r.vec8();
  if (!w.check("legacy_session_id")) return false;
  w.add(scalar("legacy_session_id", to_hex(sid)));
  ByteReader cs(w.r.vec16());
  if (!w.check("cipher_suites")) return false;
  std::vector<std::string> suites;
  while (cs.remaining() >= 2)
    suites.push_back(cipher_suite_name(static_cast<CipherSuite>(cs.u16())));
  w.add(list("cipher_suites", std::move(suites)));
  ByteView cm = w.r.vec8();
  if (!w.check("legacy_compression_methods")) return false;
  std::vector<std::string> methods;
  for (uint8_t b : cm) methods.push_back(b == 0 ? "null" : std::to_string(b));
  w.add(list("compression_methods", std::move(methods)));
  if (w.r.empty()) return true;
  return w.extensions(ExtensionContext::client_hello);
}

bool walk_server_hello(Walk& w) {
  w.add(scalar("legacy_version", version_text(w.r.u16())));
  ByteView random = w.r.bytes(32);
  if (!w.check("random")) return false;
  bool hrr = is_hello_retry_request(random);
  w.add(scalar("random", hrr ? "HelloRetryRequest" : to_hex(random)));
  if (!hrr && random.size() == 32) {
    ServerHello tmp;
    std::copy(random.begin(), random.end(), tmp.random.begin());
    auto s = downgrade_sentinel(tmp);
    if (s == DowngradeSentinel::tls12) w.add(scalar("downgrade_sentinel", "TLSv1.2"));
    if (s == DowngradeSentinel::tls11) w.add(scalar("downgrade_sentinel", "TLSv1.1"));
  }
  ByteView sid = w.r.vec8();
  if (!w.check("legacy_session_id_echo")) return false;
  w.add(scalar("legacy_session_id_echo", to_hex(sid)));
  auto suite = static_cast<CipherSuite>(w.r.u16());
  if (!w.check("cipher_suite")) return false;
  w.add(scalar("cipher_suite", cipher_suite_name(suite)));
  uint8_t cm = w.r.u8();
  if (!w.check("compression_method")) return false;
  w.add(scalar("compression_method", cm == 0 ? "null" : std::to_string(cm)));
  if (w.r.empty()) return true;
  // Pick the extension context the way parse_server_hello does: look for supported_versions.
  ExtensionContext ctx = ExtensionContext::server_hello_tls12;
  if (hrr) {
    ctx = ExtensionContext::hello_retry_request;
  } else {
    ByteReader peek(w.r.rest());
    ByteReader block(peek.vec16());
    while (!block.failed() && block.remaining() >= 4) {
      auto t = static_cast<ExtensionType>(block.u16());
      block.vec16();
      if (t == ExtensionType::supported_versions) ctx = ExtensionContext::server_hello;
    }
  }
  return w.extensions(ctx);
}

bool walk_certificate13(Walk& w) {
  ByteView ctx = w.r.vec8();
  if (!w.check("certificate_request_context")) return false;
  w.add(scalar("certificate_request_context", to_hex(ctx)));
  ByteReader list(w.r.vec24());
  if (!w.check("certificate_list")) return false;
  DescribedField certs;
  certs.name = "certificates";
  bool good = true;
  while (!list.empty() && certs.children.size() < kMaxCertificateChainLength) {
    ByteView cert = list.vec24();
    if (list.failed()) {
      good = w.fail("truncated cert_data");
      break;
    }
    DescribedField entry = scalar("certificate", size_text(cert.size()));
    DescribedField ext;
    std::string err;
    bool ok_ext = describe_extension_block(list, ExtensionContext::certificate, ext, &err);
    if (!ext.children.empty()) entry.children.push_back(std::move(ext));
    certs.children.push_back(std::move(entry));
    if (!ok_ext) {
      good = w.fail(err);
      break;
    }
  }
  certs.value = std::to_string(certs.children.size());
  w.add(std::move(certs));
  return good;
}

bool walk_certificate12(Walk& w) {
  ByteReader list(w.r.vec24());
  if (!w.check("certificate_list")) return false;
  DescribedField certs;
  certs.name = "certificates";
  bool good = true;
  while (!list.empty() && certs.children.size() < kMaxCertificateChainLength) {
    ByteView cert = list.vec24();
    if (list.failed()) {
      good = w.fail("truncated certificate");
      break;
    }
    certs.children.push_back(scalar("certificate", size_text(cert.size())));
  }
  certs.value = std::to_string(certs.children.size());
  w.add(std::move(certs));
  return good;
}

bool walk_certificate_request13(Walk& w) {
  ByteView ctx = w.r.vec8();
  if (!w.check("certificate_request_context")) return false;
  w.add(scalar("certificate_request_context", to_hex(ctx)));
  return w.extensions(ExtensionContext::certificate_request);
}

std::string cert_type_name(uint8_t t) {
  switch (t) {
    case 1:
      return "rsa_sign";
    case 2:
      return "dss_sign";
    case 3:
      return "rsa_fixed_dh";
    case 4:
      return "dss_fixed_dh";
    case 64:
      return "ecdsa_sign";
    case 65:
      return "rsa_fixed_ecdh";
    case 66:
      return "ecdsa_fixed_ecdh";
    default:
      return "unknown(" + std::to_string(t) + ")";
  }
}

bool walk_certificate_request12(Walk& w) {
  ByteView types = w.r.vec8();
  if (!w.check("certificate_types")) return false;
  std::vector<std::string> names;
  for (uint8_t t : types) names.push_back(cert_type_name(t));
  w.add(list("certificate_types", std::move(names)));
  ByteReader sa(w.r.vec16());
  if (!w.check("supported_signature_algorithms")) return false;
  std::vector<std::string> schemes;
  while (sa.remaining() >= 2)
    schemes.push_back(signature_scheme_name(static_cast<SignatureScheme>(sa.u16())));
  w.add(list("signature_algorithms", std::move(schemes)));
  ByteReader ca(w.r.vec16());
  if (!w.check("certificate_authorities")) return false;
  size_t n = 0;
  while (!ca.empty() && n < 1024) {
    ca.vec16();
    if (ca.failed()) return w.fail("truncated DistinguishedName");
    ++n;
  }
  w.add(scalar("certificate_authorities", std::to_string(n)));
  return true;
}

// A DigitallySigned value (RFC 8446 §4.4.3, RFC 5246 §4.7): the scheme, then the signature;
// alg_label names the scheme field in a truncation error.
bool walk_digitally_signed(Walk& w, const char* alg_label) {
  auto alg = static_cast<SignatureScheme>(w.r.u16());
  if (!w.check(alg_label)) return false;
  w.add(scalar("signature_algorithm", signature_scheme_name(alg)));
  ByteView sig = w.r.vec16();
  if (!w.check("signature")) return false;
  w.add(scalar("signature", size_text(sig.size())));
  return true;
}

bool walk_certificate_verify(Walk& w) { return walk_digitally_signed(w, "algorithm"); }

bool walk_new_session_ticket13(Walk& w) {
  uint32_t lifetime = w.r.u32();
  uint32_t age_add = w.r.u32();
  if (!w.check("ticket_lifetime / ticket_age_add")) return false;
  w.add(scalar("ticket_lifetime", std::to_string(lifetime)));
  w.add(scalar("ticket_age_add", std::to_string(age_add)));
  ByteView nonce = w.r.vec8();
  if (!w.check("ticket_nonce")) return false;
  w.add(scalar("ticket_nonce", to_hex(nonce)));
  ByteView ticket = w.r.vec16();
  if (!w.check("ticket")) return false;
  w.add(scalar("ticket", size_text(ticket.size())));
  return w.extensions(ExtensionContext::new_session_ticket);
}

bool walk_new_session_ticket12(Walk& w) {
  uint32_t hint = w.r.u32();
  if (!w.check("ticket_lifetime_hint")) return false;
  w.add(scalar("ticket_lifetime_hint", std::to_string(hint)));
  ByteView ticket = w.r.vec16();
  if (!w.check("ticket")) return false;
  w.add(scalar("ticket", size_text(ticket.size())));
  return true;
}

bool walk_server_key_exchange(Walk& w) {
  uint8_t curve_type = w.r.u8();
  if (!w.check("curve_type")) return false;
  w.add(scalar("curve_type", curve_type == 3 ? "named_curve" : std::to_string(curve_type)));
  if (curve_type != 3) return w.fail("curve_type is not named_curve");
  auto g = static_cast<NamedGroup>(w.r.u16());
  if (!w.check("named_curve")) return false;
  w.add(scalar("group", group_name(g)));
  ByteView point = w.r.vec8();
  if (!w.check("public point")) return false;
  w.add(scalar("public_key", size_text(point.size())));
  return walk_digitally_signed(w, "signature algorithm");
}

bool walk_certificate_status(Walk& w) {
  uint8_t t = w.r.u8();
  if (!w.check("status_type")) return false;
  w.add(scalar("status_type", t == kStatusTypeOcsp ? "ocsp" : std::to_string(t)));
  ByteView resp = w.r.vec24();
  if (!w.check("OCSPResponse")) return false;
  w.add(scalar("ocsp_response", size_text(resp.size())));
  return true;
}

// CompressedCertificate (RFC 8879 §4): the algorithm and both sizes; the certificates inside
// are not decompressed here (the describer never allocates what a peer declares).
bool walk_compressed_certificate(Walk& w) {
  auto alg = static_cast<CertCompressionAlgorithm>(w.r.u16());
  if (!w.check("algorithm")) return false;
  w.add(scalar("algorithm", cert_compression_name(alg)));
  uint32_t len = w.r.u24();
  if (!w.check("uncompressed_length")) return false;
  w.add(scalar("uncompressed_length", std::to_string(len)));
  ByteView data = w.r.vec24();
  if (!w.check("compressed_certificate_message")) return false;
  w.add(scalar("compressed_certificate_message", size_text(data.size())));
  return true;
}

template <typename T>
std::string error_of(const Result<T>& r) {
  return r ? std::string() : r.error().detail;
}

}  // namespace

const char* message_name(HandshakeType t, ByteView body) {
  switch (t) {
    case HandshakeType::hello_request:
      return "HelloRequest";
    case HandshakeType::client_hello:
      return "ClientHello";
    case HandshakeType::server_hello:
      return body.size() >= 34 && is_hello_retry_request(body.subspan(2, 32)) ? "HelloRetryRequest"
                                                                              : "ServerHello";
    case HandshakeType::new_session_ticket:
      return "NewSessionTicket";
    case HandshakeType::end_of_early_data:
      return "EndOfEarlyData";
    case HandshakeType::encrypted_extensions:
      return "EncryptedExtensions";
    case HandshakeType::certificate:
      return "Certificate";
    case HandshakeType::server_key_exchange:
      return "ServerKeyExchange";
    case HandshakeType::certificate_request:
      return "CertificateRequest";
    case HandshakeType::server_hello_done:
      return "ServerHelloDone";
    case HandshakeType::certificate_verify:
      return "CertificateVerify";
    case HandshakeType::client_key_exchange:
      return "ClientKeyExchange";
    case HandshakeType::finished:
      return "Finished";
    case HandshakeType::certificate_status:
      return "CertificateStatus";
    case HandshakeType::key_update:
      return "KeyUpdate";
    case HandshakeType::compressed_certificate:
      return "CompressedCertificate";
    case HandshakeType::message_hash:
      return "MessageHash";
  }
  return nullptr;
}

DescribedMessage describe_handshake_message(ByteView message, ProtocolVersion version) {
  DescribedMessage m;
  if (message.size() < kHandshakeHeaderSize) {
    m.name = "Unknown";
    m.parse_error = "handshake header needs 4 bytes, got " + std::to_string(message.size());
    return m;
  }
  auto type = static_cast<HandshakeType>(message[0]);
  size_t declared = size_t{message[1]} << 16 | size_t{message[2]} << 8 | message[3];
  ByteView body = message.subspan(kHandshakeHeaderSize);
  m.length = declared;
  if (declared != body.size()) {
    m.parse_error = "length field says " + std::to_string(declared) + " bytes but " +
                    std::to_string(body.size()) + " follow";
    if (declared < body.size()) body = body.subspan(0, declared);
  }
  const char* name = message_name(type, body);
  m.name = name ? name : "Unknown(" + handshake_type_name(type) + ")";
  const bool tls13 = version == ProtocolVersion::tls1_3;

  Walk w{ByteReader(body), m};
  std::string strict;  // the strict parser's error, if any
  switch (type) {
    case HandshakeType::client_hello:
      walk_client_hello(w);
      strict = error_of(parse_client_hello(body));
      break;
    case HandshakeType::server_hello:
      walk_server_hello(w);
      strict = error_of(parse_server_hello(body));
      break;
    case HandshakeType::encrypted_extensions:
      w.extensions(ExtensionContext::encrypted_extensions);
      strict = error_of(parse_encrypted_extensions(body));
      break;
    case HandshakeType::certificate:
      if (tls13) {
        walk_certificate13(w);
        strict = error_of(parse_certificate13(body, Step::client_certificate));  // any context
      } else {
        walk_certificate12(w);
        strict = error_of(parse_certificate12(body));
      }
      break;
    case HandshakeType::certificate_request:
      if (tls13) {
        walk_certificate_request13(w);
        strict = error_of(parse_certificate_request13(body));
      } else {
        walk_certificate_request12(w);
        strict = error_of(parse_certificate_request12(body));
      }
      break;
    case HandshakeType::certificate_verify:
      walk_certificate_verify(w);
      strict = error_of(parse_certificate_verify(body));
      break;
    case HandshakeType::finished:
      w.add(scalar("verify_data", to_hex(body)));
      if (body.empty()) strict = "Finished: empty verify_data";
      break;
    case HandshakeType::new_session_ticket:
      if (tls13) {
        walk_new_session_ticket13(w);
        strict = error_of(parse_new_session_ticket13(body));
      } else {
        walk_new_session_ticket12(w);
        strict = error_of(parse_new_session_ticket12(body));
      }
      break;
    case HandshakeType::key_update:
      if (!body.empty())
        w.add(scalar("request_update", body[0] == 0   ? "update_not_requested"
                                       : body[0] == 1 ? "update_requested"
                                                      : std::to_string(body[0])));
      strict = error_of(parse_key_update(body));
      break;
    case HandshakeType::end_of_early_data:
      strict = error_of(parse_end_of_early_data(body));
      break;
    case HandshakeType::server_hello_done:
      strict = error_of(parse_server_hello_done(body));
      break;
    case HandshakeType::hello_request:
      if (!body.empty()) strict = "HelloRequest: body must be empty";
      break;
    case HandshakeType::server_key_exchange:
      walk_server_key_exchange(w);
      strict = error_of(parse_server_key_exchange(body));
      break;
    case HandshakeType::client_key_exchange: {
      ByteView point = w.r.vec8();
      if (w.check("public point")) w.add(scalar("public_key", size_text(point.size())));
      strict = error_of(parse_client_key_exchange(body));
      break;
    }
    case HandshakeType::certificate_status:
      walk_certificate_status(w);
      strict = error_of(parse_certificate_status(body));
      break;
    case HandshakeType::compressed_certificate:
      walk_compressed_certificate(w);
      strict = error_of(parse_compressed_certificate(body));
      break;
    case HandshakeType::message_hash:
      w.add(scalar("hash", to_hex(body)));
      break;
    default:
      w.add(scalar("body", size_text(body.size())));
      break;
  }
  if (m.parse_error.empty()) m.parse_error = strict;
  return m;
}

DescribedMessage describe_alert(ByteView payload) {
  DescribedMessage m;
  m.name = "Alert";
  m.length = payload.size();
  if (payload.size() >= 1) {
    auto level = static_cast<AlertLevel>(payload[0]);
    m.fields.push_back(scalar("level", payload[0] == 1 || payload[0] == 2
                                           ? alert_level_name(level)
                                           : "unknown(" + std::to_string(payload[0]) + ")"));
  }
  if (payload.size() >= 2) {
    auto a = static_cast<Alert>(payload[1]);
    std::string name = alert_name(a);
    if (name == "unknown_alert" || a == Alert::none)
      name = "unknown(" + std::to_string(payload[1]) + ")";
    m.fields.push_back(scalar("description", name));
  }
  auto r = parse_alert_record(payload);
  if (!r) m.parse_error = r.error().detail;
  return m;
}

}  // namespace tlskit
