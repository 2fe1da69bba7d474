// CertificateVerify (RFC 8446 §4.4.3; TLS 1.2: RFC 5246 §7.4.8 with a SignatureAndHashAlgorithm).
#pragma once
#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "base/iana_registry.h"

namespace tlskit {

// Largest signature accepted (RSA-16384 is 2 KiB; ML-DSA-87 is 4.6 KiB).
inline constexpr size_t kMaxSignatureSize = 8192;

// CertificateVerify: the same wire form in TLS 1.2 and 1.3.
struct CertificateVerify {
  SignatureScheme algorithm{};
  ByteView signature;  // <0..2^16-1>
};

// Parses the body. step: Step::server_certificate_verify or Step::client_certificate_verify.
// Bad lengths, trailing bytes, an empty or oversized signature -> decode_error.
Result<CertificateVerify> parse_certificate_verify(ByteView body,
                                                   Step step = Step::server_certificate_verify);

// Writes the whole message (header + body).
void write_certificate_verify(const CertificateVerify& cv, ByteWriter& w);

// RFC 8446 §4.4.3: the content covered by a TLS 1.3 CertificateVerify signature: 64 bytes of
// 0x20, the context string ("TLS 1.3, server CertificateVerify" or "TLS 1.3, client
// CertificateVerify"), a zero byte, then the transcript hash.
Bytes certificate_verify_signed_content(bool server, ByteView transcript_hash);

}  // namespace tlskit
