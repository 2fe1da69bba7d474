// record_size_limit (RFC 8449 §4).
#include "handshake/record_size_limit.h"

#include <algorithm>

#include "record/record_limits.h"
#include "wire/ext_record_size_limit.h"

namespace tlskit::handshake {
namespace {

// The protocol's largest record in record_size_limit terms (RFC 8449 §4).
uint16_t protocol_max(ProtocolVersion v) {
  return static_cast<uint16_t>(v == ProtocolVersion::tls1_3 ? record::kMaxInnerPlaintext13
                                                            : record::kMaxPlaintext);
}

}  // namespace

uint16_t our_record_size_limit(const Config& config, ProtocolVersion version) {
  const uint16_t max = protocol_max(version);
  return config.record_size_limit == 0 ? max : std::min(config.record_size_limit, max);
}

Extension our_record_size_limit_extension(const Config& config, ProtocolVersion version) {
  return to_extension(RecordSizeLimit{our_record_size_limit(config, version)});
}

Result<void> apply_record_size_limits(RecordChannel& channel, const Config& config,
                                      ProtocolVersion version, ByteView peer, Step step) {
  TK_ASSIGN(RecordSizeLimit theirs, parse_record_size_limit(peer, step));
  channel.info().peer_record_size_limit = theirs.limit;
  // A value over the protocol's maximum is not an error; the maximum applies (§4).
  const size_t peer_max = std::min(theirs.limit, protocol_max(version));
  // TLS 1.3 counts the content type byte in the limit (§4).
  const size_t plaintext = version == ProtocolVersion::tls1_3 ? peer_max - 1 : peer_max;
  channel.encoder().set_max_fragment(std::min(config.max_fragment, plaintext));
  channel.decoder().set_protected_limit(our_record_size_limit(config, version));
  return ok();
}

}  // namespace tlskit::handshake
