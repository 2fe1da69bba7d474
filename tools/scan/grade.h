// The grade of a scanned target, computed from its facts (no I/O) by the SSL Labs server rating
// guide: protocol support 30%, key exchange 30%, cipher strength 40% (each the mean of the best
// and the worst), the score's letter, then the guide's caps (SSLv2 F, export F, ... TLS 1.0/1.1
// B, no forward secrecy B, no AEAD B) and the trust letters T and M, A- for warnings and A+
// for HSTS of at least 180 days with no warning. docs/scan.md explains every rule.
#pragma once
#include "scan/scan_report.h"

namespace tlskit::tools::scan {

// HSTS max-age needed for A+ (SSL Labs: at least six months, 15768000 s; testssl.sh uses 180 days).
inline constexpr int64_t kHstsMinAgeForAPlus = 15552000;

// The letter of a score: 80+ A, 65+ B, 50+ C, 35+ D, 20+ E, else F.
std::string letter_for_score(int score);

// The protocol support score of the supported protocols (best + worst) / 2; 0 when none.
int protocol_score(const TargetReport& t);
// The key exchange score from the weakest key exchange (certificate key, DH/ECDH parameters,
// anonymous or export suites), per the guide's table.
int key_exchange_score(const TargetReport& t);
// The cipher strength score (best + worst suite bits) / 2.
int cipher_score(const TargetReport& t);

// The whole grade (scores, caps with reasons and how to raise them, warnings). A target with an
// error or no protocol gets letter "" and score 0.
Grade compute_grade(const TargetReport& t);

}  // namespace tlskit::tools::scan
