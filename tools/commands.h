// Entry points of the tlskit subcommands. Each parses its own flags (argv[0] is the subcommand
// name) and returns the process exit code (see docs/cli.md for the codes).
#pragma once

namespace tlskit::tools {

// Exit codes shared by all subcommands (documented in docs/cli.md).
inline constexpr int kExitOk = 0;                 // done; certificates verified
inline constexpr int kExitConnectFailed = 1;      // TCP connect refused / timed out / reset
inline constexpr int kExitUsage = 2;              // bad flags or unreadable/mismatched files
inline constexpr int kExitHandshakeFailed = 3;    // the TLS handshake failed
inline constexpr int kExitVerifyFailed = 4;       // the peer's certificate did not verify

int run_client(int argc, char** argv);    // tlskit client HOST:PORT   (the inspector)
int run_s_client(int argc, char** argv);  // tlskit s_client -connect HOST:PORT (OpenSSL flags)
int run_server(int argc, char** argv);    // tlskit server --cert C --key K
int run_cert(int argc, char** argv);      // tlskit cert FILE|-
int run_verify(int argc, char** argv);    // tlskit verify chain.pem
int run_exporter(int argc, char** argv);
int run_scan(int argc, char** argv);      // tlskit scan HOST[:PORT]... (the scanner, docs/scan.md)  // tlskit exporter --config FILE (Prometheus exporter)

}  // namespace tlskit::tools
