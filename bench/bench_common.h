// Shared pieces of the side-by-side benchmark (tlskit vs OpenSSL's libssl in one process):
// the scenarios, the interface both stacks implement (a client and a server in this thread,
// talking over memory), CPU-time measurement and medians.
#pragma once
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

namespace bench {

// Server certificate key type (the whole chain uses it: root, intermediate, leaf).
enum class CertType : uint8_t { ecdsa_p256, rsa2048 };
// The negotiated AEAD / cipher suite.
enum class Aead : uint8_t { aes128gcm, chacha20 };

// One benchmark setting. Every handshake is full unless resume is set; the key exchange is
// X25519; the client verifies the chain (leaf + intermediate) to the root and the host name.
struct Scenario {
  const char* label;  // "ECDSA P-256, X25519, AES-128-GCM"
  CertType cert = CertType::ecdsa_p256;
  Aead aead = Aead::aes128gcm;
  bool tls12 = false;   // TLS 1.2 (ECDHE_ECDSA / ECDHE_RSA suites); TLS 1.3 otherwise
  bool resume = false;  // resumed handshakes (a session from a first full handshake)
  // The client trusts the other certificate type's root instead: every handshake must fail
  // (the harness checks that the client really verifies before it measures anything).
  bool wrong_root = false;
  // Key exchange X25519MLKEM768 instead of X25519 (TLS 1.3; tlskit only: OpenSSL 3.0 has no
  // ML-KEM).
  bool hybrid = false;
  // tlskit's default certificate compression (RFC 8879) on; off compares like for like with
  // libssl 3.0, which has none (--no-cert-compression).
  bool cert_compression = true;
};

// Paths inside the PKI that scripts/gen-pki.sh makes.
struct Pki {
  std::string dir;
  std::string type_dir(CertType t) const {
    return dir + (t == CertType::ecdsa_p256 ? "/ecdsa-p256" : "/rsa2048");
  }
  std::string server_chain(CertType t) const { return type_dir(t) + "/server-chain.pem"; }
  std::string server_key(CertType t) const { return type_dir(t) + "/server.key"; }
  std::string root(CertType t) const { return type_dir(t) + "/root.pem"; }
  // The root the client of scenario s trusts.
  std::string client_root(const Scenario& s) const {
    if (!s.wrong_root) return root(s.cert);
    return root(s.cert == CertType::ecdsa_p256 ? CertType::rsa2048 : CertType::ecdsa_p256);
  }
};

// The host name the client asks for and checks (a SAN of every leaf).
inline constexpr const char* kServerName = "localhost";

// TLS 1.3 NewSessionTickets both servers send after every handshake of a resumed scenario
// (libssl: SSL_CTX_set_num_tickets; tlskit: Config::tls13_tickets), so both do the same work.
inline constexpr int kResumeTickets = 1;

// CPU time of the calling thread, in nanoseconds.
inline int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

// The median of values (0 for none); values are reordered.
double median(std::vector<double> values);

// An established client/server pair of one stack (after a full handshake), kept in memory.
class Established {
 public:
  virtual ~Established() = default;
  // The client sends len bytes of application data as one record (len <= 16384) and the
  // server reads all of it into out. With zero_copy, a stack that has a zero-copy read API
  // uses it instead (out is then left alone; the data is checked in place), one without
  // reads into out as usual. Returns false (with a message on stderr) on failure.
  virtual bool client_to_server(const uint8_t* data, size_t len, uint8_t* out,
                                bool zero_copy = false) = 0;
  // Frees the client side, then (drop_server) the server side; used to attribute memory.
  virtual void drop_client() = 0;
  virtual void drop_server() = 0;
};

// One TLS stack: a client and a server in this thread, bytes moved between them in memory
// (no sockets). Implementations: LibsslStack (libssl_pair.cpp), TlskitStack (tlskit_pair.cpp).
class Stack {
 public:
  virtual ~Stack() = default;
  virtual const char* name() const = 0;
  // Builds the client and server configurations (contexts) for a scenario. Returns false
  // and sets error() when the stack cannot do it (bad files, scenario not supported yet).
  virtual bool setup(const Pki& pki, const Scenario& s) = 0;
  // Runs one handshake from nothing to both sides done, then frees both sides. Adds the CPU
  // time spent inside server-side calls (creation, every call, destruction) to *server_ns.
  // Returns false (and sets error()) on any failure.
  virtual bool handshake(int64_t* server_ns) = 0;
  // A fresh established pair, idle: nothing in flight, nothing to read. For the memory
  // measurement, release_buffers asks the stack to drop buffers it keeps only for I/O in
  // flight when it has such a mode (libssl: SSL_MODE_RELEASE_BUFFERS). nullptr on failure.
  virtual std::unique_ptr<Established> establish(bool release_buffers) = 0;
  virtual const std::string& error() const = 0;
};

// Factories. make_tlskit_stack returns nullptr when the bench was built without the tlskit
// side (TLSKIT_BENCH_TLSKIT=OFF: the library has no Connection yet).
std::unique_ptr<Stack> make_libssl_stack();
std::unique_ptr<Stack> make_tlskit_stack();
// Why the tlskit side is missing, when make_tlskit_stack returns nullptr.
const char* tlskit_stack_unavailable_reason();

// Run parameters (from the command line).
struct Options {
  Pki pki;
  int rounds = 15;             // interleaved rounds; results are medians over them
  int handshakes = 40;         // handshakes per stack per round
  int records = 400;           // 16 KiB records per stack per round
  int connections = 200;       // established connections for the memory measurement
  bool want_tlskit = true;
  bool want_libssl = true;
  bool tls12 = false;          // also the TLS 1.2 rows (full and resumed)
  bool cert_compression = true;  // false: --no-cert-compression (tlskit's handshake rows)
};

// One printed result row: the tlskit and libssl values, a ratio, the target and its verdict.
struct Row {
  std::string section;   // rows are grouped under their section's title
  std::string what;      // "handshakes per CPU-second"
  double tlskit = -1;    // < 0: not measured
  double libssl = -1;
  int decimals = 0;
  double ratio = -1;     // < 0: none (usually tlskit / libssl, or value / reference)
  std::string target;    // ">= 1.50x"; empty: informational
  int verdict = -1;      // 1 met, 0 missed, -1 not judged (no tlskit value)
  std::string note;      // printed after the row
  bool text = false;     // a line of text (what), no value columns
  // Column titles of the section (set on its first row): the two values compared.
  std::string left_title = "tlskit";
  std::string right_title = "libssl";
};

// Appends a row comparing tlskit and libssl with the ratio tlskit/libssl; when target_op is
// ">=" or "<=", the ratio is judged against target.
void add_ratio_row(std::vector<Row>& rows, const std::string& section, const std::string& what,
                   double tlskit, double libssl, int decimals, const char* target_op = "",
                   double target = 0);

// Measurements; each appends rows (see bench_handshake.cpp, bench_records.cpp,
// bench_memory.cpp). tlskit may be null (libssl alone).
void bench_handshakes(const Options& o, Stack* tlskit, Stack* libssl, std::vector<Row>& rows);
void bench_records(const Options& o, Stack* tlskit, Stack* libssl, std::vector<Row>& rows);
void bench_memory(const Options& o, Stack* tlskit, Stack* libssl, std::vector<Row>& rows);
// Post-quantum: ML-KEM-768 cycles per operation, and tlskit's handshake with X25519MLKEM768
// against X25519 alone in the same run (bench_post_quantum.cpp; tlskit side only).
void bench_post_quantum(const Options& o, std::vector<Row>& rows);
// The kernel's part of one s_time-shaped connection without TLS, server CPU per connection
// (bench_io_floor.cpp): the floor the server row's CPU figure stands on, with the crypto floor.
void bench_io_floor(const Options& o, std::vector<Row>& rows);

// The crypto floor of one TLS 1.3 handshake pair for a certificate type, in microseconds:
// the libcrypto calls no implementation can avoid (bench_handshake.cpp). server_us gets the
// server's part (key share + CertificateVerify signature).
double crypto_floor_us(const Pki& pki, CertType cert, int rounds, double* server_us);

}  // namespace bench
