// Prints the linked tlskit version and a name from the public API.
#include <cstdio>

#include <tlskit/tlskit.h>

int main() {
  std::printf("tlskit %s %s\n", tlskit::version(),
              tlskit::cipher_suite_name(tlskit::CipherSuite::TLS_AES_128_GCM_SHA256).c_str());
  return 0;
}
