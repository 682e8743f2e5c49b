// Fuzz target: load_inventory on arbitrary bytes. Oracle: a loaded inventory is valid, saves, loads
// back equal, and saves again to the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/control/inventory.h"
#include "sim/control/inventory_json.h"
#include "wmi/cim/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto inventory = sim::control::load_inventory(text);
  if (!inventory.ok()) {
    wmi::fuzz::require(inventory.status().kind() == wmi::StatusKind::kInvalidArgument,
                       "a rejected inventory must be an invalid argument");
    return 0;
  }
  wmi::fuzz::require(sim::control::validate_inventory(*inventory).ok(),
                     "a loaded inventory must be valid");
  const std::string saved = sim::control::save_inventory(*inventory);
  auto reloaded = sim::control::load_inventory(saved);
  wmi::fuzz::require(reloaded.ok(), "a saved inventory must load");
  wmi::fuzz::require(*reloaded == *inventory, "inventory save/load must be the identity");
  wmi::fuzz::require(sim::control::save_inventory(*reloaded) == saved,
                     "saving a reloaded inventory must give the same bytes");
  return 0;
}
