// Building the client's Config from its flags.
#include "cli/client_config.h"
#include "cli/cert_compression_flag.h"
#include "cli/psk_flag.h"

#include "crypto/provider.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

namespace tlskit::tools {

Result<std::function<void(std::string_view)>> open_key_log(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (f == nullptr)
    return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config,
                      "cannot open the key log file '" + path + "' for appending");
  struct KeyLog {
    std::FILE* f;
    std::mutex mu;
    ~KeyLog() { std::fclose(f); }
  };
  auto log = std::make_shared<KeyLog>();
  log->f = f;
  return std::function<void(std::string_view)>([log](std::string_view line) {
    std::lock_guard<std::mutex> lock(log->mu);
    std::fwrite(line.data(), 1, line.size(), log->f);
    std::fputc('\n', log->f);
    std::fflush(log->f);
  });
}

namespace {

// Largest --early-data file: more than any ticket allows (servers announce 16 KiB or less).
constexpr size_t kMaxEarlyDataFile = 1 << 20;

// Reads the --early-data file (bounded); file_error names it.
Result<Bytes> read_early_data_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f)
    return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config,
                      "--early-data: cannot open '" + path + "'");
  Bytes data;
  char buf[4096];
  while (f.read(buf, sizeof buf) || f.gcount() > 0) {
    data.insert(data.end(), buf, buf + f.gcount());
    if (data.size() > kMaxEarlyDataFile)
      return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config,
                        "--early-data: '" + path + "' is larger than 1 MiB; 0-RTT data is "
                        "limited by the server's ticket (usually 16 KiB or less)");
  }
  if (data.empty())
    return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config,
                      "--early-data: '" + path + "' is empty");
  return data;
}

}  // namespace

Result<ClientSetup> build_client_setup(const ClientOptions& o) {
  ClientSetup s;
  TK_ASSIGN(s.target, io::parse_host_port(o.target));
  TK_ASSIGN(ResolvedParams p, resolve_params(o));
  auto cfg = std::make_shared<Config>();
  cfg->min_version = p.min_version;
  cfg->max_version = p.max_version;
  if (!p.cipher_suites.empty()) cfg->cipher_suites = p.cipher_suites;
  if (!p.groups.empty()) cfg->groups = p.groups;
  if (!p.sigalgs.empty()) cfg->signature_schemes = p.sigalgs;
  cfg->alpn = p.alpn;
  if (!o.no_servername) cfg->server_name = o.servername.empty() ? s.target.host : o.servername;
  cfg->verify_peer = !o.insecure;
  cfg->middlebox_compat = !o.no_middlebox;
  s.notes = p.notes;
  if (!o.proxy.empty()) {
    auto proxy = io::parse_host_port(o.proxy);
    if (!proxy) {
      Error e = proxy.error();
      e.detail = "--proxy: " + e.detail;
      return e;
    }
    s.proxy = *proxy;
  }
  if (o.insecure && (o.verify_depth >= 0 || o.x509_strict || o.attime))
    s.notes.push_back("--verify-depth, --x509-strict and --attime have no effect with "
                      "--insecure: the chain is not verified");
  if (o.x509_strict && !o.insecure)
    s.notes.push_back("--x509-strict: the chain is also checked against the RFC 5280 / CA-B "
                      "Forum profile (docs/x509.md, option strict)");
  ClientSettings& st = s.settings;
  if (!o.insecure) {
    TrustOptions t;
    t.ca_file = o.ca_file;
    t.ca_path = o.ca_path;
    t.verify_depth = o.verify_depth;
    t.strict = o.x509_strict;
    t.time = o.attime;
    TK_ASSIGN(TrustSetup trust, make_trust(t));
    cfg->verifier = trust.verifier;
    st.trust_store = trust.description;
    st.no_trust_store = trust.no_trust_store;
  }
  if (!o.cert_file.empty()) {
    const crypto::Provider& provider = crypto::default_provider();
    TK_ASSIGN(CertifiedKey ck, CertifiedKey::load_pem_files(o.cert_file, o.key_file, provider));
    cfg->client_certificate = std::make_shared<const CertifiedKey>(std::move(ck));
  }
  cfg->psk_ke = o.psk_ke;
  cfg->record_size_limit = o.record_size_limit;
  // RFC 8446 §4.2.6: offer post_handshake_auth; a later CertificateRequest is answered with
  // --cert/--key (or an empty Certificate without them).
  cfg->post_handshake_auth = o.enable_pha;
  if (!o.cert_compression.empty()) {
    TK_ASSIGN(cfg->certificate_compression, parse_cert_compression_flag(o.cert_compression));
  }
  if (!o.psk.empty()) {
    TK_ASSIGN(ExternalPsk psk, parse_psk_flag(o.psk));
    cfg->external_psks.push_back(std::move(psk));
  }
  if (!o.sess_in.empty()) {
    std::ifstream f(o.sess_in, std::ios::binary);
    std::stringstream text;
    text << f.rdbuf();
    if (!f.good() && !f.eof())
      return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config,
                        "cannot read the session file '" + o.sess_in + "'");
    auto session = Session::from_pem(text.str());
    if (!session) {
      Error e = session.error();
      e.detail = "--sess-in " + o.sess_in + ": " + e.detail;
      return e;
    }
    cfg->resume_session = std::make_shared<const Session>(std::move(*session));
  }
  if (!o.early_data.empty()) {
    TK_ASSIGN(s.early_data, read_early_data_file(o.early_data));
  }
  std::string keylog = o.keylog_file;
  if (keylog.empty()) {
    if (const char* env = std::getenv("SSLKEYLOGFILE"); env != nullptr) keylog = env;
  }
  if (!keylog.empty()) {
    TK_ASSIGN(cfg->key_log, open_key_log(keylog));
  }
  TK_TRY(cfg->validate(false));

  st.host = s.target.host;
  st.port = s.target.port;
  // An IP literal is checked against the certificate but not sent as SNI (RFC 6066 §3).
  st.server_name = io::is_ip_literal(cfg->server_name) ? "" : cfg->server_name;
  for (uint16_t v = static_cast<uint16_t>(cfg->max_version);
       v >= static_cast<uint16_t>(cfg->min_version); --v)
    st.versions.push_back(static_cast<ProtocolVersion>(v));
  for (CipherSuite c : cfg->cipher_suites) {
    bool tls13 = (static_cast<uint16_t>(c) >> 8) == 0x13;
    bool offered = tls13 ? cfg->max_version == ProtocolVersion::tls1_3
                         : cfg->min_version == ProtocolVersion::tls1_2;
    if (offered) st.cipher_suites.push_back(c);
  }
  st.groups = cfg->groups;
  st.alpn = cfg->alpn;
  st.verify = cfg->verify_peer;
  st.client_certificate = cfg->client_certificate != nullptr;
  st.status_request = o.status;
  s.config = cfg;
  return s;
}

}  // namespace tlskit::tools
