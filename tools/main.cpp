// tlskit command-line entry point: dispatches to subcommands.
#include <cstdio>
#include <cstring>
#include <string>

#include "commands.h"
#include "crypto/provider.h"
#include "tlskit/version.h"

namespace {

void print_usage(FILE* out) {
  std::fprintf(out,
               "usage: tlskit <command> [flags]\n\n"
               "commands:\n"
               "  client HOST:PORT       connect, show and explain the handshake (the inspector)\n"
               "  s_client -connect H:P  the same, with openssl s_client's flags\n"
               "  server --cert C --key K  a TLS server on 127.0.0.1 (echo or small HTTP reply)\n"
               "  cert FILE|-            print a certificate like `openssl x509 -noout -text`\n"
               "  verify chain.pem       verify a chain offline and explain the result\n"
               "  exporter --config F    Prometheus exporter: certificate expiry and handshake health\n"
               "  scan HOST[:PORT]...    scan servers: protocols, suites, certificates, weaknesses, grade\n\n"
               "  version                the versions of tlskit and libcrypto (also --version)\n\n"
               "Run `tlskit <command> --help` for the flags of a command.\n");
}

// `tlskit --version`: the tool (the headers it was compiled with), the library linked
// (tlskit::version()) and libcrypto.
void print_version() {
  std::printf("tlskit %s\nlibrary: tlskit %s\nlibcrypto: %s\n", TLSKIT_VERSION_STRING,
              tlskit::version(), tlskit::crypto::libcrypto_version());
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tlskit::tools;
  if (argc < 2) {
    print_usage(stderr);
    return kExitUsage;
  }
  std::string cmd = argv[1];
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    print_usage(stdout);
    return kExitOk;
  }
  if (cmd == "--version" || cmd == "-version" || cmd == "version") {
    print_version();
    return kExitOk;
  }
  if (cmd == "client") return run_client(argc - 1, argv + 1);
  if (cmd == "s_client") return run_s_client(argc - 1, argv + 1);
  if (cmd == "server" || cmd == "s_server") return run_server(argc - 1, argv + 1);
  if (cmd == "cert" || cmd == "x509") return run_cert(argc - 1, argv + 1);
  if (cmd == "verify") return run_verify(argc - 1, argv + 1);
  if (cmd == "exporter") return run_exporter(argc - 1, argv + 1);
  if (cmd == "scan") return run_scan(argc - 1, argv + 1);
  std::fprintf(stderr, "tlskit: unknown command '%s' (try `tlskit --help`)\n", cmd.c_str());
  return kExitUsage;
}
