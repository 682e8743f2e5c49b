#include "conformance/suites/regression_name.h"

#include <fmt/format.h>

namespace conformance::suites {

std::string regression_test_name(std::uint64_t seed, std::string_view steps) {
  std::uint32_t hash = 2166136261u;
  for (char c : steps) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  return fmt::format("Seed{}_{:08x}", seed, hash);
}

}  // namespace conformance::suites
