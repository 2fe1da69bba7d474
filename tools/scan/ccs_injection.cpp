// The CCS injection probe.
#include "scan/ccs_injection.h"

#include "probe/enumerate.h"
#include "scan/first_flight.h"

namespace tlskit::tools::scan {

ProbeVerdict judge_ccs_injection(std::optional<uint8_t> alert_after_ccs, bool answered_after_ccs,
                                 std::optional<uint8_t> alert_after_record) {
  if (alert_after_ccs || answered_after_ccs)
    return {false, alert_after_ccs ? "the early ChangeCipherSpec was refused with alert " +
                                         std::to_string(*alert_after_ccs)
                                   : "the server answered the early ChangeCipherSpec"};
  // RFC 5246 §6.2.3: 20 bad_record_mac, 21 decryption_failed.
  if (alert_after_record && (*alert_after_record == 20 || *alert_after_record == 21))
    return {true, "the server took a ChangeCipherSpec before the key exchange and then failed to "
                  "decrypt the next record (alert " + std::to_string(*alert_after_record) +
                      "): CCS injection (CVE-2014-0224)"};
  return {false, alert_after_record
                     ? "the record after the early ChangeCipherSpec got alert " +
                           std::to_string(*alert_after_record) + ", not a decryption failure"
                     : "the server ignored the early ChangeCipherSpec and the record after it"};
}

ProbeVerdict probe_ccs_injection(const probe::Dialer& dial, ProtocolVersion version,
                                 const std::string& sni, Rng& rng, const Clock& clock,
                                 int timeout_ms) {
  auto opened = open_first_flight(dial, probe::full_offer(version, sni), rng, clock, timeout_ms);
  if (!opened) return {std::nullopt, opened.error().detail};
  probe::ProbeStream& t = *opened->stream;
  const auto v = static_cast<uint16_t>(opened->answer.server_hello->version);
  const uint8_t hi = static_cast<uint8_t>(v >> 8), lo = static_cast<uint8_t>(v & 0xff);
  const Bytes ccs = {20, hi, lo, 0, 1, 1};
  if (auto w = t.write(ccs, timeout_ms); !w) return {std::nullopt, w.error().detail};
  const Bytes first = read_for(t, clock, kCcsInjectionWaitMs, 4096, nullptr);
  if (!first.empty()) return judge_ccs_injection(first_alert_in(first), true, std::nullopt);
  // Silence: send what would be an encrypted Finished under the injected keys.
  Bytes record = {22, hi, lo, 0, 32};
  Bytes junk(32);
  rng.fill(junk);
  record.insert(record.end(), junk.begin(), junk.end());
  if (auto w = t.write(record, timeout_ms); !w)
    return judge_ccs_injection(std::nullopt, false, std::nullopt);
  const Bytes second = read_for(t, clock, kCcsInjectionWaitMs, 4096,
                                [](ByteView d) { return first_alert_in(d).has_value(); });
  return judge_ccs_injection(std::nullopt, false, first_alert_in(second));
}

}  // namespace tlskit::tools::scan
