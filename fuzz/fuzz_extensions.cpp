// libFuzzer target: every typed extension parser on the same extension_data, plus describe of
// the extension in every message context. A successful parse must survive write -> parse with an
// equal value.
#include "fuzz_wire_common.h"
#include "wire/describe_internal.h"

using namespace tlskit;

namespace {

// Values whose lists became empty after dropping GREASE (or a server_name without host_name)
// have no valid encoding; they are skipped.
bool writable(const ServerNameList& v) { return !v.host_name.empty(); }
bool writable(const SupportedGroups& v) { return !v.groups.empty(); }
bool writable(const SignatureAlgorithms& v) { return !v.schemes.empty(); }
bool writable(const SignatureAlgorithmsCert& v) { return !v.schemes.empty(); }
bool writable(const SupportedVersionsClient& v) { return !v.versions.empty(); }
template <typename T>
bool writable(const T&) {
  return true;
}

template <typename ParseFn, typename WriteFn>
void round_trip(ByteView data, ParseFn parse, WriteFn write) {
  auto first = parse(data);
  if (!first || !writable(*first)) return;
  Bytes out;
  ByteWriter w(out);
  write(*first, w);
  if (w.failed()) fuzz::die("extension writer failed");
  auto second = parse(out);
  if (!second) fuzz::die("re-parse of a written extension failed");
  if (!(*second == *first)) fuzz::die("extension value changed in a round trip");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // First two bytes pick the extension type for describe(); the rest is extension_data.
  if (size < 2) return 0;
  auto type = static_cast<ExtensionType>(data[0] << 8 | data[1]);
  ByteView d(data + 2, size - 2);

  round_trip(
      d, [](ByteView b) { return parse_server_name(b); }, write_server_name);
  round_trip(
      d, [](ByteView b) { return parse_supported_groups(b); }, write_supported_groups);
  round_trip(
      d, [](ByteView b) { return parse_signature_algorithms(b); }, write_signature_algorithms);
  round_trip(
      d, [](ByteView b) { return parse_signature_algorithms_cert(b); },
      write_signature_algorithms_cert);
  round_trip(
      d, [](ByteView b) { return parse_alpn(b); }, write_alpn);
  (void)parse_alpn_selected(d);
  round_trip(
      d, [](ByteView b) { return parse_supported_versions_client(b); },
      write_supported_versions_client);
  round_trip(
      d, [](ByteView b) { return parse_supported_versions_server(b); },
      write_supported_versions_server);
  round_trip(
      d, [](ByteView b) { return parse_key_share_client(b); }, write_key_share_client);
  round_trip(
      d, [](ByteView b) { return parse_key_share_server(b); }, write_key_share_server);
  round_trip(
      d, [](ByteView b) { return parse_key_share_hrr(b); }, write_key_share_hrr);
  round_trip(
      d, [](ByteView b) { return parse_cookie(b); }, write_cookie);
  round_trip(
      d, [](ByteView b) { return parse_psk_key_exchange_modes(b); }, write_psk_key_exchange_modes);
  round_trip(
      d, [](ByteView b) { return parse_pre_shared_key_client(b); }, write_pre_shared_key_client);
  if (auto psk = parse_pre_shared_key_client(d)) {
    // The binders are the tail of the data.
    size_t tail = psk_binders_wire_size(*psk);
    if (tail > d.size()) fuzz::die("binders larger than the extension");
  }
  round_trip(
      d, [](ByteView b) { return parse_pre_shared_key_server(b); }, write_pre_shared_key_server);
  round_trip(
      d, [](ByteView b) { return parse_early_data_nst(b); }, write_early_data_nst);
  round_trip(
      d, [](ByteView b) { return parse_status_request(b); }, write_status_request);
  if (auto cs = parse_certificate_status(d)) {
    Bytes out;
    ByteWriter w(out);
    write_certificate_status_body(*cs, w);
    if (out.size() != d.size() || !std::equal(out.begin(), out.end(), d.begin()))
      fuzz::die("CertificateStatus body round trip");
  }
  round_trip(
      d, [](ByteView b) { return parse_renegotiation_info(b); }, write_renegotiation_info);
  (void)parse_extended_master_secret(d);
  (void)parse_post_handshake_auth(d);
  round_trip(
      d, [](ByteView b) { return parse_session_ticket(b); }, write_session_ticket);
  round_trip(
      d, [](ByteView b) { return parse_ec_point_formats(b); }, write_ec_point_formats);
  if (auto p = parse_padding(d)) {
    if (p->length != d.size()) fuzz::die("padding length");
  }
  round_trip(
      d, [](ByteView b) { return parse_record_size_limit(b); }, write_record_size_limit);
  round_trip(
      d, [](ByteView b) { return parse_compress_certificate(b); }, write_compress_certificate);
  round_trip(
      d, [](ByteView b) { return parse_certificate_authorities(b); },
      write_certificate_authorities);

  Extension e{type, d, {}};
  for (auto c : {ExtensionContext::client_hello, ExtensionContext::server_hello,
                 ExtensionContext::hello_retry_request, ExtensionContext::encrypted_extensions,
                 ExtensionContext::certificate, ExtensionContext::certificate_request,
                 ExtensionContext::new_session_ticket, ExtensionContext::server_hello_tls12})
    (void)describe_detail::describe_extension(e, c);

  // The extension block reader and rules on the raw input.
  ByteReader r(ByteView(data, size));
  if (auto list = read_extension_block(r, Step::none, "fuzz")) {
    (void)check_extension_rules(*list, ExtensionContext::client_hello, Step::none);
    (void)check_extension_rules(*list, ExtensionContext::encrypted_extensions, Step::none);
  }
  return 0;
}
