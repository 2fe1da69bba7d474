// AnswerReader: records -> handshake messages -> the parsed answer.
#include "probe/answer_reader.h"

#include <algorithm>

#include "wire/extensions.h"
#include "wire/handshake_header.h"
#include "wire/msg_certificate.h"

namespace tlskit::probe {
namespace {

constexpr size_t kRecordHeader = 5;

Error peer(ErrorCode c, Alert a, Step s, std::string d) {
  return make_error(c, a, Party::peer, s, std::move(d));
}

Error unexpected(Step s, std::string d) {
  return peer(ErrorCode::unexpected_message, Alert::unexpected_message, s, std::move(d));
}

bool is_tls_record_type(uint8_t t) { return t >= 20 && t <= 24; }  // 24: heartbeat

}  // namespace

bool ServerAnswer::accepted() const {
  return server_hello.has_value() || (sslv2 && sslv2->server_hello.has_value());
}

Result<bool> AnswerReader::feed(ByteView data) {
  if (error_) return *error_;
  if (answer_.complete) return true;
  if (answer_.bytes_read + data.size() > kMaxAnswerBytes) {
    error_ = peer(ErrorCode::limit_exceeded, Alert::none, Step::server_hello,
                  "the answer exceeds " + std::to_string(kMaxAnswerBytes) + " bytes without ending its first flight");
    return *error_;
  }
  answer_.bytes_read += data.size();
  size_t keep = std::min(kMaxFirstBytes - std::min(kMaxFirstBytes, answer_.first_bytes.size()), data.size());
  answer_.first_bytes.insert(answer_.first_bytes.end(), data.begin(), data.begin() + keep);
  buf_.insert(buf_.end(), data.begin(), data.end());
  auto r = step();
  if (!r) error_ = r.error();
  return r;
}

Result<bool> AnswerReader::step() {
  // Each pass consumes one record, so the loop is bounded by the bytes buffered.
  while (!answer_.complete && !buf_.empty()) {
    uint8_t first = buf_[0];
    if (sslv2_ && (first & 0x80)) {
      auto h = parse_sslv2_record_header(buf_);
      if (!h) return false;
      if (h->length == 0 || h->padding > h->length)
        return peer(ErrorCode::decode_error, Alert::none, Step::server_hello,
                    "SSLv2 record of length " + std::to_string(h->length) + " with padding " + std::to_string(h->padding));
      if (buf_.size() < h->header_size + h->length) return false;
      ByteView body = ByteView(buf_).subspan(h->header_size, h->length - h->padding);
      TK_ASSIGN(bool done, on_sslv2_record(body));
      buf_.erase(buf_.begin(), buf_.begin() + static_cast<long>(h->header_size + h->length));
      if (done) answer_.complete = true;
      continue;
    }
    if (!is_tls_record_type(first))
      return peer(ErrorCode::not_tls, Alert::none, Step::server_hello,
                  "the answer does not start like a TLS record (first byte " + std::to_string(first) + ")");
    if (buf_.size() < kRecordHeader) return false;
    uint16_t version = static_cast<uint16_t>((buf_[1] << 8) | buf_[2]);
    size_t len = static_cast<size_t>((buf_[3] << 8) | buf_[4]);
    // RFC 5246 §6.2.1 / Appendix E.1: the record version's major byte is 3.
    if ((version >> 8) != 3)
      return peer(ErrorCode::not_tls, Alert::none, Step::server_hello,
                  "record version " + std::to_string(version >> 8) + "." + std::to_string(version & 0xFF) +
                      " is not SSL 3.0 or TLS");
    // RFC 5246 §6.2.1: "The length MUST NOT exceed 2^14" (plaintext).
    if (len > kMaxPlaintextRecord)
      return peer(ErrorCode::record_overflow, Alert::record_overflow, Step::record_layer,
                  "plaintext record of " + std::to_string(len) + " bytes, over 2^14");
    if (buf_.size() < kRecordHeader + len) return false;
    Bytes body(buf_.begin() + kRecordHeader, buf_.begin() + static_cast<long>(kRecordHeader + len));
    buf_.erase(buf_.begin(), buf_.begin() + static_cast<long>(kRecordHeader + len));
    TK_ASSIGN(bool done, on_record(static_cast<ContentType>(first), body));
    if (done) answer_.complete = true;
  }
  return answer_.complete;
}

Result<bool> AnswerReader::on_record(ContentType type, ByteView body) {
  // RFC 5246 §6.2.1: "Implementations MUST NOT send zero-length fragments of Handshake, Alert,
  // or ChangeCipherSpec content types."
  if (body.empty())
    return peer(ErrorCode::decode_error, Alert::decode_error, Step::record_layer,
                "empty " + content_type_name(type) + " record");
  switch (type) {
    case ContentType::alert: {
      if (body.size() % 2 != 0)
        return peer(ErrorCode::decode_error, Alert::decode_error, Step::record_layer,
                    "alert record of " + std::to_string(body.size()) + " bytes");
      answer_.alert_level = body[0];
      answer_.alert = static_cast<Alert>(body[1]);
      return true;
    }
    case ContentType::handshake: {
      handshake_.insert(handshake_.end(), body.begin(), body.end());
      // Each pass consumes one message (at least 4 bytes), so the loop is bounded.
      while (handshake_.size() >= kHandshakeHeaderSize) {
        TK_ASSIGN(HandshakeHeader h, parse_handshake_header(handshake_, Step::server_hello));
        if (handshake_.size() < kHandshakeHeaderSize + h.length) break;
        Bytes msg(handshake_.begin() + kHandshakeHeaderSize,
                  handshake_.begin() + static_cast<long>(kHandshakeHeaderSize + h.length));
        handshake_.erase(handshake_.begin(), handshake_.begin() + static_cast<long>(kHandshakeHeaderSize + h.length));
        TK_ASSIGN(bool done, on_handshake_message(h.type, msg));
        if (done) return true;
      }
      return false;
    }
    case ContentType::change_cipher_spec:
      // A TLS 1.3 server's middlebox-compatibility CCS comes after its ServerHello, where this
      // reader has already stopped; anything else is out of place here.
      return unexpected(Step::change_cipher_spec, "ChangeCipherSpec before the server's first flight ended");
    default:
      return unexpected(Step::record_layer, content_type_name(type) + " record before the server's first flight ended");
  }
}

Result<bool> AnswerReader::on_handshake_message(HandshakeType type, ByteView body) {
  Step step = handshake_step(type, true);
  // RFC 5246 §7.4.1.1: a HelloRequest may be ignored.
  if (type == HandshakeType::hello_request) {
    if (!body.empty()) return peer(ErrorCode::decode_error, Alert::decode_error, step, "HelloRequest with a body");
    return false;
  }
  if (answer_.messages.size() >= kMaxAnswerMessages)
    return peer(ErrorCode::limit_exceeded, Alert::none, step,
                "more than " + std::to_string(kMaxAnswerMessages) + " handshake messages in the first flight");
  // RFC 5246 §7.3 / RFC 8446 §4: the server's first message is its ServerHello; each later one
  // appears once.
  if (std::find(answer_.messages.begin(), answer_.messages.end(), type) != answer_.messages.end())
    return unexpected(step, "a second " + handshake_type_name(type));
  if (!answer_.server_hello && type != HandshakeType::server_hello)
    return unexpected(step, handshake_type_name(type) + " before the ServerHello");
  answer_.messages.push_back(type);
  switch (type) {
    case HandshakeType::server_hello: {
      TK_ASSIGN(ProbeServerHello sh, parse_probe_server_hello(body));
      bool stop = sh.hello_retry_request || static_cast<uint16_t>(sh.version) >= 0x0304;
      answer_.server_hello = std::move(sh);
      return stop;  // TLS 1.3: what follows is encrypted
    }
    case HandshakeType::certificate: {
      TK_ASSIGN(Certificate12 c, parse_certificate12(body));
      for (ByteView der : c.certificates) answer_.certificates.emplace_back(der.begin(), der.end());
      return false;
    }
    case HandshakeType::certificate_status:
      answer_.certificate_status = true;
      return false;
    case HandshakeType::server_key_exchange: {
      const ProbeServerHello& sh = *answer_.server_hello;
      auto traits = suite_traits(sh.cipher_suite);
      if (!traits) {
        answer_.server_key_exchange_unparsed = true;
        return false;
      }
      auto params = parse_key_exchange_params(body, traits->kex, sh.version);
      if (!params) {
        if (params.error().code != ErrorCode::unexpected_message) return params.error();
        answer_.server_key_exchange_unparsed = true;  // SRP, ECCPWD, GOST: kept unread
        return false;
      }
      answer_.key_exchange = std::move(*params);
      return false;
    }
    case HandshakeType::certificate_request:
      answer_.certificate_request = true;
      return false;
    case HandshakeType::server_hello_done:
      if (!body.empty()) return peer(ErrorCode::decode_error, Alert::decode_error, step, "ServerHelloDone with a body");
      answer_.server_hello_done = true;
      return true;
    default:
      return unexpected(step, handshake_type_name(type) + " in the server's first flight");
  }
}

Result<bool> AnswerReader::on_sslv2_record(ByteView body) {
  auto a = parse_sslv2_server_message(body);
  if (!a) return a.error();
  answer_.sslv2.emplace();
  answer_.sslv2->server_hello.swap(a->server_hello);
  answer_.sslv2->error_code = a->error_code;
  return true;
}

}  // namespace tlskit::probe
