// status_request (RFC 6066 §8; RFC 8446 §4.4.2.1): the ClientHello request, and the
// CertificateStatus carried by a TLS 1.3 CertificateEntry (msg_certificate_status.h).
#pragma once
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"
#include "wire/msg_certificate_status.h"

namespace tlskit {

// CertificateStatusRequest (ClientHello; empty in a TLS 1.3 CertificateRequest and in a
// TLS 1.2 ServerHello: use parse_empty_extension).
struct StatusRequest {
  uint8_t status_type = kStatusTypeOcsp;
  Bytes responder_id_list;   // ocsp: the ResponderID list contents (without its u16 length)
  Bytes request_extensions;  // ocsp: DER Extensions (without its u16 length)
  Bytes other_request;       // a status_type other than ocsp: the request bytes, undecoded

  bool operator==(const StatusRequest&) const = default;
};

// Parses the ClientHello form: an empty body, bad lengths, an empty ResponderID, trailing bytes
// -> decode_error. Unknown status types are kept (other_request) so the server can ignore them.
Result<StatusRequest> parse_status_request(ByteView data, Step step = Step::client_hello);

// Writes the extension_data.
void write_status_request(const StatusRequest& v, ByteWriter& w);

// Builds the ClientHello extension.
Extension to_extension(const StatusRequest& v);

// Builds the CertificateEntry extension carrying an OCSP response (copies the response).
Extension to_extension(const CertificateStatus& v);

}  // namespace tlskit
