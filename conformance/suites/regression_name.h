// The name of a regression test a failing property prints: "Seed<seed>_<8 hex digits>", the digits
// an FNV-1a hash of the printed steps, so that two sequences found with the same seed get
// different names. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace conformance::suites {

std::string regression_test_name(std::uint64_t seed, std::string_view steps);

}  // namespace conformance::suites
