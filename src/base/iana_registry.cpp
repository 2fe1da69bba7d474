// The one registry of IANA TLS names: content and handshake types, versions, cipher suites (with
// OpenSSL's names), groups, signature schemes, extensions, alerts (with what each means to a
// person) and certificate compression algorithms. wire/, crypto/, record/, handshake/, the tools
// and the docs all name a code point through these functions; no other name table exists.
#include "base/iana_registry.h"
#include "base/ascii.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string>

#include "tlskit/alert.h"

namespace tlskit {
namespace {

std::string hex4(uint16_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04X", v);
  return buf;
}

std::string hex2(uint8_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", v);
  return buf;
}

std::string grease_name(uint16_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "GREASE(0x%04x)", v);
  return buf;
}

// Renders an unknown 16-bit value: GREASE(0x0a0a) for GREASE, 0x%04X otherwise.
std::string unknown16(uint16_t v) { return is_grease(v) ? grease_name(v) : hex4(v); }

struct SuiteName {
  uint16_t value;
  const char* iana;
  const char* openssl;  // nullptr: same as IANA (TLS 1.3, signalling values)
};

// The IANA TLS Cipher Suites registry (every assigned value, sorted by value), with OpenSSL's
// names where OpenSSL has one, so the inspector and the probe engine can name any suite a peer
// offers or chooses ("server chose TLS_RSA_WITH_AES_128_CBC_SHA"). Keep it sorted: lookups are a
// binary search.
constexpr SuiteName kSuites[] = {
    {0x0000, "TLS_NULL_WITH_NULL_NULL", nullptr},
    {0x0001, "TLS_RSA_WITH_NULL_MD5", "NULL-MD5"},
    {0x0002, "TLS_RSA_WITH_NULL_SHA", "NULL-SHA"},
    {0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", "EXP-RC4-MD5"},
    {0x0004, "TLS_RSA_WITH_RC4_128_MD5", "RC4-MD5"},
    {0x0005, "TLS_RSA_WITH_RC4_128_SHA", "RC4-SHA"},
    {0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", "EXP-RC2-CBC-MD5"},
    {0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA", "IDEA-CBC-SHA"},
    {0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", "EXP-DES-CBC-SHA"},
    {0x0009, "TLS_RSA_WITH_DES_CBC_SHA", "DES-CBC-SHA"},
    {0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "DES-CBC3-SHA"},
    {0x000B, "TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA", nullptr},
    {0x000C, "TLS_DH_DSS_WITH_DES_CBC_SHA", nullptr},
    {0x000D, "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA", nullptr},
    {0x000E, "TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA", nullptr},
    {0x000F, "TLS_DH_RSA_WITH_DES_CBC_SHA", nullptr},
    {0x0010, "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA", nullptr},
    {0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA", "EXP-EDH-DSS-DES-CBC-SHA"},
    {0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA", "EDH-DSS-DES-CBC-SHA"},
    {0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", "EDH-DSS-DES-CBC3-SHA"},
    {0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", "EXP-EDH-RSA-DES-CBC-SHA"},
    {0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA", "EDH-RSA-DES-CBC-SHA"},
    {0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", "EDH-RSA-DES-CBC3-SHA"},
    {0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5", "EXP-ADH-RC4-MD5"},
    {0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", "ADH-RC4-MD5"},
    {0x0019, "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA", "EXP-ADH-DES-CBC-SHA"},
    {0x001A, "TLS_DH_anon_WITH_DES_CBC_SHA", "ADH-DES-CBC-SHA"},
    {0x001B, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA", "ADH-DES-CBC3-SHA"},
    {0x001E, "TLS_KRB5_WITH_DES_CBC_SHA", nullptr},
    {0x001F, "TLS_KRB5_WITH_3DES_EDE_CBC_SHA", nullptr},
    {0x0020, "TLS_KRB5_WITH_RC4_128_SHA", nullptr},
    {0x0021, "TLS_KRB5_WITH_IDEA_CBC_SHA", nullptr},
    {0x0022, "TLS_KRB5_WITH_DES_CBC_MD5", nullptr},
    {0x0023, "TLS_KRB5_WITH_3DES_EDE_CBC_MD5", nullptr},
    {0x0024, "TLS_KRB5_WITH_RC4_128_MD5", nullptr},
    {0x0025, "TLS_KRB5_WITH_IDEA_CBC_MD5", nullptr},
    {0x0026, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA", nullptr},
    {0x0027, "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA", nullptr},
    {0x0028, "TLS_KRB5_EXPORT_WITH_RC4_40_SHA", nullptr},
    {0x0029, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5", nullptr},
    {0x002A, "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5", nullptr},
    {0x002B, "TLS_KRB5_EXPORT_WITH_RC4_40_MD5", nullptr},
    {0x002C, "TLS_PSK_WITH_NULL_SHA", "PSK-NULL-SHA"},
    {0x002D, "TLS_DHE_PSK_WITH_NULL_SHA", "DHE-PSK-NULL-SHA"},
    {0x002E, "TLS_RSA_PSK_WITH_NULL_SHA", "RSA-PSK-NULL-SHA"},
    {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA"},
    {0x0030, "TLS_DH_DSS_WITH_AES_128_CBC_SHA", nullptr},
    {0x0031, "TLS_DH_RSA_WITH_AES_128_CBC_SHA", nullptr},
    {0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", "DHE-DSS-AES128-SHA"},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA"},
    {0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", "ADH-AES128-SHA"},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA"},
    {0x0036, "TLS_DH_DSS_WITH_AES_256_CBC_SHA", nullptr},
    {0x0037, "TLS_DH_RSA_WITH_AES_256_CBC_SHA", nullptr},
    {0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA", "DHE-DSS-AES256-SHA"},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA"},
    {0x003A, "TLS_DH_anon_WITH_AES_256_CBC_SHA", "ADH-AES256-SHA"},
    {0x003B, "TLS_RSA_WITH_NULL_SHA256", "NULL-SHA256"},
    {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256"},
    {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256"},
    {0x003E, "TLS_DH_DSS_WITH_AES_128_CBC_SHA256", nullptr},
    {0x003F, "TLS_DH_RSA_WITH_AES_128_CBC_SHA256", nullptr},
    {0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", "DHE-DSS-AES128-SHA256"},
    {0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", "CAMELLIA128-SHA"},
    {0x0042, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA", nullptr},
    {0x0043, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA", nullptr},
    {0x0044, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", "DHE-DSS-CAMELLIA128-SHA"},
    {0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", "DHE-RSA-CAMELLIA128-SHA"},
    {0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", "ADH-CAMELLIA128-SHA"},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256"},
    {0x0068, "TLS_DH_DSS_WITH_AES_256_CBC_SHA256", nullptr},
    {0x0069, "TLS_DH_RSA_WITH_AES_256_CBC_SHA256", nullptr},
    {0x006A, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", "DHE-DSS-AES256-SHA256"},
    {0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256"},
    {0x006C, "TLS_DH_anon_WITH_AES_128_CBC_SHA256", "ADH-AES128-SHA256"},
    {0x006D, "TLS_DH_anon_WITH_AES_256_CBC_SHA256", "ADH-AES256-SHA256"},
    {0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", "CAMELLIA256-SHA"},
    {0x0085, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA", nullptr},
    {0x0086, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA", nullptr},
    {0x0087, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA", "DHE-DSS-CAMELLIA256-SHA"},
    {0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", "DHE-RSA-CAMELLIA256-SHA"},
    {0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA", "ADH-CAMELLIA256-SHA"},
    {0x008A, "TLS_PSK_WITH_RC4_128_SHA", nullptr},
    {0x008B, "TLS_PSK_WITH_3DES_EDE_CBC_SHA", nullptr},
    {0x008C, "TLS_PSK_WITH_AES_128_CBC_SHA", "PSK-AES128-CBC-SHA"},
    {0x008D, "TLS_PSK_WITH_AES_256_CBC_SHA", "PSK-AES256-CBC-SHA"},
    {0x008E, "TLS_DHE_PSK_WITH_RC4_128_SHA", nullptr},
    {0x008F, "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA", nullptr},
    {0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", "DHE-PSK-AES128-CBC-SHA"},
    {0x0091, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA", "DHE-PSK-AES256-CBC-SHA"},
    {0x0092, "TLS_RSA_PSK_WITH_RC4_128_SHA", nullptr},
    {0x0093, "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA", nullptr},
    {0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", "RSA-PSK-AES128-CBC-SHA"},
    {0x0095, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA", "RSA-PSK-AES256-CBC-SHA"},
    {0x0096, "TLS_RSA_WITH_SEED_CBC_SHA", nullptr},
    {0x0097, "TLS_DH_DSS_WITH_SEED_CBC_SHA", nullptr},
    {0x0098, "TLS_DH_RSA_WITH_SEED_CBC_SHA", nullptr},
    {0x0099, "TLS_DHE_DSS_WITH_SEED_CBC_SHA", nullptr},
    {0x009A, "TLS_DHE_RSA_WITH_SEED_CBC_SHA", nullptr},
    {0x009B, "TLS_DH_anon_WITH_SEED_CBC_SHA", nullptr},
    {0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256"},
    {0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384"},
    {0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256"},
    {0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384"},
    {0x00A0, "TLS_DH_RSA_WITH_AES_128_GCM_SHA256", nullptr},
    {0x00A1, "TLS_DH_RSA_WITH_AES_256_GCM_SHA384", nullptr},
    {0x00A2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", "DHE-DSS-AES128-GCM-SHA256"},
    {0x00A3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", "DHE-DSS-AES256-GCM-SHA384"},
    {0x00A4, "TLS_DH_DSS_WITH_AES_128_GCM_SHA256", nullptr},
    {0x00A5, "TLS_DH_DSS_WITH_AES_256_GCM_SHA384", nullptr},
    {0x00A6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256", "ADH-AES128-GCM-SHA256"},
    {0x00A7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384", "ADH-AES256-GCM-SHA384"},
    {0x00A8, "TLS_PSK_WITH_AES_128_GCM_SHA256", "PSK-AES128-GCM-SHA256"},
    {0x00A9, "TLS_PSK_WITH_AES_256_GCM_SHA384", "PSK-AES256-GCM-SHA384"},
    {0x00AA, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", "DHE-PSK-AES128-GCM-SHA256"},
    {0x00AB, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", "DHE-PSK-AES256-GCM-SHA384"},
    {0x00AC, "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256", "RSA-PSK-AES128-GCM-SHA256"},
    {0x00AD, "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384", "RSA-PSK-AES256-GCM-SHA384"},
    {0x00AE, "TLS_PSK_WITH_AES_128_CBC_SHA256", "PSK-AES128-CBC-SHA256"},
    {0x00AF, "TLS_PSK_WITH_AES_256_CBC_SHA384", "PSK-AES256-CBC-SHA384"},
    {0x00B0, "TLS_PSK_WITH_NULL_SHA256", "PSK-NULL-SHA256"},
    {0x00B1, "TLS_PSK_WITH_NULL_SHA384", "PSK-NULL-SHA384"},
    {0x00B2, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", "DHE-PSK-AES128-CBC-SHA256"},
    {0x00B3, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384", "DHE-PSK-AES256-CBC-SHA384"},
    {0x00B4, "TLS_DHE_PSK_WITH_NULL_SHA256", "DHE-PSK-NULL-SHA256"},
    {0x00B5, "TLS_DHE_PSK_WITH_NULL_SHA384", "DHE-PSK-NULL-SHA384"},
    {0x00B6, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256", "RSA-PSK-AES128-CBC-SHA256"},
    {0x00B7, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384", "RSA-PSK-AES256-CBC-SHA384"},
    {0x00B8, "TLS_RSA_PSK_WITH_NULL_SHA256", "RSA-PSK-NULL-SHA256"},
    {0x00B9, "TLS_RSA_PSK_WITH_NULL_SHA384", "RSA-PSK-NULL-SHA384"},
    {0x00BA, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", "CAMELLIA128-SHA256"},
    {0x00BB, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA256", nullptr},
    {0x00BC, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA256", nullptr},
    {0x00BD, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256", "DHE-DSS-CAMELLIA128-SHA256"},
    {0x00BE, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", "DHE-RSA-CAMELLIA128-SHA256"},
    {0x00BF, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256", "ADH-CAMELLIA128-SHA256"},
    {0x00C0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", "CAMELLIA256-SHA256"},
    {0x00C1, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA256", nullptr},
    {0x00C2, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA256", nullptr},
    {0x00C3, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256", "DHE-DSS-CAMELLIA256-SHA256"},
    {0x00C4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", "DHE-RSA-CAMELLIA256-SHA256"},
    {0x00C5, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256", "ADH-CAMELLIA256-SHA256"},
    {0x00C6, "TLS_SM4_GCM_SM3", nullptr},
    {0x00C7, "TLS_SM4_CCM_SM3", nullptr},
    {0x00FF, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", nullptr},
    {0x1301, "TLS_AES_128_GCM_SHA256", nullptr},
    {0x1302, "TLS_AES_256_GCM_SHA384", nullptr},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256", nullptr},
    {0x1304, "TLS_AES_128_CCM_SHA256", nullptr},
    {0x1305, "TLS_AES_128_CCM_8_SHA256", nullptr},
    {0x1306, "TLS_AEGIS_256_SHA512", nullptr},
    {0x1307, "TLS_AEGIS_128L_SHA256", nullptr},
    {0x5600, "TLS_FALLBACK_SCSV", nullptr},
    {0xC001, "TLS_ECDH_ECDSA_WITH_NULL_SHA", nullptr},
    {0xC002, "TLS_ECDH_ECDSA_WITH_RC4_128_SHA", nullptr},
    {0xC003, "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA", nullptr},
    {0xC004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA", nullptr},
    {0xC005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA", nullptr},
    {0xC006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", "ECDHE-ECDSA-NULL-SHA"},
    {0xC007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", "ECDHE-ECDSA-RC4-SHA"},
    {0xC008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", "ECDHE-ECDSA-DES-CBC3-SHA"},
    {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA"},
    {0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA"},
    {0xC00B, "TLS_ECDH_RSA_WITH_NULL_SHA", nullptr},
    {0xC00C, "TLS_ECDH_RSA_WITH_RC4_128_SHA", nullptr},
    {0xC00D, "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA", nullptr},
    {0xC00E, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", nullptr},
    {0xC00F, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA", nullptr},
    {0xC010, "TLS_ECDHE_RSA_WITH_NULL_SHA", "ECDHE-RSA-NULL-SHA"},
    {0xC011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "ECDHE-RSA-RC4-SHA"},
    {0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "ECDHE-RSA-DES-CBC3-SHA"},
    {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA"},
    {0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA"},
    {0xC015, "TLS_ECDH_anon_WITH_NULL_SHA", "AECDH-NULL-SHA"},
    {0xC016, "TLS_ECDH_anon_WITH_RC4_128_SHA", "AECDH-RC4-SHA"},
    {0xC017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA", "AECDH-DES-CBC3-SHA"},
    {0xC018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", "AECDH-AES128-SHA"},
    {0xC019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", "AECDH-AES256-SHA"},
    {0xC01A, "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA", nullptr},
    {0xC01B, "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA", nullptr},
    {0xC01C, "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA", nullptr},
    {0xC01D, "TLS_SRP_SHA_WITH_AES_128_CBC_SHA", "SRP-AES-128-CBC-SHA"},
    {0xC01E, "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA", "SRP-RSA-AES-128-CBC-SHA"},
    {0xC01F, "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA", "SRP-DSS-AES-128-CBC-SHA"},
    {0xC020, "TLS_SRP_SHA_WITH_AES_256_CBC_SHA", "SRP-AES-256-CBC-SHA"},
    {0xC021, "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA", "SRP-RSA-AES-256-CBC-SHA"},
    {0xC022, "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA", "SRP-DSS-AES-256-CBC-SHA"},
    {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256"},
    {0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384"},
    {0xC025, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256", nullptr},
    {0xC026, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384", nullptr},
    {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256"},
    {0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384"},
    {0xC029, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256", nullptr},
    {0xC02A, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384", nullptr},
    {0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"},
    {0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"},
    {0xC02D, "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", nullptr},
    {0xC02E, "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384", nullptr},
    {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"},
    {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"},
    {0xC031, "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256", nullptr},
    {0xC032, "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384", nullptr},
    {0xC033, "TLS_ECDHE_PSK_WITH_RC4_128_SHA", nullptr},
    {0xC034, "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA", nullptr},
    {0xC035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", "ECDHE-PSK-AES128-CBC-SHA"},
    {0xC036, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", "ECDHE-PSK-AES256-CBC-SHA"},
    {0xC037, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", "ECDHE-PSK-AES128-CBC-SHA256"},
    {0xC038, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", "ECDHE-PSK-AES256-CBC-SHA384"},
    {0xC039, "TLS_ECDHE_PSK_WITH_NULL_SHA", "ECDHE-PSK-NULL-SHA"},
    {0xC03A, "TLS_ECDHE_PSK_WITH_NULL_SHA256", "ECDHE-PSK-NULL-SHA256"},
    {0xC03B, "TLS_ECDHE_PSK_WITH_NULL_SHA384", "ECDHE-PSK-NULL-SHA384"},
    {0xC03C, "TLS_RSA_WITH_ARIA_128_CBC_SHA256", nullptr},
    {0xC03D, "TLS_RSA_WITH_ARIA_256_CBC_SHA384", nullptr},
    {0xC03E, "TLS_DH_DSS_WITH_ARIA_128_CBC_SHA256", nullptr},
    {0xC03F, "TLS_DH_DSS_WITH_ARIA_256_CBC_SHA384", nullptr},
    {0xC040, "TLS_DH_RSA_WITH_ARIA_128_CBC_SHA256", nullptr},
    {0xC041, "TLS_DH_RSA_WITH_ARIA_256_CBC_SHA384", nullptr},
    {0xC042, "TLS_DHE_DSS_WITH_ARIA_128_CBC_SHA256", nullptr},
    {0xC043, "TLS_DHE_DSS_WITH_ARIA_256_CBC_SHA384", nullptr},
    {0xC044, "TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256", nullptr},
    {0xC045, "TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384", nullptr},
    {0xC046, "TLS_DH_anon_WITH_ARIA_128_CBC_SHA256", nullptr},
    {0xC047, "TLS_DH_anon_WITH_ARIA_256_CBC_SHA384", nullptr},
    {0xC048, "TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256", nullptr},
    {0xC049, "TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384", nullptr},
    {0xC04A, "TLS_ECDH_ECDSA_WITH_ARIA_128_CBC_SHA256", nullptr},
    {0xC04B, "TLS_ECDH_ECDSA_WITH_ARIA_256_CBC_SHA384", nullptr},
    {0xC04C, "TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256", nullptr},
    {0xC04D, "TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384", nullptr},
    {0xC04E, "TLS_ECDH_RSA_WITH_ARIA_128_CBC_SHA256", nullptr},
    {0xC04F, "TLS_ECDH_RSA_WITH_ARIA_256_CBC_SHA384", nullptr},
    {0xC050, "TLS_RSA_WITH_ARIA_128_GCM_SHA256", "ARIA128-GCM-SHA256"},
    {0xC051, "TLS_RSA_WITH_ARIA_256_GCM_SHA384", "ARIA256-GCM-SHA384"},
    {0xC052, "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256", "DHE-RSA-ARIA128-GCM-SHA256"},
    {0xC053, "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384", "DHE-RSA-ARIA256-GCM-SHA384"},
    {0xC054, "TLS_DH_RSA_WITH_ARIA_128_GCM_SHA256", nullptr},
    {0xC055, "TLS_DH_RSA_WITH_ARIA_256_GCM_SHA384", nullptr},
    {0xC056, "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256", "DHE-DSS-ARIA128-GCM-SHA256"},
    {0xC057, "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384", "DHE-DSS-ARIA256-GCM-SHA384"},
    {0xC058, "TLS_DH_DSS_WITH_ARIA_128_GCM_SHA256", nullptr},
    {0xC059, "TLS_DH_DSS_WITH_ARIA_256_GCM_SHA384", nullptr},
    {0xC05A, "TLS_DH_anon_WITH_ARIA_128_GCM_SHA256", nullptr},
    {0xC05B, "TLS_DH_anon_WITH_ARIA_256_GCM_SHA384", nullptr},
    {0xC05C, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", "ECDHE-ECDSA-ARIA128-GCM-SHA256"},
    {0xC05D, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", "ECDHE-ECDSA-ARIA256-GCM-SHA384"},
    {0xC05E, "TLS_ECDH_ECDSA_WITH_ARIA_128_GCM_SHA256", nullptr},
    {0xC05F, "TLS_ECDH_ECDSA_WITH_ARIA_256_GCM_SHA384", nullptr},
    {0xC060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", "ECDHE-ARIA128-GCM-SHA256"},
    {0xC061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", "ECDHE-ARIA256-GCM-SHA384"},
    {0xC062, "TLS_ECDH_RSA_WITH_ARIA_128_GCM_SHA256", nullptr},
    {0xC063, "TLS_ECDH_RSA_WITH_ARIA_256_GCM_SHA384", nullptr},
    {0xC064, "TLS_PSK_WITH_ARIA_128_CBC_SHA256", nullptr},
    {0xC065, "TLS_PSK_WITH_ARIA_256_CBC_SHA384", nullptr},
    {0xC066, "TLS_DHE_PSK_WITH_ARIA_128_CBC_SHA256", nullptr},
    {0xC067, "TLS_DHE_PSK_WITH_ARIA_256_CBC_SHA384", nullptr},
    {0xC068, "TLS_RSA_PSK_WITH_ARIA_128_CBC_SHA256", nullptr},
    {0xC069, "TLS_RSA_PSK_WITH_ARIA_256_CBC_SHA384", nullptr},
    {0xC06A, "TLS_PSK_WITH_ARIA_128_GCM_SHA256", "PSK-ARIA128-GCM-SHA256"},
    {0xC06B, "TLS_PSK_WITH_ARIA_256_GCM_SHA384", "PSK-ARIA256-GCM-SHA384"},
    {0xC06C, "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256", "DHE-PSK-ARIA128-GCM-SHA256"},
    {0xC06D, "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384", "DHE-PSK-ARIA256-GCM-SHA384"},
    {0xC06E, "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256", "RSA-PSK-ARIA128-GCM-SHA256"},
    {0xC06F, "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384", "RSA-PSK-ARIA256-GCM-SHA384"},
    {0xC070, "TLS_ECDHE_PSK_WITH_ARIA_128_CBC_SHA256", nullptr},
    {0xC071, "TLS_ECDHE_PSK_WITH_ARIA_256_CBC_SHA384", nullptr},
    {0xC072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", "ECDHE-ECDSA-CAMELLIA128-SHA256"},
    {0xC073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", "ECDHE-ECDSA-CAMELLIA256-SHA384"},
    {0xC074, "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", nullptr},
    {0xC075, "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", nullptr},
    {0xC076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", "ECDHE-RSA-CAMELLIA128-SHA256"},
    {0xC077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", "ECDHE-RSA-CAMELLIA256-SHA384"},
    {0xC078, "TLS_ECDH_RSA_WITH_CAMELLIA_128_CBC_SHA256", nullptr},
    {0xC079, "TLS_ECDH_RSA_WITH_CAMELLIA_256_CBC_SHA384", nullptr},
    {0xC07A, "TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256", nullptr},
    {0xC07B, "TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384", nullptr},
    {0xC07C, "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", nullptr},
    {0xC07D, "TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", nullptr},
    {0xC07E, "TLS_DH_RSA_WITH_CAMELLIA_128_GCM_SHA256", nullptr},
    {0xC07F, "TLS_DH_RSA_WITH_CAMELLIA_256_GCM_SHA384", nullptr},
    {0xC080, "TLS_DHE_DSS_WITH_CAMELLIA_128_GCM_SHA256", nullptr},
    {0xC081, "TLS_DHE_DSS_WITH_CAMELLIA_256_GCM_SHA384", nullptr},
    {0xC082, "TLS_DH_DSS_WITH_CAMELLIA_128_GCM_SHA256", nullptr},
    {0xC083, "TLS_DH_DSS_WITH_CAMELLIA_256_GCM_SHA384", nullptr},
    {0xC084, "TLS_DH_anon_WITH_CAMELLIA_128_GCM_SHA256", nullptr},
    {0xC085, "TLS_DH_anon_WITH_CAMELLIA_256_GCM_SHA384", nullptr},
    {0xC086, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", nullptr},
    {0xC087, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", nullptr},
    {0xC088, "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", nullptr},
    {0xC089, "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", nullptr},
    {0xC08A, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", nullptr},
    {0xC08B, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", nullptr},
    {0xC08C, "TLS_ECDH_RSA_WITH_CAMELLIA_128_GCM_SHA256", nullptr},
    {0xC08D, "TLS_ECDH_RSA_WITH_CAMELLIA_256_GCM_SHA384", nullptr},
    {0xC08E, "TLS_PSK_WITH_CAMELLIA_128_GCM_SHA256", nullptr},
    {0xC08F, "TLS_PSK_WITH_CAMELLIA_256_GCM_SHA384", nullptr},
    {0xC090, "TLS_DHE_PSK_WITH_CAMELLIA_128_GCM_SHA256", nullptr},
    {0xC091, "TLS_DHE_PSK_WITH_CAMELLIA_256_GCM_SHA384", nullptr},
    {0xC092, "TLS_RSA_PSK_WITH_CAMELLIA_128_GCM_SHA256", nullptr},
    {0xC093, "TLS_RSA_PSK_WITH_CAMELLIA_256_GCM_SHA384", nullptr},
    {0xC094, "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256", "PSK-CAMELLIA128-SHA256"},
    {0xC095, "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384", "PSK-CAMELLIA256-SHA384"},
    {0xC096, "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", "DHE-PSK-CAMELLIA128-SHA256"},
    {0xC097, "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", "DHE-PSK-CAMELLIA256-SHA384"},
    {0xC098, "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256", "RSA-PSK-CAMELLIA128-SHA256"},
    {0xC099, "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384", "RSA-PSK-CAMELLIA256-SHA384"},
    {0xC09A, "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", "ECDHE-PSK-CAMELLIA128-SHA256"},
    {0xC09B, "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", "ECDHE-PSK-CAMELLIA256-SHA384"},
    {0xC09C, "TLS_RSA_WITH_AES_128_CCM", "AES128-CCM"},
    {0xC09D, "TLS_RSA_WITH_AES_256_CCM", "AES256-CCM"},
    {0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM", "DHE-RSA-AES128-CCM"},
    {0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM", "DHE-RSA-AES256-CCM"},
    {0xC0A0, "TLS_RSA_WITH_AES_128_CCM_8", "AES128-CCM8"},
    {0xC0A1, "TLS_RSA_WITH_AES_256_CCM_8", "AES256-CCM8"},
    {0xC0A2, "TLS_DHE_RSA_WITH_AES_128_CCM_8", "DHE-RSA-AES128-CCM8"},
    {0xC0A3, "TLS_DHE_RSA_WITH_AES_256_CCM_8", "DHE-RSA-AES256-CCM8"},
    {0xC0A4, "TLS_PSK_WITH_AES_128_CCM", "PSK-AES128-CCM"},
    {0xC0A5, "TLS_PSK_WITH_AES_256_CCM", "PSK-AES256-CCM"},
    {0xC0A6, "TLS_DHE_PSK_WITH_AES_128_CCM", "DHE-PSK-AES128-CCM"},
    {0xC0A7, "TLS_DHE_PSK_WITH_AES_256_CCM", "DHE-PSK-AES256-CCM"},
    {0xC0A8, "TLS_PSK_WITH_AES_128_CCM_8", "PSK-AES128-CCM8"},
    {0xC0A9, "TLS_PSK_WITH_AES_256_CCM_8", "PSK-AES256-CCM8"},
    {0xC0AA, "TLS_PSK_DHE_WITH_AES_128_CCM_8", "DHE-PSK-AES128-CCM8"},
    {0xC0AB, "TLS_PSK_DHE_WITH_AES_256_CCM_8", "DHE-PSK-AES256-CCM8"},
    {0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", "ECDHE-ECDSA-AES128-CCM"},
    {0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", "ECDHE-ECDSA-AES256-CCM"},
    {0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "ECDHE-ECDSA-AES128-CCM8"},
    {0xC0AF, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", "ECDHE-ECDSA-AES256-CCM8"},
    {0xC0B0, "TLS_ECCPWD_WITH_AES_128_GCM_SHA256", nullptr},
    {0xC0B1, "TLS_ECCPWD_WITH_AES_256_GCM_SHA384", nullptr},
    {0xC0B2, "TLS_ECCPWD_WITH_AES_128_CCM_SHA256", nullptr},
    {0xC0B3, "TLS_ECCPWD_WITH_AES_256_CCM_SHA384", nullptr},
    {0xC0B4, "TLS_SHA256_SHA256", nullptr},
    {0xC0B5, "TLS_SHA384_SHA384", nullptr},
    {0xC100, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC", nullptr},
    {0xC101, "TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC", nullptr},
    {0xC102, "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT", nullptr},
    {0xC103, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_L", nullptr},
    {0xC104, "TLS_GOSTR341112_256_WITH_MAGMA_MGM_L", nullptr},
    {0xC105, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_S", nullptr},
    {0xC106, "TLS_GOSTR341112_256_WITH_MAGMA_MGM_S", nullptr},
    {0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"},
    {0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"},
    {0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305"},
    {0xCCAB, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", "PSK-CHACHA20-POLY1305"},
    {0xCCAC, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-PSK-CHACHA20-POLY1305"},
    {0xCCAD, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", "DHE-PSK-CHACHA20-POLY1305"},
    {0xCCAE, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", "RSA-PSK-CHACHA20-POLY1305"},
    {0xD001, "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256", nullptr},
    {0xD002, "TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384", nullptr},
    {0xD003, "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256", nullptr},
    {0xD005, "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256", nullptr},
};

constexpr bool suites_sorted() {
  for (size_t i = 1; i < std::size(kSuites); ++i)
    if (kSuites[i - 1].value >= kSuites[i].value) return false;
  return true;
}
static_assert(suites_sorted(), "kSuites must be sorted by value, without duplicates");

const SuiteName* find_suite(uint16_t v) {
  const SuiteName* it = std::lower_bound(std::begin(kSuites), std::end(kSuites), v,
                                         [](const SuiteName& s, uint16_t x) { return s.value < x; });
  return it != std::end(kSuites) && it->value == v ? it : nullptr;
}

struct GroupName {
  uint16_t value;
  const char* name;
};

constexpr GroupName kGroups[] = {
    {0x0017, "secp256r1"},
    {0x0018, "secp384r1"},
    {0x0019, "secp521r1"},
    {0x001D, "x25519"},
    {0x001E, "x448"},
    {0x11EC, "X25519MLKEM768"},
    {0x11EB, "SecP256r1MLKEM768"},
    {0x11ED, "SecP384r1MLKEM1024"},
    {0x001A, "brainpoolP256r1"},
    {0x001B, "brainpoolP384r1"},
    {0x001C, "brainpoolP512r1"},
    {0x0100, "ffdhe2048"},
    {0x0101, "ffdhe3072"},
    {0x0102, "ffdhe4096"},
    {0x0103, "ffdhe6144"},
    {0x0104, "ffdhe8192"},
    {0x6399, "X25519Kyber768Draft00"},
    {0x0200, "MLKEM512"},
    {0x0201, "MLKEM768"},
    {0x0202, "MLKEM1024"},
};

struct SchemeName {
  uint16_t value;
  const char* name;
};

constexpr SchemeName kSchemes[] = {
    {0x0201, "rsa_pkcs1_sha1"},
    {0x0203, "ecdsa_sha1"},
    {0x0401, "rsa_pkcs1_sha256"},
    {0x0501, "rsa_pkcs1_sha384"},
    {0x0601, "rsa_pkcs1_sha512"},
    {0x0403, "ecdsa_secp256r1_sha256"},
    {0x0503, "ecdsa_secp384r1_sha384"},
    {0x0603, "ecdsa_secp521r1_sha512"},
    {0x0804, "rsa_pss_rsae_sha256"},
    {0x0805, "rsa_pss_rsae_sha384"},
    {0x0806, "rsa_pss_rsae_sha512"},
    {0x0807, "ed25519"},
    {0x0808, "ed448"},
    {0x0809, "rsa_pss_pss_sha256"},
    {0x080A, "rsa_pss_pss_sha384"},
    {0x080B, "rsa_pss_pss_sha512"},
    {0x081A, "ecdsa_brainpoolP256r1tls13_sha256"},
    {0x081B, "ecdsa_brainpoolP384r1tls13_sha384"},
    {0x081C, "ecdsa_brainpoolP512r1tls13_sha512"},
    {0x0904, "mldsa44"},
    {0x0905, "mldsa65"},
    {0x0906, "mldsa87"},
    {0x0202, "dsa_sha1"},
    {0x0301, "rsa_sha224"},
    {0x0303, "ecdsa_sha224"},
    {0x0402, "dsa_sha256"},
};

struct ExtName {
  uint16_t value;
  const char* name;
};

constexpr ExtName kExtensions[] = {
    {0, "server_name"},
    {1, "max_fragment_length"},
    {2, "client_certificate_url"},
    {3, "trusted_ca_keys"},
    {4, "truncated_hmac"},
    {5, "status_request"},
    {6, "user_mapping"},
    {7, "client_authz"},
    {8, "server_authz"},
    {9, "cert_type"},
    {10, "supported_groups"},
    {11, "ec_point_formats"},
    {12, "srp"},
    {13, "signature_algorithms"},
    {14, "use_srtp"},
    {15, "heartbeat"},
    {16, "application_layer_protocol_negotiation"},
    {17, "status_request_v2"},
    {18, "signed_certificate_timestamp"},
    {19, "client_certificate_type"},
    {20, "server_certificate_type"},
    {21, "padding"},
    {22, "encrypt_then_mac"},
    {23, "extended_master_secret"},
    {24, "token_binding"},
    {25, "cached_info"},
    {26, "tls_lts"},
    {27, "compress_certificate"},
    {28, "record_size_limit"},
    {29, "pwd_protect"},
    {30, "pwd_clear"},
    {31, "password_salt"},
    {32, "ticket_pinning"},
    {33, "tls_cert_with_extern_psk"},
    {34, "delegated_credential"},
    {35, "session_ticket"},
    {41, "pre_shared_key"},
    {42, "early_data"},
    {43, "supported_versions"},
    {44, "cookie"},
    {45, "psk_key_exchange_modes"},
    {47, "certificate_authorities"},
    {48, "oid_filters"},
    {49, "post_handshake_auth"},
    {50, "signature_algorithms_cert"},
    {51, "key_share"},
    {52, "transparency_info"},
    {54, "connection_id"},
    {57, "quic_transport_parameters"},
    {58, "ticket_request"},
    {59, "dnssec_chain"},
    {13172, "next_protocol_negotiation"},
    {17513, "application_settings"},
    {0xFE0D, "encrypted_client_hello"},
    {0xFF01, "renegotiation_info"},
};

}  // namespace

std::string content_type_name(ContentType t) {
  switch (t) {
    case ContentType::invalid:
      return "invalid";
    case ContentType::change_cipher_spec:
      return "change_cipher_spec";
    case ContentType::alert:
      return "alert";
    case ContentType::handshake:
      return "handshake";
    case ContentType::application_data:
      return "application_data";
  }
  if (static_cast<uint8_t>(t) == 24) return "heartbeat";
  return hex2(static_cast<uint8_t>(t));
}

std::string handshake_type_name(HandshakeType t) {
  switch (t) {
    case HandshakeType::hello_request:
      return "hello_request";
    case HandshakeType::client_hello:
      return "client_hello";
    case HandshakeType::server_hello:
      return "server_hello";
    case HandshakeType::new_session_ticket:
      return "new_session_ticket";
    case HandshakeType::end_of_early_data:
      return "end_of_early_data";
    case HandshakeType::encrypted_extensions:
      return "encrypted_extensions";
    case HandshakeType::certificate:
      return "certificate";
    case HandshakeType::server_key_exchange:
      return "server_key_exchange";
    case HandshakeType::certificate_request:
      return "certificate_request";
    case HandshakeType::server_hello_done:
      return "server_hello_done";
    case HandshakeType::certificate_verify:
      return "certificate_verify";
    case HandshakeType::client_key_exchange:
      return "client_key_exchange";
    case HandshakeType::finished:
      return "finished";
    case HandshakeType::certificate_status:
      return "certificate_status";
    case HandshakeType::key_update:
      return "key_update";
    case HandshakeType::compressed_certificate:
      return "compressed_certificate";
    case HandshakeType::message_hash:
      return "message_hash";
  }
  switch (static_cast<uint8_t>(t)) {
    case 3:
      return "hello_verify_request";
    case 6:
      return "hello_retry_request";
    case 21:
      return "certificate_url";
    case 23:
      return "supplemental_data";
    case 67:
      return "next_protocol";
    default:
      return hex2(static_cast<uint8_t>(t));
  }
}

std::string version_id(ProtocolVersion v) {
  switch (v) {
    case ProtocolVersion::ssl3: return "ssl3";
    case ProtocolVersion::tls1_0: return "tls1_0";
    case ProtocolVersion::tls1_1: return "tls1_1";
    case ProtocolVersion::tls1_2: return "tls1_2";
    case ProtocolVersion::tls1_3: return "tls1_3";
  }
  return "tls";
}

std::string version_name(ProtocolVersion v) {
  switch (v) {
    case ProtocolVersion::ssl3:
      return "SSLv3";
    case ProtocolVersion::tls1_0:
      return "TLSv1";
    case ProtocolVersion::tls1_1:
      return "TLSv1.1";
    case ProtocolVersion::tls1_2:
      return "TLSv1.2";
    case ProtocolVersion::tls1_3:
      return "TLSv1.3";
  }
  return unknown16(static_cast<uint16_t>(v));
}

std::string cipher_suite_name(CipherSuite s) {
  auto v = static_cast<uint16_t>(s);
  if (const SuiteName* n = find_suite(v)) return n->iana;
  return unknown16(v);
}

std::string cipher_suite_openssl_name(CipherSuite s) {
  auto v = static_cast<uint16_t>(s);
  if (const SuiteName* n = find_suite(v)) return n->openssl ? n->openssl : n->iana;
  return unknown16(v);
}

std::string group_name(NamedGroup g) {
  auto v = static_cast<uint16_t>(g);
  for (const auto& n : kGroups)
    if (n.value == v) return n.name;
  return unknown16(v);
}

std::string signature_scheme_name(SignatureScheme s) {
  auto v = static_cast<uint16_t>(s);
  for (const auto& n : kSchemes)
    if (n.value == v) return n.name;
  return unknown16(v);
}

std::string extension_name(ExtensionType e) {
  auto v = static_cast<uint16_t>(e);
  for (const auto& n : kExtensions)
    if (n.value == v) return n.name;
  return unknown16(v);
}

std::optional<CipherSuite> cipher_suite_from_name(std::string_view name) {
  for (const auto& s : kSuites) {
    if (name == s.iana || (s.openssl && name == s.openssl))
      return static_cast<CipherSuite>(s.value);
  }
  return std::nullopt;
}

std::optional<NamedGroup> group_from_name(std::string_view name) {
  struct Alias {
    const char* name;
    NamedGroup group;
  };
  static constexpr Alias kAliases[] = {
      {"P-256", NamedGroup::secp256r1},
      {"prime256v1", NamedGroup::secp256r1},
      {"P-384", NamedGroup::secp384r1},
      {"P-521", NamedGroup::secp521r1},
  };
  for (const auto& a : kAliases)
    if (ascii_iequals(name, a.name)) return a.group;
  for (const auto& g : kGroups)
    if (ascii_iequals(name, g.name)) return static_cast<NamedGroup>(g.value);
  return std::nullopt;
}

std::optional<SignatureScheme> signature_scheme_from_name(std::string_view name) {
  for (const auto& s : kSchemes)
    if (name == s.name) return static_cast<SignatureScheme>(s.value);
  return std::nullopt;
}

std::vector<CipherSuite> registered_cipher_suites() {
  std::vector<CipherSuite> out;
  out.reserve(std::size(kSuites));
  for (const auto& s : kSuites) out.push_back(static_cast<CipherSuite>(s.value));
  return out;
}

bool is_registered_cipher_suite(CipherSuite s) { return find_suite(static_cast<uint16_t>(s)) != nullptr; }

// Alerts (IANA TLS Alerts registry, RFC 8446 §6).

const char* alert_name(Alert a) {
  switch (a) {
    case Alert::close_notify: return "close_notify";
    case Alert::unexpected_message: return "unexpected_message";
    case Alert::bad_record_mac: return "bad_record_mac";
    case Alert::decryption_failed: return "decryption_failed";
    case Alert::record_overflow: return "record_overflow";
    case Alert::handshake_failure: return "handshake_failure";
    case Alert::bad_certificate: return "bad_certificate";
    case Alert::unsupported_certificate: return "unsupported_certificate";
    case Alert::certificate_revoked: return "certificate_revoked";
    case Alert::certificate_expired: return "certificate_expired";
    case Alert::certificate_unknown: return "certificate_unknown";
    case Alert::illegal_parameter: return "illegal_parameter";
    case Alert::unknown_ca: return "unknown_ca";
    case Alert::access_denied: return "access_denied";
    case Alert::decode_error: return "decode_error";
    case Alert::decrypt_error: return "decrypt_error";
    case Alert::protocol_version: return "protocol_version";
    case Alert::insufficient_security: return "insufficient_security";
    case Alert::internal_error: return "internal_error";
    case Alert::inappropriate_fallback: return "inappropriate_fallback";
    case Alert::user_canceled: return "user_canceled";
    case Alert::no_renegotiation: return "no_renegotiation";
    case Alert::missing_extension: return "missing_extension";
    case Alert::unsupported_extension: return "unsupported_extension";
    case Alert::unrecognized_name: return "unrecognized_name";
    case Alert::bad_certificate_status_response: return "bad_certificate_status_response";
    case Alert::unknown_psk_identity: return "unknown_psk_identity";
    case Alert::certificate_required: return "certificate_required";
    case Alert::no_application_protocol: return "no_application_protocol";
    case Alert::none: return "none";
  }
  return "unknown_alert";
}

const char* alert_meaning(Alert a) {
  switch (a) {
    case Alert::close_notify: return "the peer closed the connection cleanly";
    case Alert::unexpected_message: return "the peer got a message it did not expect at this point (a state machine mismatch or a bug)";
    case Alert::bad_record_mac: return "a record failed to decrypt: keys disagree, data was corrupted, or a middlebox altered the stream";
    case Alert::record_overflow: return "a record was larger than the peer allows";
    case Alert::handshake_failure: return "the peer could not agree on parameters: usually no common cipher suite, group or signature algorithm";
    case Alert::bad_certificate: return "the peer rejected a certificate as corrupt or failing verification (often a client certificate it does not trust)";
    case Alert::unsupported_certificate: return "the peer does not support the certificate's type";
    case Alert::certificate_revoked: return "the peer says the certificate was revoked";
    case Alert::certificate_expired: return "the peer says the certificate has expired or is not yet valid";
    case Alert::certificate_unknown: return "the peer rejected the certificate for an unspecified reason";
    case Alert::illegal_parameter: return "the peer saw a field with an out-of-range or inconsistent value";
    case Alert::unknown_ca: return "the peer could not chain the certificate to a CA it trusts";
    case Alert::access_denied: return "the peer refused access after verifying identity";
    case Alert::decode_error: return "the peer could not parse a message we sent";
    case Alert::decrypt_error: return "a signature or Finished check failed on the peer's side";
    case Alert::protocol_version: return "the peer does not accept any TLS version we offered";
    case Alert::insufficient_security: return "the peer requires stronger parameters than we offered";
    case Alert::internal_error: return "the peer hit an internal error unrelated to the protocol";
    case Alert::inappropriate_fallback: return "the peer detected a fallback retry it considers a downgrade";
    case Alert::user_canceled: return "the peer canceled the handshake";
    case Alert::no_renegotiation: return "the peer refuses renegotiation";
    case Alert::missing_extension: return "the peer expected an extension we did not send";
    case Alert::unsupported_extension: return "the peer got an extension it did not offer or does not allow here";
    case Alert::unrecognized_name: return "the server has no certificate for the requested server name (SNI)";
    case Alert::bad_certificate_status_response: return "the peer rejected an OCSP status response";
    case Alert::unknown_psk_identity: return "the peer does not know the pre-shared key offered";
    case Alert::certificate_required: return "the server requires a client certificate and none was sent";
    case Alert::no_application_protocol: return "the server supports none of the ALPN protocols offered";
    default: return "an alert without a standard meaning";
  }
}

// Certificate compression algorithms (RFC 8879 §7.3).

std::string cert_compression_name(CertCompressionAlgorithm a) {
  switch (a) {
    case CertCompressionAlgorithm::zlib:
      return "zlib";
    case CertCompressionAlgorithm::brotli:
      return "brotli";
    case CertCompressionAlgorithm::zstd:
      return "zstd";
  }
  static const char* digits = "0123456789abcdef";
  auto v = static_cast<uint16_t>(a);
  std::string out = "0x";
  for (int shift = 12; shift >= 0; shift -= 4) out += digits[(v >> shift) & 0xF];
  return out;
}

std::optional<CertCompressionAlgorithm> cert_compression_from_name(std::string_view name) {
  if (name == "zlib") return CertCompressionAlgorithm::zlib;
  if (name == "brotli") return CertCompressionAlgorithm::brotli;
  if (name == "zstd") return CertCompressionAlgorithm::zstd;
  return std::nullopt;
}

}  // namespace tlskit
