// The TLS 1.2 PRF (RFC 5246 §5), extended master secret (RFC 7627), key block, Finished.
#include "handshake/prf_tls12.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "record/record_limits.h"

namespace tlskit::handshake {
namespace {

Error prf_error(std::string detail) {
  return make_error(ErrorCode::internal_error, Alert::internal_error, Party::us, Step::none,
                    std::move(detail));
}

// Largest PRF output we produce (key blocks are < 200 bytes).
constexpr size_t kMaxPrfOutput = 64 * 1024;

}  // namespace

Result<void> prf_tls12(const crypto::Provider& p, crypto::HashAlg h, ByteView secret,
                       std::string_view label, ByteView seed, MutableByteView out) {
  if (h != crypto::HashAlg::sha256 && h != crypto::HashAlg::sha384)
    return prf_error(std::string("TLS 1.2 PRF with ") + crypto::hash_name(h) +
                     " (only SHA-256 and SHA-384 are used)");
  if (out.size() > kMaxPrfOutput)
    return prf_error("TLS 1.2 PRF output of " + std::to_string(out.size()) + " bytes");
  const size_t hl = crypto::hash_size(h);
  // P_hash(secret, seed') with seed' = label + seed (RFC 5246 §5):
  //   A(0) = seed', A(i) = HMAC(secret, A(i-1)),
  //   output = HMAC(secret, A(1) + seed') + HMAC(secret, A(2) + seed') + ...
  // buf holds A(i) followed by seed', so one HMAC over it gives the next output block.
  SecretBytes buf(hl + label.size() + seed.size());
  uint8_t* full_seed = buf.data() + hl;
  std::memcpy(full_seed, label.data(), label.size());
  if (!seed.empty()) std::memcpy(full_seed + label.size(), seed.data(), seed.size());
  const ByteView seed_prime(full_seed, label.size() + seed.size());
  const MutableByteView a(buf.data(), hl);
  p.hmac(h, secret, seed_prime, a);  // A(1)
  std::array<uint8_t, crypto::kMaxHashSize> block;
  size_t done = 0;
  while (done < out.size()) {
    p.hmac(h, secret, buf.view(), MutableByteView(block.data(), hl));
    const size_t n = std::min(hl, out.size() - done);
    std::memcpy(out.data() + done, block.data(), n);
    done += n;
    if (done < out.size()) {
      std::array<uint8_t, crypto::kMaxHashSize> next;
      p.hmac(h, secret, ByteView(a.data(), hl), MutableByteView(next.data(), hl));  // A(i+1)
      std::memcpy(a.data(), next.data(), hl);
      secure_zero(next.data(), next.size());
    }
  }
  secure_zero(block.data(), block.size());
  return ok();
}

Result<SecretBytes> extended_master_secret(const crypto::Provider& p, crypto::HashAlg h,
                                           ByteView pre_master_secret, ByteView session_hash) {
  SecretBytes ms(kMasterSecretSize12);
  // RFC 7627 §4.
  TK_TRY(prf_tls12(p, h, pre_master_secret, "extended master secret", session_hash,
                   ms.mutable_view()));
  return ms;
}

Result<SecretBytes> legacy_master_secret(const crypto::Provider& p, crypto::HashAlg h,
                                         ByteView pre_master_secret, ByteView client_random,
                                         ByteView server_random) {
  std::array<uint8_t, 2 * kRandomSize> seed;
  if (client_random.size() != kRandomSize || server_random.size() != kRandomSize)
    return prf_error("TLS 1.2 randoms must be 32 bytes");
  std::memcpy(seed.data(), client_random.data(), kRandomSize);
  std::memcpy(seed.data() + kRandomSize, server_random.data(), kRandomSize);
  SecretBytes ms(kMasterSecretSize12);
  // RFC 5246 §8.1.
  TK_TRY(prf_tls12(p, h, pre_master_secret, "master secret", seed, ms.mutable_view()));
  return ms;
}

Result<KeyBlock12> key_block_tls12(const crypto::Provider& p, crypto::HashAlg h,
                                   crypto::AeadAlg aead, bool xor_nonce, ByteView master_secret,
                                   ByteView client_random, ByteView server_random) {
  if (client_random.size() != kRandomSize || server_random.size() != kRandomSize)
    return prf_error("TLS 1.2 randoms must be 32 bytes");
  const size_t key_len = crypto::aead_key_size(aead);
  // RFC 5288 §3: 4-byte implicit salt; RFC 7905 §2: 12-byte IV for ChaCha20-Poly1305.
  const size_t iv_len = xor_nonce ? record::kRecordNonceSize : record::kImplicitSaltSize12;
  std::array<uint8_t, 2 * kRandomSize> seed;
  // RFC 5246 §6.3: the key block seed is server_random + client_random.
  std::memcpy(seed.data(), server_random.data(), kRandomSize);
  std::memcpy(seed.data() + kRandomSize, client_random.data(), kRandomSize);
  SecretBytes block(2 * key_len + 2 * iv_len);
  TK_TRY(prf_tls12(p, h, master_secret, "key expansion", seed, block.mutable_view()));
  // AEAD suites have no MAC keys (mac_key_length = 0): keys then IVs.
  KeyBlock12 kb;
  const ByteView b = block.view();
  kb.client_write_key = SecretBytes(b.subspan(0, key_len));
  kb.server_write_key = SecretBytes(b.subspan(key_len, key_len));
  kb.client_write_iv = SecretBytes(b.subspan(2 * key_len, iv_len));
  kb.server_write_iv = SecretBytes(b.subspan(2 * key_len + iv_len, iv_len));
  return kb;
}

Result<std::array<uint8_t, kVerifyDataSize12>> finished_verify_data_tls12(const crypto::Provider& p,
                                                                          crypto::HashAlg h,
                                                                          ByteView master_secret,
                                                                          bool from_client,
                                                                          ByteView handshake_hash) {
  std::array<uint8_t, kVerifyDataSize12> out;
  // RFC 5246 §7.4.9.
  TK_TRY(prf_tls12(p, h, master_secret, from_client ? "client finished" : "server finished",
                   handshake_hash, out));
  return out;
}

Result<FinishedVerified> check_finished_tls12(const crypto::Provider& p, crypto::HashAlg h,
                                              ByteView master_secret, bool from_client,
                                              ByteView handshake_hash, ByteView received) {
  TK_ASSIGN(auto expected,
            finished_verify_data_tls12(p, h, master_secret, from_client, handshake_hash));
  // RFC 5246 §7.4.9: a wrong verify_data is fatal (decrypt_error); compared in constant time.
  if (!constant_time_equal(expected, received))
    return make_error(ErrorCode::bad_finished, Alert::decrypt_error, Party::peer, Step::none,
                      received.size() != kVerifyDataSize12
                          ? "TLS 1.2 Finished verify_data has " + std::to_string(received.size()) +
                                " bytes, expected 12"
                          : std::string("TLS 1.2 Finished verify_data does not match our "
                                        "handshake hash and master secret"));
  return FinishedVerified();
}

}  // namespace tlskit::handshake
