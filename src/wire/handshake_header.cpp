// Handshake message header: parsing, bounds, splitting one whole message.
#include "wire/handshake_header.h"

#include <string>

#include "codec/byte_reader.h"

namespace tlskit {

size_t max_handshake_body_size(HandshakeType t) {
  switch (t) {
    case HandshakeType::certificate:
    case HandshakeType::certificate_status:
    case HandshakeType::compressed_certificate:
      return kMaxCertificateMessageSize;
    default:
      return kMaxHandshakeMessageSize;
  }
}

Result<HandshakeHeader> parse_handshake_header(ByteView data, Step step) {
  if (data.size() < kHandshakeHeaderSize)
    return make_error(ErrorCode::decode_error, Alert::decode_error, Party::peer, step,
                      "handshake header needs 4 bytes, got " + std::to_string(data.size()));
  ByteReader r(data);
  HandshakeHeader h;
  h.type = static_cast<HandshakeType>(r.u8());
  h.length = r.u24();
  size_t max = max_handshake_body_size(h.type);
  if (h.length > max)
    return make_error(ErrorCode::limit_exceeded, Alert::illegal_parameter, Party::peer, step,
                      handshake_type_name(h.type) + " message of " + std::to_string(h.length) +
                          " bytes exceeds the limit of " + std::to_string(max));
  return h;
}

Result<HandshakeMessageView> split_handshake_message(ByteView message, Step step) {
  TK_ASSIGN(HandshakeHeader h, parse_handshake_header(message, step));
  if (message.size() - kHandshakeHeaderSize != h.length)
    return make_error(ErrorCode::decode_error, Alert::decode_error, Party::peer, step,
                      handshake_type_name(h.type) + " length field says " +
                          std::to_string(h.length) + " bytes but " +
                          std::to_string(message.size() - kHandshakeHeaderSize) + " follow");
  return HandshakeMessageView{h.type, message.subspan(kHandshakeHeaderSize)};
}

Step handshake_step(HandshakeType t, bool server_sent) {
  switch (t) {
    case HandshakeType::client_hello:
      return Step::client_hello;
    case HandshakeType::server_hello:
      return Step::server_hello;
    case HandshakeType::encrypted_extensions:
      return Step::encrypted_extensions;
    case HandshakeType::certificate_request:
      return Step::certificate_request;
    case HandshakeType::certificate:
    case HandshakeType::compressed_certificate:
      return server_sent ? Step::server_certificate : Step::client_certificate;
    case HandshakeType::certificate_status:
      return Step::server_certificate;
    case HandshakeType::certificate_verify:
      return server_sent ? Step::server_certificate_verify : Step::client_certificate_verify;
    case HandshakeType::server_key_exchange:
      return Step::server_key_exchange;
    case HandshakeType::server_hello_done:
      return Step::server_hello_done;
    case HandshakeType::client_key_exchange:
      return Step::client_key_exchange;
    case HandshakeType::finished:
      return server_sent ? Step::server_finished : Step::client_finished;
    case HandshakeType::end_of_early_data:
      return Step::end_of_early_data;
    case HandshakeType::new_session_ticket:
      return Step::new_session_ticket;
    case HandshakeType::key_update:
      return Step::post_handshake;
    default:
      return Step::none;
  }
}

}  // namespace tlskit
