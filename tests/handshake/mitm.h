// A man in the middle for tests: decrypts the server's encrypted handshake flight with the
// server handshake traffic secret (taken from the key log), lets a test edit the messages,
// and re-encrypts them, so checks behind the record protection can be exercised.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "crypto/provider.h"
#include "handshake/traffic_keys.h"
#include "harness.h"
#include "record/record_decoder.h"
#include "record/record_encoder.h"

namespace tlskit::test {

// Returns the secret of a key log line with the given label.
inline Bytes secret_from_log(const std::vector<std::string>& lines, const std::string& label) {
  for (const auto& l : lines)
    if (l.rfind(label + " ", 0) == 0) {
      auto r = from_hex(l.substr(l.rfind(' ') + 1));
      if (r) return *r;
    }
  ADD_FAILURE() << "no " << label << " in the key log";
  return {};
}

// Splits concatenated handshake messages.
inline std::vector<Bytes> split_messages(ByteView b) {
  std::vector<Bytes> out;
  size_t off = 0;
  while (b.size() - off >= 4) {
    size_t len = size_t{b[off + 1]} << 16 | size_t{b[off + 2]} << 8 | b[off + 3];
    if (b.size() - off - 4 < len) break;
    out.emplace_back(b.begin() + off, b.begin() + off + 4 + len);
    off += 4 + len;
  }
  return out;
}

// Rewrites a TLS 1.3 server flight (AES-128-GCM-SHA256): plaintext records are kept, the
// encrypted handshake messages are passed to edit and sealed again with the same secret.
inline Bytes rewrite_server_flight(const Bytes& flight, ByteView shts,
                                   const std::function<void(std::vector<Bytes>&)>& edit) {
  const auto& p = crypto::default_provider();
  auto recs = split_records(flight);
  Bytes plain_prefix, encrypted;
  for (const auto& r : recs) {
    Bytes rb = record_bytes(r.type, r.payload, r.version);
    if (r.type == ContentType::application_data)
      encrypted.insert(encrypted.end(), rb.begin(), rb.end());
    else
      plain_prefix.insert(plain_prefix.end(), rb.begin(), rb.end());
  }
  record::RecordDecoder dec;
  dec.set_version_rule(record::RecordVersionRule::tls13);
  auto rk = handshake::tls13_protection(p, crypto::HashAlg::sha256, crypto::AeadAlg::aes_128_gcm, shts);
  EXPECT_TRUE(rk);
  dec.set_protection(std::move(*rk));
  dec.append(encrypted);
  Bytes hs;
  for (;;) {
    auto st = dec.next();
    EXPECT_TRUE(st) << st.error().to_string();
    if (!st || !st->has_record) break;
    hs.insert(hs.end(), st->record.fragment.begin(), st->record.fragment.end());
  }
  auto msgs = split_messages(hs);
  edit(msgs);
  Bytes joined;
  for (const auto& m : msgs) joined.insert(joined.end(), m.begin(), m.end());
  record::RecordEncoder enc;
  auto wk = handshake::tls13_protection(p, crypto::HashAlg::sha256, crypto::AeadAlg::aes_128_gcm, shts);
  EXPECT_TRUE(wk);
  enc.set_protection(std::move(*wk));
  Bytes out = plain_prefix;
  if (!joined.empty()) {
    EXPECT_TRUE(enc.write(ContentType::handshake, joined, out));
  }
  return out;
}

// A client and server whose server flight goes through rewrite_server_flight; returns the
// client's error (the test's subject).
inline std::optional<Error> client_error_after_edit(
    const std::function<void(std::vector<Bytes>&)>& edit, bool insecure = false) {
  World w;
  std::vector<std::string> log;
  auto cc = w.client_config();
  cc->cipher_suites = {CipherSuite::TLS_AES_128_GCM_SHA256};
  // A plain Certificate in the flight, for the tests that edit it (RFC 8879 compression is
  // tested with its own edits in cert_compression_test.cpp).
  cc->certificate_compression.clear();
  if (insecure) {
    cc->verify_peer = false;
    cc->verifier = nullptr;
  }
  auto sc = w.server_config({LeafKind::ecdsa_p256});
  sc->key_log = [&](std::string_view l) { log.emplace_back(l); };
  Pair p = make_conns(cc, sc);
  transfer(*p.client, *p.server, p.server_error);
  Bytes flight = take_output(*p.server);
  Bytes edited = rewrite_server_flight(flight, secret_from_log(log, "SERVER_HANDSHAKE_TRAFFIC_SECRET"), edit);
  auto r = p.client->feed(edited);
  if (r) return std::nullopt;
  return r.error();
}

}  // namespace tlskit::test
