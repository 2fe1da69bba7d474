// `tlskit s_client`: openssl s_client's flags, translated through one declarative table onto
// `tlskit client` flags, so a command from a runbook works with only the program name changed.
#pragma once
#include <span>
#include <string>
#include <vector>

namespace tlskit::tools {

// What happens to an s_client flag.
enum class SFlagAction : uint8_t {
  map,          // becomes client_flag (with the flag's value, or with fixed_value)
  unsupported,  // accepted (its value consumed); a note says plainly it is not supported yet
  ignore,       // accepted and ignored: tlskit always behaves this way (a note says so)
  refuse,       // a usage error: tlskit cannot do what the flag asks
};

// One row of the translation table.
struct SClientFlag {
  const char* name;         // "-connect"
  bool takes_value;         // the next argument is its value
  SFlagAction action;
  const char* client_flag;  // "--connect", or "" (unsupported / ignore / refuse)
  const char* fixed_value;  // value passed to client_flag instead of the user's, or nullptr
  const char* meaning;      // one line: what it does in tlskit (for --help and notes)
};

// The whole table.
std::span<const SClientFlag> s_client_flag_table();

// The result of translating s_client arguments.
struct SClientTranslation {
  std::vector<std::string> client_args;  // arguments for parse_client_args
  std::vector<std::string> notes;        // "-reconnect: session resumption is not supported yet"
  std::string error;                     // non-empty: a usage error (one line)
  bool help = false;                     // -help / --help / -h was given
};

// Translates s_client arguments (without program and subcommand names). Unknown flags are a
// usage error; "-connect" defaults to localhost:4433 like OpenSSL's.
SClientTranslation translate_s_client_args(const std::vector<std::string>& args);

// The --help text of `tlskit s_client`: every flag of the table with its meaning.
std::string s_client_help();

}  // namespace tlskit::tools
