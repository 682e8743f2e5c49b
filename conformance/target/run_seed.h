// The seed of the running hvconform run (`--seed N`, printed at start), for example tests that open
// a Session and want the run's randomness; properties draw theirs from RapidCheck, which the
// runner seeds with the same number. Set once by the runner before tests run; not synchronised.
#pragma once

#include <cstdint>

namespace conformance {

std::uint64_t run_seed();  // 1 until the runner sets it
void set_run_seed(std::uint64_t seed);

}  // namespace conformance
