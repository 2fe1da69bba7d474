// The one table from an X.509 failure cause (the stable ids of ChainResult::cause and
// CertVerifyResult::cause: expired, missing_intermediate, ...) to what a person is told: the
// problem in a phrase and the fix. x509::explain() and the inspector's diagnosis both read it,
// so a verify failure is explained the same way by the library and by the tool.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace tlskit::x509 {

// The facts a piece of advice may name (owned: a caller may fill them from temporaries).
// Empty fields are replaced by a neutral wording.
struct AdviceFacts {
  std::string sender = "server";  // who sent the chain: "server" or "client"
  std::string issuer;             // the issuer that could not be found, quoted, if known
  std::string asked;              // the host name that was asked for, quoted, if any
  int code = 0;                   // the OpenSSL-compatible verify code (0: not known)
  int depth = -1;                 // the failing certificate's depth (0 = leaf; -1: not known)
};

// What to tell a person about one failure.
struct CauseAdvice {
  std::string problem;  // a predicate for "The certificate X ...": "has expired"
  std::string fix;      // one or two sentences, capitalised, ending with a full stop
};

// The advice for `cause` (an unknown id gets the generic RFC 5280 advice).
CauseAdvice cause_advice(std::string_view cause, const AdviceFacts& facts);

// Every cause id the table has its own row for, in table order (for tests and docs).
std::vector<std::string> advised_causes();

}  // namespace tlskit::x509
