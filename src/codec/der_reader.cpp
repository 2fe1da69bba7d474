// Strict DER reader implementation.
#include "codec/der_reader.h"

namespace tlskit::der {

bool Reader::next(Element& out) {
  if (failed_ || pos_ >= data_.size()) {
    failed_ = true;
    return false;
  }
  size_t p = pos_;
  uint8_t tag = data_[p++];
  // X.690 §8.1.2.4: tag numbers >= 31 use the high-tag-number form; X.509 never needs them.
  if ((tag & 0x1F) == 0x1F) {
    failed_ = true;
    return false;
  }
  if (p >= data_.size()) {
    failed_ = true;
    return false;
  }
  uint8_t l0 = data_[p++];
  size_t len = 0;
  if (l0 < 0x80) {
    len = l0;
  } else {
    size_t n = l0 & 0x7F;
    // X.690 §10.1: DER uses the definite form; 0x80 (indefinite) and 0xFF are invalid.
    if (n == 0 || n > 4 || data_.size() - p < n) {
      failed_ = true;
      return false;
    }
    for (size_t i = 0; i < n; ++i) len = len << 8 | data_[p + i];
    p += n;
    // X.690 §10.1: the minimum number of length octets.
    if (len < 0x80 || (n > 1 && data_[p - n] == 0)) {
      failed_ = true;
      return false;
    }
  }
  if (len > kMaxElementSize || data_.size() - p < len) {
    failed_ = true;
    return false;
  }
  out.tag = tag;
  out.value = data_.subspan(p, len);
  out.raw = data_.subspan(pos_, p + len - pos_);
  pos_ = p + len;
  return true;
}

bool Reader::peek(uint8_t tag) const {
  return !failed_ && pos_ < data_.size() && data_[pos_] == tag;
}

bool Reader::read_element(uint8_t tag, Element& out) {
  if (!peek(tag)) {
    failed_ = true;
    return false;
  }
  return next(out);
}

bool Reader::read(uint8_t tag, ByteView& value) {
  Element e;
  if (!read_element(tag, e)) return false;
  value = e.value;
  return true;
}

bool Reader::read_optional(uint8_t tag, ByteView& value, bool& present) {
  present = false;
  if (failed_) return false;
  if (!peek(tag)) return true;
  present = true;
  return read(tag, value);
}

bool Reader::enter(uint8_t tag, Reader& inner) {
  ByteView v;
  if (!read(tag, v)) return false;
  inner = Reader(v);
  return true;
}

bool Reader::read_bool(bool& v) {
  ByteView b;
  if (!read(kBoolean, b)) return false;
  if (b.size() != 1 || (b[0] != 0 && b[0] != 0xFF)) {
    failed_ = true;
    return false;
  }
  v = b[0] == 0xFF;
  return true;
}

bool Reader::read_integer(ByteView& v) {
  if (!read(kInteger, v)) return false;
  if (!valid_integer(v)) {
    failed_ = true;
    return false;
  }
  return true;
}

bool Reader::read_uint64(uint64_t& v) {
  ByteView b;
  if (!read_integer(b)) return false;
  if (!integer_to_uint64(b, v)) {
    failed_ = true;
    return false;
  }
  return true;
}

bool Reader::read_oid(ByteView& v) {
  if (!read(kOid, v)) return false;
  if (!valid_oid(v)) {
    failed_ = true;
    return false;
  }
  return true;
}

bool valid_integer(ByteView v) {
  if (v.empty()) return false;
  // X.690 §8.3.2: the first nine bits must not be all zeros or all ones.
  if (v.size() > 1) {
    if (v[0] == 0x00 && (v[1] & 0x80) == 0) return false;
    if (v[0] == 0xFF && (v[1] & 0x80) != 0) return false;
  }
  return true;
}

bool integer_to_uint64(ByteView v, uint64_t& out) {
  if (!valid_integer(v) || (v[0] & 0x80)) return false;
  if (v[0] == 0) v = v.subspan(1);
  if (v.size() > 8) return false;
  uint64_t r = 0;
  for (uint8_t b : v) r = r << 8 | b;
  out = r;
  return true;
}

bool valid_oid(ByteView v) {
  if (v.empty()) return false;
  size_t arc_len = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    // X.690 §8.19.2: each arc is minimal base-128 (no leading 0x80 byte).
    if (arc_len == 0 && v[i] == 0x80) return false;
    ++arc_len;
    if (arc_len > 9) return false;
    if ((v[i] & 0x80) == 0) arc_len = 0;
  }
  return arc_len == 0;
}

