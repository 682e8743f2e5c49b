// Shared by the fuzz targets: the oracle's failure report. A failed check prints what broke and
// aborts, which libFuzzer (and the corpus replay test) records as a crash.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace wmi::fuzz {

inline void require(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "fuzz oracle violated: %s\n", what);
  std::abort();
}

}  // namespace wmi::fuzz
