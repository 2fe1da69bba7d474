// Helpers to alter a flight of records in transit: split into records, the leading plaintext
// handshake records into one record per message, edit, and join again.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "base/bytes.h"

namespace tlskit::tls12test {

struct Rec {
  uint8_t type = 22;
  uint16_t version = 0x0303;
  Bytes payload;
  // For handshake records produced by per_message(): the message type (else 0xFF).
  uint8_t msg_type = 0xFF;
};

// Splits records; a truncated tail is kept as one raw record of type 0.
inline std::vector<Rec> split_records(const Bytes& data) {
  std::vector<Rec> out;
  size_t i = 0;
  while (i + 5 <= data.size()) {
    size_t len = (size_t{data[i + 3]} << 8) | data[i + 4];
    if (i + 5 + len > data.size()) break;
    Rec r;
    r.type = data[i];
    r.version = static_cast<uint16_t>((data[i + 1] << 8) | data[i + 2]);
    r.payload.assign(data.begin() + static_cast<long>(i + 5), data.begin() + static_cast<long>(i + 5 + len));
    out.push_back(std::move(r));
    i += 5 + len;
  }
  return out;
}

// The leading run of handshake records (before any other record type) re-cut into one record
// per handshake message; the other records are kept as they are.
inline std::vector<Rec> per_message(const Bytes& data) {
  std::vector<Rec> recs = split_records(data);
  std::vector<Rec> out;
  Bytes stream;
  size_t k = 0;
  while (k < recs.size() && recs[k].type == 22) {
    stream.insert(stream.end(), recs[k].payload.begin(), recs[k].payload.end());
    ++k;
  }
  size_t i = 0;
  while (i + 4 <= stream.size()) {
    size_t len = (size_t{stream[i + 1]} << 16) | (size_t{stream[i + 2]} << 8) | stream[i + 3];
    if (i + 4 + len > stream.size()) break;
    Rec r;
    r.type = 22;
    r.msg_type = stream[i];
    r.payload.assign(stream.begin() + static_cast<long>(i), stream.begin() + static_cast<long>(i + 4 + len));
    out.push_back(std::move(r));
    i += 4 + len;
  }
  for (; k < recs.size(); ++k) out.push_back(recs[k]);
  return out;
}

inline Bytes join_records(const std::vector<Rec>& recs) {
  Bytes out;
  for (const auto& r : recs) {
    out.push_back(r.type);
    out.push_back(static_cast<uint8_t>(r.version >> 8));
    out.push_back(static_cast<uint8_t>(r.version));
    out.push_back(static_cast<uint8_t>(r.payload.size() >> 8));
    out.push_back(static_cast<uint8_t>(r.payload.size()));
    out.insert(out.end(), r.payload.begin(), r.payload.end());
  }
  return out;
}

// Finds the record carrying the first message of type t (per_message output); -1 if none.
inline int find_message(const std::vector<Rec>& recs, uint8_t t) {
  for (size_t i = 0; i < recs.size(); ++i)
    if (recs[i].msg_type == t) return static_cast<int>(i);
  return -1;
}

// Rewrites a handshake message body (fixing its 3-byte length).
inline void set_body(Rec& r, const Bytes& body) {
  uint8_t t = r.payload[0];
  r.payload = {t, static_cast<uint8_t>(body.size() >> 16), static_cast<uint8_t>(body.size() >> 8),
               static_cast<uint8_t>(body.size())};
  r.payload.insert(r.payload.end(), body.begin(), body.end());
}

inline Bytes body_of(const Rec& r) { return Bytes(r.payload.begin() + 4, r.payload.end()); }

// A ChangeCipherSpec record.
inline Rec ccs_record() {
  Rec r;
  r.type = 20;
  r.payload = {1};
  return r;
}

}  // namespace tlskit::tls12test
