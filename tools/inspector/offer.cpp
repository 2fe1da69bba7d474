// What the client really offered, read back from the ClientHello it sent (the library may
// offer less than the configuration lists, e.g. versions it does not implement yet).
#include "inspector/inspector.h"
#include "wire/ext_alpn.h"
#include "wire/ext_key_share.h"
#include "wire/ext_supported_groups.h"
#include "wire/ext_supported_versions.h"
#include "wire/msg_client_hello.h"

namespace tlskit::tools {

bool settings_from_client_hello(Report& r) {
  for (const RecordedEvent& ev : r.events) {
    const Event& e = ev.event;
    if (e.kind != EventKind::handshake_message || e.direction != Direction::sent ||
        e.handshake_type != HandshakeType::client_hello || e.message.size() < 4)
      continue;
    ByteView body = ByteView(e.message).subspan(4);
    auto ch = parse_client_hello(body);
    if (!ch) return false;
    ClientSettings& s = r.settings;
    s.cipher_suites.clear();
    for (CipherSuite c : ch->cipher_suites) {
      auto v = static_cast<uint16_t>(c);
      if (is_grease(v) || c == CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV ||
          c == CipherSuite::TLS_FALLBACK_SCSV)
        continue;
      s.cipher_suites.push_back(c);
    }
    if (const Extension* x = ch->extensions.find(ExtensionType::supported_versions)) {
      if (auto v = parse_supported_versions_client(x->body())) s.versions = v->versions;
    } else {
      s.versions = {static_cast<ProtocolVersion>(ch->legacy_version)};
    }
    if (const Extension* x = ch->extensions.find(ExtensionType::supported_groups)) {
      if (auto g = parse_supported_groups(x->body())) s.groups = g->groups;
    }
    s.key_share_groups.clear();
    if (const Extension* x = ch->extensions.find(ExtensionType::key_share)) {
      if (auto k = parse_key_share_client(x->body(), Step::client_hello))
        for (const KeyShareEntry& e : k->shares) s.key_share_groups.push_back(e.group);
    }
    s.alpn.clear();
    if (const Extension* x = ch->extensions.find(ExtensionType::application_layer_protocol_negotiation)) {
      if (auto a = parse_alpn(x->body())) s.alpn = a->protocols;
    }
    return true;
  }
  return false;
}

}  // namespace tlskit::tools
