// Fuzz target: load_profile on arbitrary bytes. Oracle: a loaded profile saves, the saved text
// loads back equal, and saving that again gives the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/control/profile.h"
#include "wmi/cim/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto profile = sim::control::load_profile(text);
  if (!profile.ok()) {
    wmi::fuzz::require(profile.status().kind() == wmi::StatusKind::kInvalidArgument,
                       "a rejected profile must be an invalid argument");
    return 0;
  }
  const std::string saved = sim::control::save_profile(*profile);
  auto reloaded = sim::control::load_profile(saved);
  wmi::fuzz::require(reloaded.ok(), "a saved profile must load");
  wmi::fuzz::require(*reloaded == *profile, "profile save/load must be the identity");
  wmi::fuzz::require(sim::control::save_profile(*reloaded) == saved,
                     "saving a reloaded profile must give the same bytes");
  return 0;
}