std::string oid_to_string(ByteView v) {
  if (!valid_oid(v)) return "<invalid OID>";
  std::string out;
  uint64_t arc = 0;
  bool first = true;
  for (uint8_t b : v) {
    arc = arc << 7 | (b & 0x7F);
    if (b & 0x80) continue;
    if (first) {
      uint64_t a = arc < 40 ? 0 : arc < 80 ? 1 : 2;
      out += std::to_string(a) + "." + std::to_string(arc - 40 * a);
      first = false;
    } else {
      out += "." + std::to_string(arc);
    }
    arc = 0;
  }
  return out;
}

std::optional<Bytes> oid_from_string(std::string_view dotted) {
  std::vector<uint64_t> arcs;
  uint64_t cur = 0;
  bool have = false;
  for (size_t i = 0; i <= dotted.size(); ++i) {
    if (i == dotted.size() || dotted[i] == '.') {
      if (!have) return std::nullopt;
      arcs.push_back(cur);
      cur = 0;
      have = false;
      continue;
    }
    char c = dotted[i];
    if (c < '0' || c > '9') return std::nullopt;
    if (cur > (UINT64_MAX / 10) - 10) return std::nullopt;
    cur = cur * 10 + static_cast<uint64_t>(c - '0');
    have = true;
  }
  if (arcs.size() < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40)) return std::nullopt;
  Bytes out;
  auto put = [&](uint64_t a) {
    uint8_t tmp[10];
    int n = 0;
    do {
      tmp[n++] = static_cast<uint8_t>(a & 0x7F);
      a >>= 7;
    } while (a);
    for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(tmp[i] | (i ? 0x80 : 0)));
  };
  put(arcs[0] * 40 + arcs[1]);
  for (size_t i = 2; i < arcs.size(); ++i) put(arcs[i]);
  return out;
}

bool parse_bit_string(ByteView value, BitString& out) {
  if (value.empty()) return false;
  uint8_t unused = value[0];
  if (unused > 7) return false;
  ByteView bits = value.subspan(1);
  if (bits.empty() && unused != 0) return false;
  // X.690 §11.2.1: the unused bits are zero in DER.
  if (unused && (bits.back() & ((1u << unused) - 1))) return false;
  out.bytes = bits;
  out.unused = unused;
  return true;
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

CivilTime civil_from_unix(int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  CivilTime c;
  c.year = y + (m <= 2);
  c.month = m;
  c.day = d;
  c.hour = static_cast<unsigned>(secs / 3600);
  c.minute = static_cast<unsigned>(secs / 60 % 60);
  c.second = static_cast<unsigned>(secs % 60);
  return c;
}

namespace {

bool digits(ByteView v, size_t at, size_t n, unsigned& out) {
  unsigned r = 0;
  for (size_t i = 0; i < n; ++i) {
    uint8_t c = v[at + i];
    if (c < '0' || c > '9') return false;
    r = r * 10 + (c - '0');
  }
  out = r;
  return true;
}

bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::optional<int64_t> parse_time(uint8_t tag, ByteView v) {
  unsigned year = 0, mon = 0, day = 0, hour = 0, min = 0, sec = 0;
  size_t p = 0;
  if (tag == kUtcTime) {
    // RFC 5280 §4.1.2.5.1: YYMMDDHHMMSSZ; YY >= 50 is 19YY, else 20YY.
    if (v.size() != 13) return std::nullopt;
    if (!digits(v, 0, 2, year)) return std::nullopt;
    year += year >= 50 ? 1900 : 2000;
    p = 2;
  } else if (tag == kGeneralizedTime) {
    // RFC 5280 §4.1.2.5.2: YYYYMMDDHHMMSSZ, no fractional seconds.
    if (v.size() != 15) return std::nullopt;
    if (!digits(v, 0, 4, year)) return std::nullopt;
    p = 4;
  } else {
    return std::nullopt;
  }
  if (!digits(v, p, 2, mon) || !digits(v, p + 2, 2, day) || !digits(v, p + 4, 2, hour) ||
      !digits(v, p + 6, 2, min) || !digits(v, p + 8, 2, sec) || v[p + 10] != 'Z')
    return std::nullopt;
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mon < 1 || mon > 12 || day < 1) return std::nullopt;
  unsigned mdays = kDays[mon - 1] + (mon == 2 && leap(year) ? 1 : 0);
  if (day > mdays || hour > 23 || min > 59 || sec > 59) return std::nullopt;
  return days_from_civil(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec;
}

}  // namespace tlskit::der
