// tlskit::Session: the public face of a saved client session.
#include "codec/pem.h"
#include "session/session_access.h"
#include "session/session_state.h"
#include "tlskit/session.h"

namespace tlskit {

Session::Session(session::ClientSession s)
    : s_(std::make_shared<const session::ClientSession>(std::move(s))) {}

ProtocolVersion Session::version() const { return s_->state.version; }
CipherSuite Session::cipher_suite() const { return s_->state.suite; }
const std::string& Session::server_name() const { return s_->state.server_name; }
const std::string& Session::alpn() const { return s_->state.alpn; }
bool Session::extended_master_secret() const { return s_->state.extended_master_secret; }
bool Session::has_ticket() const { return !s_->ticket.empty(); }
ByteView Session::session_id() const { return s_->session_id; }
int64_t Session::created() const { return s_->state.created; }
bool Session::expired(int64_t now) const { return s_->expired(now); }

namespace session {

const ClientSession& client_session_of(const Session& s) { return *s.s_; }

}  // namespace session

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

Result<Bytes> Session::serialize() const { return session::serialize_client_session(*s_); }

Result<std::string> Session::to_pem() const {
  TK_ASSIGN(Bytes der, serialize());
  std::string pem = pem_encode(session::kSessionPemLabel, der);
  secure_zero(der.data(), der.size());
  return pem;
}

}  // namespace tlskit
