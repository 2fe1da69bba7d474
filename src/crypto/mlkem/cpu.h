// Runtime selection between the portable code and the AVX2 code (x86-64 only).
#pragma once

namespace tlskit::crypto::mlkem {

// True when the AVX2 paths may run: the CPU (and OS) supports AVX2 and force_portable is off.
bool use_avx2();

// Forces the portable paths (on = true) or restores the automatic choice; lets tests run the
// same vectors through both implementations. Not meant to be toggled during other calls.
void force_portable(bool on);

}  // namespace tlskit::crypto::mlkem
