#include "conformance/target/needs.h"

namespace conformance {

std::optional<std::string> unmet_need(Session& session, const Needs& needs) {
  if (needs.mutation && !current_target().mutation_allowed()) {
    return "needs --allow-mutation (the test creates state on the target)";
  }
  if (needs.data_plane && session.data_plane() == nullptr) return "needs DataPlane";
  if (needs.fault_rules && session.fault_control() == nullptr) {
    return "needs a fault-rule hook (FaultControl)";
  }
  return std::nullopt;
}

}  // namespace conformance
