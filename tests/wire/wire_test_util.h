// Shared helpers for the wire tests: hex, RFC 8448 message extraction, a parse/serialize
// dispatcher over every handshake message.
#pragma once
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "codec/byte_writer.h"
#include "wire/wire.h"

namespace tlskit::wire_test {

// Parses hex or fails the test.
inline Bytes hex(std::string_view h) {
  auto r = from_hex(h);
  EXPECT_TRUE(r.ok()) << "bad hex in test";
  return r ? *r : Bytes{};
}

// Reads a whole file.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One labelled byte string from rfc8448.txt: "      ClientHello (196 octets):  01 00 ..."
struct LabelledBytes {
  std::string label;
  size_t line = 0;
  Bytes bytes;
};

// Extracts every "<label> (N octets):  hex..." block of RFC 8448, joining continuation lines and
// skipping page headers/footers, until N bytes were read.
inline std::vector<LabelledBytes> rfc8448_blocks() {
  std::string text = read_file(std::string(TLSKIT_TESTDATA) + "/tls13-vectors/rfc8448.txt");
  std::vector<std::string> lines;
  {
    std::stringstream ss(text);
    std::string l;
    while (std::getline(ss, l)) lines.push_back(l);
  }
  static const std::regex head(R"(^\s+([A-Za-z][A-Za-z ]*?) \((\d+) octets\):\s+(.*)$)");
  static const std::regex hexline(R"(^\s+([0-9a-f]{2})( [0-9a-f]{2})*\s*$)");
  std::vector<LabelledBytes> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::smatch m;
    if (!std::regex_match(lines[i], m, head)) continue;
    LabelledBytes b;
    b.label = m[1];
    b.line = i + 1;
    size_t want = std::stoul(m[2]);
    auto take = [&](const std::string& s) {
      std::stringstream ts(s);
      std::string tok;
      while (ts >> tok && b.bytes.size() < want) {
        if (tok.size() != 2) return;
        auto v = from_hex(tok);
        if (!v) return;
        b.bytes.push_back((*v)[0]);
      }
    };
    take(m[3]);
    size_t j = i + 1;
    while (b.bytes.size() < want && j < lines.size() && j < i + 200) {
      if (std::regex_match(lines[j], hexline)) take(lines[j]);
      ++j;
    }
    if (b.bytes.size() == want) out.push_back(std::move(b));
  }
  return out;
}

// The body of a whole handshake message (asserts the header is consistent).
inline ByteView body_of(const Bytes& message) {
  EXPECT_GE(message.size(), 4u);
  return ByteView(message).subspan(4);
}

// Parses the body of a message of type t and serializes it again (whole message). For types
// whose form depends on the version, tls13 picks the form. Returns the error on parse failure.
inline Result<Bytes> reserialize(HandshakeType t, ByteView body, bool tls13,
                                 size_t finished_len = 32) {
  Bytes out;
  ByteWriter w(out);
  switch (t) {
    case HandshakeType::client_hello: {
      TK_ASSIGN(auto m, parse_client_hello(body));
      write_client_hello(m, w);
      break;
    }
    case HandshakeType::server_hello: {
      TK_ASSIGN(auto m, parse_server_hello(body));
      write_server_hello(m, w);
      break;
    }
    case HandshakeType::encrypted_extensions: {
      TK_ASSIGN(auto m, parse_encrypted_extensions(body));
      write_encrypted_extensions(m, w);
      break;
    }
    case HandshakeType::certificate: {
      if (tls13) {
        TK_ASSIGN(auto m, parse_certificate13(body));
        write_certificate13(m, w);
      } else {
        TK_ASSIGN(auto m, parse_certificate12(body));
        write_certificate12(m, w);
      }
      break;
    }
    case HandshakeType::certificate_request: {
      if (tls13) {
        TK_ASSIGN(auto m, parse_certificate_request13(body));
        write_certificate_request13(m, w);
      } else {
        TK_ASSIGN(auto m, parse_certificate_request12(body));
        write_certificate_request12(m, w);
      }
      break;
    }
    case HandshakeType::certificate_verify: {
      TK_ASSIGN(auto m, parse_certificate_verify(body));
      write_certificate_verify(m, w);
      break;
    }
    case HandshakeType::finished: {
      TK_ASSIGN(auto m, parse_finished(body, finished_len));
      write_finished(m, w);
      break;
    }
    case HandshakeType::new_session_ticket: {
      if (tls13) {
        TK_ASSIGN(auto m, parse_new_session_ticket13(body));
        write_new_session_ticket13(m, w);
      } else {
        TK_ASSIGN(auto m, parse_new_session_ticket12(body));
        write_new_session_ticket12(m, w);
      }
      break;
    }
    case HandshakeType::end_of_early_data: {
      TK_TRY(parse_end_of_early_data(body));
      write_end_of_early_data(w);
      break;
    }
    case HandshakeType::key_update: {
      TK_ASSIGN(auto m, parse_key_update(body));
      write_key_update(m, w);
      break;
    }
    case HandshakeType::server_key_exchange: {
      TK_ASSIGN(auto m, parse_server_key_exchange(body));
      write_server_key_exchange(m, w);
      break;
    }
    case HandshakeType::server_hello_done: {
      TK_TRY(parse_server_hello_done(body));
      write_server_hello_done(w);
      break;
    }
    case HandshakeType::client_key_exchange: {
      TK_ASSIGN(auto m, parse_client_key_exchange(body));
      write_client_key_exchange(m, w);
      break;
    }
    case HandshakeType::certificate_status: {
      TK_ASSIGN(auto m, parse_certificate_status(body));
      write_certificate_status(m, w);
      break;
    }
    case HandshakeType::compressed_certificate: {
      TK_ASSIGN(auto m, parse_compressed_certificate(body));
      write_compressed_certificate(m, w);
      break;
    }
    default:
      return make_error(ErrorCode::internal_error, Alert::internal_error, Party::us, Step::none,
                        "no parser for type");
  }
  EXPECT_FALSE(w.failed());
  return out;
}

// Serializes a message with a writer function and returns the bytes.
template <typename Fn>
Bytes build(Fn fn) {
  Bytes out;
  ByteWriter w(out);
  fn(w);
  EXPECT_FALSE(w.failed());
  return out;
}

}  // namespace tlskit::wire_test
