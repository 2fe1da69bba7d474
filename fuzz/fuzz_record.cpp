// libFuzzer target for the record layer: the RecordDecoder (plaintext, TLS 1.3 and TLS 1.2 AEAD
// modes with fixed keys, arbitrary transport splits) feeding the HandshakeDeframer.
//
// Input layout: byte 0 = mode, byte 1 = chunk size seed, rest = payload.
//   mode & 0x07: 0 plaintext, 1 TLS 1.3 AES-128-GCM, 2 TLS 1.3 ChaCha20, 3 TLS 1.3 CCM_8,
//                4 TLS 1.2 AES-128-GCM, 5 TLS 1.2 ChaCha20, 6/7 plaintext with the TLS 1.2 /
//                TLS 1.3 version rule.
//   mode & 0x80: "sealed": the payload is a list of (type u8, len u16, bytes) entries that are
//                first sealed with the same fixed key (TLS 1.3: as raw TLSInnerPlaintext, so
//                padding and inner types are arbitrary), so the checks after decryption are
//                reached; otherwise the payload is raw wire bytes.
//   mode & 0x40: skip rejected early data (budget 4096).
// Every input is decoded twice, as the connection can: appended and opened in place, and read
// straight from the input (begin_input/end_input) with protected records opened into a
// plaintext sink. Both must yield the same records and fail at the same point with the same
// error code; any difference traps.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "crypto/provider.h"
#include "record/handshake_deframer.h"
#include "record/record_decoder.h"
#include "record/record_encoder.h"

using namespace tlskit;

namespace {

struct ModeInfo {
  bool keys;
  record::NonceMode mode;
  crypto::AeadAlg aead;
  record::RecordVersionRule rule;
};

constexpr ModeInfo kModes[8] = {
    {false, record::NonceMode::tls13, crypto::AeadAlg::aes_128_gcm,
     record::RecordVersionRule::unknown},
    {true, record::NonceMode::tls13, crypto::AeadAlg::aes_128_gcm,
     record::RecordVersionRule::tls13},
    {true, record::NonceMode::tls13, crypto::AeadAlg::chacha20_poly1305,
     record::RecordVersionRule::tls13},
    {true, record::NonceMode::tls13, crypto::AeadAlg::aes_128_ccm_8,
     record::RecordVersionRule::tls13},
    {true, record::NonceMode::tls12_explicit, crypto::AeadAlg::aes_128_gcm,
     record::RecordVersionRule::tls12},
    {true, record::NonceMode::tls12_xor, crypto::AeadAlg::chacha20_poly1305,
     record::RecordVersionRule::tls12},
    {false, record::NonceMode::tls13, crypto::AeadAlg::aes_128_gcm,
     record::RecordVersionRule::tls12},
    {false, record::NonceMode::tls13, crypto::AeadAlg::aes_128_gcm,
     record::RecordVersionRule::tls13},
};

bool make_keys(const ModeInfo& m, record::ProtectionKeys& out) {
  const auto& p = crypto::default_provider();
  std::array<uint8_t, 32> key{};
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i + 1);
  std::array<uint8_t, 12> iv{};
  for (size_t i = 0; i < iv.size(); ++i) iv[i] = static_cast<uint8_t>(0xa0 + i);
  auto aead = p.make_aead(m.aead, ByteView(key.data(), crypto::aead_key_size(m.aead)));
  if (!aead) return false;
  auto k = record::ProtectionKeys::make(
      m.mode, std::move(*aead),
      ByteView(iv.data(), m.mode == record::NonceMode::tls12_explicit ? 4 : 12));
  if (!k) return false;
  out = std::move(*k);
  return true;
}

// Seals the (type, len, bytes) entries of payload into wire records under the fixed key.
void seal_entries(const ModeInfo& m, ByteView payload, Bytes& wire) {
  record::ProtectionKeys keys;
  if (!make_keys(m, keys)) return;
  uint64_t seq = 0;
  size_t pos = 0;
  for (int guard = 0; guard < 64 && pos + 3 <= payload.size(); ++guard) {
    const uint8_t type = payload[pos];
    size_t len = static_cast<size_t>(payload[pos + 1] << 8 | payload[pos + 2]);
    pos += 3;
    len = std::min(len, payload.size() - pos);
    ByteView body = payload.subspan(pos, len);
    pos += len;
    const size_t tag = keys.tag_size();
    std::array<uint8_t, 12> nonce;
    const size_t at = wire.size();
    if (m.mode == record::NonceMode::tls13) {
      wire.resize(at + 5 + len + tag);
      uint8_t* r = wire.data() + at;
      r[0] = 23;
      r[1] = 3;
      r[2] = 3;
      r[3] = static_cast<uint8_t>((len + tag) >> 8);
      r[4] = static_cast<uint8_t>(len + tag);
      if (len) std::memcpy(r + 5, body.data(), len);
      keys.nonce(seq, {}, nonce);
      (void)keys.aead().seal(nonce, ByteView(r, 5), MutableByteView(r + 5, len),
                             MutableByteView(r + 5 + len, tag));
    } else {
      const size_t ex = m.mode == record::NonceMode::tls12_explicit ? 8 : 0;
      wire.resize(at + 5 + ex + len + tag);
      uint8_t* r = wire.data() + at;
      r[0] = type;
      r[1] = 3;
      r[2] = 3;
      r[3] = static_cast<uint8_t>((ex + len + tag) >> 8);
      r[4] = static_cast<uint8_t>(ex + len + tag);
      for (size_t i = 0; i < ex; ++i) r[5 + i] = static_cast<uint8_t>(seq >> (56 - 8 * i));
      if (len) std::memcpy(r + 5 + ex, body.data(), len);
      keys.nonce(seq, ByteView(r + 5, ex), nonce);
      std::array<uint8_t, 13> aad;
      record::tls12_aad(seq, type, 0x0303, static_cast<uint16_t>(len), aad);
      (void)keys.aead().seal(nonce, aad, MutableByteView(r + 5 + ex, len),
                             MutableByteView(r + 5 + ex + len, tag));
    }
    ++seq;
  }
}

}  // namespace

