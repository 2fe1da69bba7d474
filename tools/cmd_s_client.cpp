// `tlskit s_client`: openssl s_client's flags, translated onto `tlskit client`.
#include <cstdio>

#include "cli/s_client_flags.h"
#include "client_main.h"
#include "commands.h"

namespace tlskit::tools {

int run_s_client(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  SClientTranslation t = translate_s_client_args(args);
  if (t.help) {
    std::fputs(s_client_help().c_str(), stdout);
    return kExitOk;
  }
  if (!t.error.empty()) {
    std::fprintf(stderr, "tlskit s_client: %s\n", t.error.c_str());
    return kExitUsage;
  }
  ClientOptions o;
  ParseOutcome p = parse_client_args(t.client_args, o, "tlskit s_client");
  if (!p.run) {
    std::fprintf(p.exit_code == kExitOk ? stdout : stderr, "%s\n", p.message.c_str());
    return p.exit_code;
  }
  o.s_client_style = true;
  o.notes = t.notes;
  return run_client_options(o);
}

}  // namespace tlskit::tools
