// tlskit::Session: the public face of a saved client session.
#include "codec/pem.h"
#include "tlskit/session.h"

namespace tlskit {

Result<Session> Session::parse(ByteView bytes) {
  TK_ASSIGN(session::ClientSession s, session::parse_client_session(bytes));
  return Session(std::move(s));
}

Result<Session> Session::from_pem(std::string_view text) {
  TK_ASSIGN(std::vector<PemBlock> blocks, pem_decode_all(text));
  for (auto& b : blocks) {
    if (b.label != session::kSessionPemLabel) continue;
    auto s = parse(b.der);
    secure_zero(b.der.data(), b.der.size());
    return s;
  }
  return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config,
                    std::string("no \"-----BEGIN ") + session::kSessionPemLabel +
                        "-----\" block found: not a saved tlskit session");
}

Result<Bytes> Session::serialize() const { return session::serialize_client_session(s_); }

Result<std::string> Session::to_pem() const {
  TK_ASSIGN(Bytes der, serialize());
  std::string pem = pem_encode(session::kSessionPemLabel, der);
  secure_zero(der.data(), der.size());
  return pem;
}

}  // namespace tlskit
