// The Heartbleed probe.
#include "scan/heartbleed.h"

#include "probe/enumerate.h"
#include "scan/first_flight.h"

namespace tlskit::tools::scan {

bool heartbeat_response_in(ByteView d) {
  // Walk whole records: type(1) version(2) length(2) body. At most the bytes given.
  size_t pos = 0;
  for (size_t guard = 0; guard < 4096 && pos + 5 <= d.size(); ++guard) {
    uint8_t type = d[pos];
    size_t len = static_cast<size_t>(d[pos + 3]) << 8 | d[pos + 4];
    if (type == 24 && len > 3) return true;
    if (d[pos + 1] != 3) return false;  // not a TLS record
    pos += 5 + len;
  }
  return false;
}

HeartbleedResult probe_heartbleed(const probe::Dialer& dial, ProtocolVersion version, const std::string& sni,
                                  Rng& rng, const Clock& clock, int timeout_ms) {
  HeartbleedResult res;
  probe::HelloSpec spec = probe::full_offer(version, sni);
  Extension hb;
  hb.type = ExtensionType::heartbeat;
  hb.owned = {1};  // peer_allowed_to_send (RFC 6520 §2)
  spec.extra.push_back(hb);
  auto opened = open_first_flight(dial, spec, rng, clock, timeout_ms);
  if (!opened) {
    res.detail = opened.error().detail;
    return res;
  }
  probe::ProbeStream& t = *opened->stream;
  const probe::ServerAnswer& a = opened->answer;
  if (!a.server_hello->heartbeat) {
    res.vulnerable = false;
    res.detail = "the server does not speak the heartbeat extension";
    return res;
  }
  // HeartbeatRequest: type 1, payload_length 16384, no payload, no padding (malformed on purpose).
  uint16_t rv = static_cast<uint16_t>(a.server_hello->version);
  Bytes req = {24, static_cast<uint8_t>(rv >> 8), static_cast<uint8_t>(rv & 0xff), 0, 3, 1, 0x40, 0x00};
  if (auto w = t.write(req, timeout_ms); !w) {
    res.detail = w.error().detail;
    return res;
  }
  const Bytes got = read_for(t, clock, kHeartbleedWaitMs, kMaxHeartbleedBytes,
                             [](ByteView d) { return heartbeat_response_in(d); });
  res.vulnerable = heartbeat_response_in(got);
  res.detail = *res.vulnerable ? "the server answered a heartbeat request claiming 16384 bytes it did not send: "
                                 "it returns its memory (Heartbleed)"
                               : "a malformed heartbeat request got no heartbeat response";
  return res;
}

}  // namespace tlskit::tools::scan
