#include "conformance/target/run_seed.h"

namespace conformance {
namespace {

std::uint64_t the_run_seed = 1;

}  // namespace

std::uint64_t run_seed() { return the_run_seed; }

void set_run_seed(std::uint64_t seed) { the_run_seed = seed; }

}  // namespace conformance
