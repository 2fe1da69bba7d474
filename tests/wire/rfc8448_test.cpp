// RFC 8448 traces: every handshake message parses and re-serializes byte for byte; key fields
// decode to the values the RFC text states.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "wire_test_util.h"

namespace tlskit {
namespace {

using namespace wire_test;

nlohmann::json simple_json() {
  return nlohmann::json::parse(
      read_file(std::string(TLSKIT_TESTDATA) + "/tls13-vectors/rfc8448-simple-1rtt.json"));
}

Bytes json_bytes(const char* name) {
  static const nlohmann::json j = simple_json();
  return hex(j["values"][name].get<std::string>());
}

TEST(Rfc8448Simple, EveryMessageRoundTripsByteExactly) {
  const char* names[] = {"client_hello",    "server_hello",       "encrypted_extensions",
                         "certificate",     "certificate_verify", "server_finished",
                         "client_finished", "new_session_ticket"};
  for (const char* n : names) {
    Bytes msg = json_bytes(n);
    auto split = split_handshake_message(msg);
    ASSERT_TRUE(split) << n << ": " << split.error().to_string();
    auto again = reserialize(split->type, split->body, /*tls13=*/true);
    ASSERT_TRUE(again) << n << ": " << again.error().to_string();
    EXPECT_EQ(to_hex(*again), to_hex(msg)) << n;
  }
}

TEST(Rfc8448Simple, ClientHelloFields) {
  Bytes msg = json_bytes("client_hello");
  auto ch = parse_client_hello(body_of(msg));
  ASSERT_TRUE(ch) << ch.error().to_string();
  EXPECT_EQ(ch->legacy_version, 0x0303);
  EXPECT_EQ(to_hex(ByteView(ch->random)),
            "cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7");
  EXPECT_TRUE(ch->legacy_session_id.empty());
  ASSERT_EQ(ch->cipher_suites.size(), 3u);
  EXPECT_EQ(ch->cipher_suites[0], CipherSuite::TLS_AES_128_GCM_SHA256);
  EXPECT_EQ(ch->cipher_suites[1], CipherSuite::TLS_CHACHA20_POLY1305_SHA256);
  EXPECT_EQ(ch->cipher_suites[2], CipherSuite::TLS_AES_256_GCM_SHA384);
  ASSERT_TRUE(check_client_hello_compression(*ch, true));
  std::vector<ExtensionType> want = {ExtensionType::server_name,
                                     ExtensionType::renegotiation_info,
                                     ExtensionType::supported_groups,
                                     ExtensionType::session_ticket,
                                     ExtensionType::key_share,
                                     ExtensionType::supported_versions,
                                     ExtensionType::signature_algorithms,
                                     ExtensionType::psk_key_exchange_modes,
                                     ExtensionType::record_size_limit};
  EXPECT_EQ(ch->extensions.types(), want);

  auto sni = parse_server_name(ch->extensions.find(ExtensionType::server_name)->body());
  ASSERT_TRUE(sni);
  EXPECT_EQ(sni->host_name, "server");
  auto groups =
      parse_supported_groups(ch->extensions.find(ExtensionType::supported_groups)->body());
  ASSERT_TRUE(groups);
  ASSERT_EQ(groups->groups.size(), 9u);
  EXPECT_EQ(groups->groups[0], NamedGroup::x25519);
  EXPECT_EQ(groups->groups[1], NamedGroup::secp256r1);
  EXPECT_EQ(static_cast<uint16_t>(groups->groups[4]), 0x0100);  // ffdhe2048
  auto ks = parse_key_share_client(ch->extensions.find(ExtensionType::key_share)->body());
  ASSERT_TRUE(ks);
  ASSERT_EQ(ks->shares.size(), 1u);
  EXPECT_EQ(ks->shares[0].group, NamedGroup::x25519);
  EXPECT_EQ(to_hex(ks->shares[0].key_exchange),
            simple_json()["values"]["client_x25519_public_key"]);
  auto sv = parse_supported_versions_client(
      ch->extensions.find(ExtensionType::supported_versions)->body());
  ASSERT_TRUE(sv);
  EXPECT_EQ(sv->versions, std::vector<ProtocolVersion>{ProtocolVersion::tls1_3});
  auto sa =
      parse_signature_algorithms(ch->extensions.find(ExtensionType::signature_algorithms)->body());
  ASSERT_TRUE(sa);
  ASSERT_EQ(sa->schemes.size(), 15u);
  EXPECT_EQ(sa->schemes[0], SignatureScheme::ecdsa_secp256r1_sha256);
  auto modes = parse_psk_key_exchange_modes(
      ch->extensions.find(ExtensionType::psk_key_exchange_modes)->body());
  ASSERT_TRUE(modes);
  EXPECT_TRUE(modes->contains(PskKeyExchangeMode::psk_dhe_ke));
  EXPECT_FALSE(modes->contains(PskKeyExchangeMode::psk_ke));
  auto rsl = parse_record_size_limit(ch->extensions.find(ExtensionType::record_size_limit)->body());
  ASSERT_TRUE(rsl);
  EXPECT_EQ(rsl->limit, 0x4001);
  auto ri =
      parse_renegotiation_info(ch->extensions.find(ExtensionType::renegotiation_info)->body());
  ASSERT_TRUE(ri);
  EXPECT_TRUE(ri->renegotiated_connection.empty());
}

TEST(Rfc8448Simple, ServerHelloFields) {
  Bytes msg = json_bytes("server_hello");
  auto sh = parse_server_hello(body_of(msg));
  ASSERT_TRUE(sh) << sh.error().to_string();
  EXPECT_FALSE(sh->is_hello_retry_request());
  EXPECT_EQ(sh->cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
  EXPECT_EQ(downgrade_sentinel(*sh), DowngradeSentinel::none);
  auto v = server_hello_selected_version(*sh);
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, ProtocolVersion::tls1_3);
  auto ks = parse_key_share_server(sh->extensions.find(ExtensionType::key_share)->body());
  ASSERT_TRUE(ks);
  EXPECT_EQ(ks->share.group, NamedGroup::x25519);
  EXPECT_EQ(to_hex(ks->share.key_exchange), simple_json()["values"]["server_x25519_public_key"]);
}

TEST(Rfc8448Simple, ServerFlightFields) {
  auto ee = parse_encrypted_extensions(body_of(json_bytes("encrypted_extensions")));
  ASSERT_TRUE(ee);
  EXPECT_EQ(ee->extensions.types(), (std::vector<ExtensionType>{ExtensionType::supported_groups,
                                                                ExtensionType::record_size_limit,
                                                                ExtensionType::server_name}));
  EXPECT_TRUE(parse_empty_extension(ExtensionType::server_name,
                                    ee->extensions.find(ExtensionType::server_name)->body(),
                                    Step::encrypted_extensions));

  Bytes cert_msg = json_bytes("certificate");
  auto cert = parse_certificate13(body_of(cert_msg));
  ASSERT_TRUE(cert);
  EXPECT_TRUE(cert->certificate_request_context.empty());
  ASSERT_EQ(cert->entries.size(), 1u);
  EXPECT_EQ(cert->entries[0].cert_data.size(), 432u);
  EXPECT_EQ(cert->entries[0].cert_data[0], 0x30);  // DER SEQUENCE
  EXPECT_TRUE(cert->entries[0].extensions.empty());

  Bytes cv_msg = json_bytes("certificate_verify");
  auto cv = parse_certificate_verify(body_of(cv_msg));
  ASSERT_TRUE(cv);
  EXPECT_EQ(cv->algorithm, SignatureScheme::rsa_pss_rsae_sha256);
  EXPECT_EQ(cv->signature.size(), 128u);

  Bytes fin = json_bytes("server_finished");
  auto f = parse_finished(body_of(fin), 32);
  ASSERT_TRUE(f);
  EXPECT_EQ(to_hex(f->verify_data),
            simple_json()["values"]["server_finished_verify_data"].get<std::string>());
  EXPECT_FALSE(parse_finished(body_of(fin), 48));

  Bytes nst_msg = json_bytes("new_session_ticket");
  auto nst = parse_new_session_ticket13(body_of(nst_msg));
  ASSERT_TRUE(nst);
  EXPECT_EQ(nst->ticket_lifetime, 30u);
  EXPECT_EQ(nst->ticket_age_add, 0xfad6aac5u);
  EXPECT_EQ(to_hex(nst->ticket_nonce), "0000");
  EXPECT_EQ(nst->ticket.size(), 178u);
  auto ed = parse_early_data_nst(nst->extensions.find(ExtensionType::early_data)->body());
  ASSERT_TRUE(ed);
  EXPECT_EQ(ed->max_early_data_size, 1024u);
}

// All sections (§3 to §7): every complete handshake message named in the text, and every
// handshake record payload split into messages, round-trips.
TEST(Rfc8448AllSections, EveryHandshakeMessageRoundTrips) {
  auto blocks = rfc8448_blocks();
  ASSERT_GT(blocks.size(), 100u);
  std::map<std::string, int> seen;
  const std::vector<std::string> msg_labels = {
      "ClientHello", "ServerHello",        "EncryptedExtensions",
      "Certificate", "CertificateRequest", "CertificateVerify",
      "Finished",    "NewSessionTicket",   "EndOfEarlyData",
      "payload"};
  for (const auto& b : blocks) {
    if (std::find(msg_labels.begin(), msg_labels.end(), b.label) == msg_labels.end()) continue;
    // Split the block into whole handshake messages; skip blocks that are not (application
    // data, alerts, the truncated "ClientHello" prefix of §4).
    std::vector<HandshakeMessageView> msgs;
    std::vector<ByteView> raw;
    ByteView rest(b.bytes);
    bool whole = true;
    while (!rest.empty()) {
      auto h = parse_handshake_header(rest);
      if (!h || h->length + 4 > rest.size() || static_cast<uint8_t>(h->type) == 0) {
        whole = false;
        break;
      }
      raw.push_back(rest.subspan(0, h->length + 4));
      msgs.push_back({h->type, rest.subspan(4, h->length)});
      rest = rest.subspan(h->length + 4);
    }
    if (!whole) {
      EXPECT_TRUE(b.label == "payload" || b.label == "ClientHello")
          << b.label << " at line " << b.line << " is not a whole message";
      continue;
    }
    for (size_t i = 0; i < msgs.size(); ++i) {
      auto again = reserialize(msgs[i].type, msgs[i].body, true);
      ASSERT_TRUE(again) << b.label << " at line " << b.line << ": " << again.error().to_string();
      EXPECT_EQ(to_hex(*again), to_hex(raw[i])) << b.label << " at line " << b.line;
      seen[handshake_type_name(msgs[i].type)]++;
      // describe() decodes it without error.
      auto d = describe_handshake_message(raw[i], ProtocolVersion::tls1_3);
      EXPECT_EQ(d.parse_error, "") << b.label << " at line " << b.line;
    }
  }
  for (const char* t : {"client_hello", "server_hello", "encrypted_extensions", "certificate",
                        "certificate_request", "certificate_verify", "finished",
                        "new_session_ticket", "end_of_early_data"})
    EXPECT_GT(seen[t], 0) << t;
}

// §4: the PSK ClientHello. The binders are the tail of the message, and the RFC's "ClientHello
// prefix" is the message without them (RFC 8446 §4.2.11.2).
TEST(Rfc8448Resumption, PskBindersAreTheTail) {
  auto blocks = rfc8448_blocks();
  Bytes prefix, full;
  for (const auto& b : blocks) {
    if (b.label == "ClientHello prefix" && prefix.empty()) prefix = b.bytes;
    if (b.label == "payload" && b.bytes.size() == 512 && b.bytes[0] == 1 && full.empty() &&
        b.line > 900 && b.line < 1100)
      full = b.bytes;
  }
  ASSERT_EQ(prefix.size(), 477u);
  ASSERT_EQ(full.size(), 512u);
  auto ch = parse_client_hello(body_of(full));
  ASSERT_TRUE(ch) << ch.error().to_string();
  ASSERT_EQ(ch->extensions.items.back().type, ExtensionType::pre_shared_key);
  EXPECT_TRUE(ch->extensions.contains(ExtensionType::early_data));
  auto psk = parse_pre_shared_key_client(ch->extensions.items.back().body());
  ASSERT_TRUE(psk) << psk.error().to_string();
  ASSERT_EQ(psk->identities.size(), 1u);
  EXPECT_EQ(psk->identities[0].identity.size(), 178u);
  EXPECT_EQ(psk->identities[0].obfuscated_ticket_age, 0xfad6aacbu);
  ASSERT_EQ(psk->binders.size(), 1u);
  EXPECT_EQ(psk->binders[0].size(), 32u);
  size_t tail = psk_binders_wire_size(*psk);
  EXPECT_EQ(tail, 35u);
  EXPECT_EQ(to_hex(ByteView(full).subspan(0, full.size() - tail)), to_hex(prefix));

  // Patching the binders into a copy with zeroed binders restores the message.
  Bytes copy = full;
  std::fill(copy.end() - 32, copy.end(), 0);
  ASSERT_TRUE(patch_psk_binders(copy, psk->binders));
  EXPECT_EQ(copy, full);
  std::vector<Bytes> wrong = {Bytes(48, 1)};
  EXPECT_FALSE(patch_psk_binders(copy, wrong));
}

// §5: HelloRetryRequest detection, its cookie and selected group.
TEST(Rfc8448HelloRetry, HrrIsDetected) {
  auto blocks = rfc8448_blocks();
  Bytes hrr;
  for (const auto& b : blocks)
    if (b.label == "ServerHello" && b.bytes.size() == 176) hrr = b.bytes;
  ASSERT_EQ(hrr.size(), 176u);
  auto sh = parse_server_hello(body_of(hrr));
  ASSERT_TRUE(sh) << sh.error().to_string();
  EXPECT_TRUE(sh->is_hello_retry_request());
  auto ks = parse_key_share_hrr(sh->extensions.find(ExtensionType::key_share)->body());
  ASSERT_TRUE(ks);
  EXPECT_EQ(ks->selected_group, NamedGroup::secp256r1);
  auto cookie = parse_cookie(sh->extensions.find(ExtensionType::cookie)->body());
  ASSERT_TRUE(cookie);
  EXPECT_EQ(cookie->cookie.size(), 114u);  // 00 2c 00 74 00 72 ...
  EXPECT_EQ(cookie->cookie[0], 0x71);
  auto d = describe_handshake_message(hrr, ProtocolVersion::tls1_3);
  EXPECT_EQ(d.name, "HelloRetryRequest");
  EXPECT_EQ(d.parse_error, "");
}

// §6: CertificateRequest and the client's Certificate.
TEST(Rfc8448ClientAuth, CertificateRequest) {
  auto blocks = rfc8448_blocks();
  Bytes cr;
  for (const auto& b : blocks)
    if (b.label == "CertificateRequest") cr = b.bytes;
  ASSERT_EQ(cr.size(), 43u);
  auto m = parse_certificate_request13(body_of(cr));
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_TRUE(m->certificate_request_context.empty());
  auto sa = parse_signature_algorithms(
      m->extensions.find(ExtensionType::signature_algorithms)->body(), Step::certificate_request);
  ASSERT_TRUE(sa);
  EXPECT_EQ(sa->schemes.size(), 15u);
}

}  // namespace
}  // namespace tlskit