namespace {

// What one decoder produced for a chunk: the records (type and fragment) and, at the end,
// the error code if it failed.
struct Decoded {
  std::vector<std::pair<ContentType, Bytes>> records;
  bool failed = false;
  ErrorCode error = ErrorCode::internal_error;
};

// Drains dec; with a sink, fragments in it are taken off again (as the connection does with
// everything but application data; here with all, to bound the sink).
void drain(record::RecordDecoder& dec, WireBuffer* sink, Decoded& out) {
  for (int guard = 0; guard < 100000 && !out.failed; ++guard) {
    auto r = dec.next();
    if (!r) {
      out.failed = true;
      out.error = r.error().code;
      return;
    }
    if (!r->has_record) return;
    const record::Record& rec = r->record;
    if (rec.fragment.size() > record::kMaxPlaintext) __builtin_trap();
    if (rec.in_sink != (sink != nullptr && rec.was_protected)) __builtin_trap();
    out.records.emplace_back(rec.type, Bytes(rec.fragment.begin(), rec.fragment.end()));
    if (rec.in_sink) {
      if (sink->size() < rec.fragment.size() ||
          rec.fragment.data() != sink->data() + sink->size() - rec.fragment.size())
        __builtin_trap();
      sink->resize(sink->size() - rec.fragment.size());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t mode_byte = data[0];
  const size_t chunk = 1 + data[1] * 67;  // 1 .. 17086 bytes per append
  const ModeInfo& m = kModes[mode_byte & 0x07];
  ByteView payload(data + 2, size - 2);

  // dec[0] appends and opens in place; dec[1] reads from the input into a sink.
  record::RecordDecoder dec[2] = {record::RecordDecoder(4096), record::RecordDecoder(4096)};
  WireBuffer sink;
  dec[1].set_plaintext_sink(&sink);
  for (auto& d : dec) {
    d.set_version_rule(m.rule);
    if (m.keys) {
      record::ProtectionKeys keys;
      if (!make_keys(m, keys)) return 0;
      d.set_protection(std::move(keys));
    }
    if (mode_byte & 0x40) d.skip_early_data(4096);
  }

  Bytes sealed;
  if ((mode_byte & 0x80) && m.keys) {
    seal_entries(m, payload, sealed);
    payload = sealed;
  }

  record::HandshakeDeframer deframer(1 << 16);
  size_t fed = 0;
  // Each pass gives one chunk to both decoders and drains them; bounded by the input size.
  while (fed < payload.size()) {
    const size_t n = std::min(chunk, payload.size() - fed);
    const ByteView piece = payload.subspan(fed, n);
    fed += n;
    Decoded got[2];
    dec[0].append(piece);
    drain(dec[0], nullptr, got[0]);
    dec[1].begin_input(piece);
    drain(dec[1], &sink, got[1]);
    dec[1].end_input();
    if (got[0].records != got[1].records || got[0].failed != got[1].failed ||
        (got[0].failed && got[0].error != got[1].error))
      __builtin_trap();
    if (!got[0].failed && dec[0].buffered() != dec[1].buffered()) __builtin_trap();
    for (const auto& [type, fragment] : got[0].records) {
      if (type == ContentType::handshake) {
        if (!deframer.add(fragment)) return 0;
        for (int g2 = 0; g2 < 100000; ++g2) {
          auto msg = deframer.next();
          if (!msg) return 0;
          if (!msg->has_value()) break;
          if ((*msg)->bytes.size() < record::kHandshakeHeaderSize) __builtin_trap();
        }
        (void)deframer.check_key_change();
      } else if (!deframer.check_interleave(type)) {
        return 0;
      }
    }
    if (got[0].failed) return 0;  // errors are expected; they must just be clean and agree
  }
  return 0;
}
