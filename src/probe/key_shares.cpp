// Probe key shares: generator points, random X25519/X448 values, g = 2 for FFDHE, zero ML-KEM
// encapsulation keys.
#include "probe/key_shares.h"

#include <array>
#include <cstdint>

namespace tlskit::probe {
namespace {

// Uncompressed generator points (SEC 2 §2.4.2, §2.5.1, §2.6.1).
constexpr std::string_view kP256G =
    "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c"
    "0f9e162bce33576b315ececbb6406837bf51f5";
constexpr std::string_view kP384G =
    "04aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872"
    "760ab73617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d"
    "7c90ea0e5f";
constexpr std::string_view kP521G =
    "0400c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc1"
    "27a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b44"
    "6817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650";

// ML-KEM encapsulation key sizes (FIPS 203 §8, Table 3): 384*k + 32.
constexpr size_t kMlKem512Ek = 800;
constexpr size_t kMlKem768Ek = 1184;
constexpr size_t kMlKem1024Ek = 1568;
constexpr size_t kRhoSize = 32;

Bytes hex_constant(std::string_view h) {
  auto b = from_hex(h);
  return b ? std::move(*b) : Bytes{};
}

Bytes random_bytes(size_t n, Rng& rng) {
  Bytes b(n);
  rng.fill(b);
  return b;
}

// t-hat = 0 (every coefficient 0 < q), rho random.
Bytes mlkem_ek(size_t size, Rng& rng) {
  Bytes b(size, 0);
  rng.fill(MutableByteView(b).subspan(size - kRhoSize));
  return b;
}

// The value 2 as a big-endian number of n bytes.
Bytes ffdhe_two(size_t n) {
  Bytes b(n, 0);
  b[n - 1] = 2;
  return b;
}

void append(Bytes& out, const Bytes& b) { out.insert(out.end(), b.begin(), b.end()); }

}  // namespace

bool is_ffdhe_group(NamedGroup g) {
  auto v = static_cast<uint16_t>(g);
  return v >= 0x0100 && v <= 0x0104;
}

std::optional<size_t> key_share_size(NamedGroup g) {
  switch (static_cast<uint16_t>(g)) {
    case 0x0017: return 65;
    case 0x0018: return 97;
    case 0x0019: return 133;
    case 0x001D: return 32;
    case 0x001E: return 56;
    case 0x0100: return 256;
    case 0x0101: return 384;
    case 0x0102: return 512;
    case 0x0103: return 768;
    case 0x0104: return 1024;
    case 0x0200: return kMlKem512Ek;
    case 0x0201: return kMlKem768Ek;
    case 0x0202: return kMlKem1024Ek;
    case 0x11EB: return 65 + kMlKem768Ek;    // SecP256r1MLKEM768
    case 0x11EC: return kMlKem768Ek + 32;    // X25519MLKEM768
    case 0x11ED: return 97 + kMlKem1024Ek;   // SecP384r1MLKEM1024
    case 0x6399: return 32 + kMlKem768Ek;    // X25519Kyber768Draft00 (X25519 first)
    default: return std::nullopt;
  }
}

Result<Bytes> make_key_share(NamedGroup g, Rng& rng) {
  uint16_t v = static_cast<uint16_t>(g);
  Bytes out;
  switch (v) {
    case 0x0017: return hex_constant(kP256G);
    case 0x0018: return hex_constant(kP384G);
    case 0x0019: return hex_constant(kP521G);
    case 0x001D: return random_bytes(32, rng);
    case 0x001E: return random_bytes(56, rng);
    case 0x0200: return mlkem_ek(kMlKem512Ek, rng);
    case 0x0201: return mlkem_ek(kMlKem768Ek, rng);
    case 0x0202: return mlkem_ek(kMlKem1024Ek, rng);
    // draft-ietf-tls-ecdhe-mlkem §4.1: X25519MLKEM768 is ML-KEM first, the NIST hybrids ECDH
    // first.
    case 0x11EC:
      out = mlkem_ek(kMlKem768Ek, rng);
      append(out, random_bytes(32, rng));
      return out;
    case 0x11EB:
      out = hex_constant(kP256G);
      append(out, mlkem_ek(kMlKem768Ek, rng));
      return out;
    case 0x11ED:
      out = hex_constant(kP384G);
      append(out, mlkem_ek(kMlKem1024Ek, rng));
      return out;
    case 0x6399:
      out = random_bytes(32, rng);
      append(out, mlkem_ek(kMlKem768Ek, rng));
      return out;
    default:
      break;
  }
  if (is_ffdhe_group(g)) return ffdhe_two(*key_share_size(g));
  return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::client_hello,
                    "the probe engine has no key share format for group " + group_name(g));
}

std::vector<NamedGroup> probe_groups(ProtocolVersion v) {
  // TLS 1.3 (RFC 8446 §4.2.7): no brainpool (RFC 8734 defines separate TLS 1.3 code points).
  static constexpr std::array<uint16_t, 17> kTls13 = {
      0x11EC, 0x11EB, 0x11ED, 0x6399, 0x001D, 0x0017, 0x0018, 0x0019, 0x001E,
      0x0100, 0x0101, 0x0102, 0x0103, 0x0104, 0x0200, 0x0201, 0x0202};
  // TLS 1.2 and older (RFC 8422 §5.1.1, RFC 7919): curves and FFDHE; no KEMs.
  static constexpr std::array<uint16_t, 13> kTls12 = {
      0x001D, 0x0017, 0x0018, 0x0019, 0x001E, 0x001A, 0x001B, 0x001C,
      0x0100, 0x0101, 0x0102, 0x0103, 0x0104};
  std::vector<NamedGroup> out;
  if (v == ProtocolVersion::tls1_3) {
    for (uint16_t g : kTls13) out.push_back(static_cast<NamedGroup>(g));
  } else {
    for (uint16_t g : kTls12) out.push_back(static_cast<NamedGroup>(g));
  }
  return out;
}

}  // namespace tlskit::probe
