// tlskit command-line entry point (subcommands are being built; see docs/cli.md).
#include <cstdio>

int main() {
  std::fprintf(stderr, "tlskit: no subcommands yet\n");
  return 2;
}
