// Fuzz target: load_fault_rules on arbitrary bytes. Oracle: loaded rules build a FaultPlan, save,
// load back equal, and save again to the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/control/fault_rules.h"
#include "sim/control/fault_rules_json.h"
#include "wmi/cim/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rules = sim::control::load_fault_rules(text);
  if (!rules.ok()) {
    wmi::fuzz::require(rules.status().kind() == wmi::StatusKind::kInvalidArgument,
                       "rejected fault rules must be an invalid argument");
    return 0;
  }
  wmi::fuzz::require(sim::control::FaultPlan::create(rules->rules).ok(),
                     "loaded fault rules must make a plan");
  const std::string saved = sim::control::save_fault_rules(*rules);
  auto reloaded = sim::control::load_fault_rules(saved);
  wmi::fuzz::require(reloaded.ok(), "saved fault rules must load");
  wmi::fuzz::require(*reloaded == *rules, "fault rules save/load must be the identity");
  wmi::fuzz::require(sim::control::save_fault_rules(*reloaded) == saved,
                     "saving reloaded fault rules must give the same bytes");
  return 0;
}
