#include "conformance/target/target.h"

#include <cstdio>
#include <cstdlib>

namespace conformance {
namespace {

Target* selected_target = nullptr;

}  // namespace

Target& current_target() {
  if (selected_target == nullptr) {
    std::fputs("conformance: current_target() before set_current_target()\n", stderr);
    std::abort();
  }
  return *selected_target;
}

void set_current_target(Target& target) { selected_target = &target; }

}  // namespace conformance
