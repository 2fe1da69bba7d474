// The ticketbleed probe.
#include "scan/ticketbleed.h"

#include <array>

#include "probe/enumerate.h"
#include "scan/first_flight.h"
#include "session/session_access.h"
#include "tlskit/config.h"
#include "tlskit/connection.h"

namespace tlskit::tools::scan {

std::optional<Bytes> fetch_tls12_ticket(const probe::Dialer& dial, const std::string& sni,
                                        const Clock& clock, int timeout_ms) {
  auto cfg = std::make_shared<Config>();
  cfg->min_version = ProtocolVersion::tls1_2;
  cfg->max_version = ProtocolVersion::tls1_2;
  cfg->verify_peer = false;
  cfg->server_name = sni;
  auto conn = Connection::client(cfg);
  if (!conn) return std::nullopt;
  auto stream = dial();
  if (!stream) return std::nullopt;
  std::array<uint8_t, 16384> buf{};
  const int64_t deadline = clock.monotonic_micros() + int64_t{timeout_ms} * 1000;
  for (size_t round = 0; round < 256 && !(*conn)->handshake_complete(); ++round) {
    ByteView out = (*conn)->pending_output();
    if (!out.empty()) {
      if (!(*stream)->write(out, timeout_ms)) return std::nullopt;
      (*conn)->consume_output(out.size());
    }
    const int64_t left = (deadline - clock.monotonic_micros()) / 1000;
    if (left <= 0) return std::nullopt;
    auto n = (*stream)->read(buf, static_cast<int>(left));
    if (!n || *n == 0) return std::nullopt;
    if (!(*conn)->feed(ByteView(buf.data(), *n))) return std::nullopt;
  }
  auto s = (*conn)->session();
  if (!s || !s->has_ticket()) return std::nullopt;
  return session::client_session_of(*s).ticket;
}

ProbeVerdict judge_ticketbleed(ByteView echoed, bool resumed) {
  if (!resumed)
    return {std::nullopt, "the server did not resume the ticket, so the echo could not be tested"};
  if (echoed.size() > 1 && echoed[0] == kTicketbleedSessionIdByte)
    return {true, "the server resumed a ticket sent with a 1-byte session ID and echoed " +
                      std::to_string(echoed.size()) +
                      " bytes: the rest is its memory (ticketbleed, CVE-2016-9244)"};
  return {false, "the server echoed the 1-byte session ID as sent (RFC 5077 §3.4)"};
}

ProbeVerdict probe_ticketbleed(const probe::Dialer& dial, const Bytes& ticket,
                               const std::string& sni, Rng& rng, const Clock& clock,
                               int timeout_ms) {
  probe::HelloSpec spec = probe::full_offer(ProtocolVersion::tls1_2, sni);
  spec.session_ticket = false;
  Extension ext;
  ext.type = ExtensionType::session_ticket;
  ext.owned = ticket;
  spec.extra.push_back(std::move(ext));
  spec.session_id = Bytes{kTicketbleedSessionIdByte};
  auto hello = probe::build_client_hello(spec, rng);
  if (!hello) return {std::nullopt, hello.error().detail};
  auto stream = dial();
  if (!stream) return {std::nullopt, stream.error().detail};
  if (auto w = (*stream)->write(hello->records, timeout_ms); !w)
    return {std::nullopt, w.error().detail};
  // An abbreviated handshake goes ServerHello, [NewSessionTicket], ChangeCipherSpec: the reader
  // stops at the ChangeCipherSpec; a full one goes on with Certificate.
  probe::AnswerReader reader;
  const Bytes got = read_for(**stream, clock, timeout_ms, 65536, [&](ByteView d) {
    probe::AnswerReader r;
    auto fed = r.feed(d);
    return !fed || *fed || !r.answer().certificates.empty();
  });
  (void)reader.feed(got);
  const probe::ServerAnswer& a = reader.answer();
  if (!a.server_hello) return {std::nullopt, "no ServerHello for the ticket"};
  return judge_ticketbleed(a.server_hello->session_id, a.certificates.empty() && !a.server_hello_done);
}

}  // namespace tlskit::tools::scan
