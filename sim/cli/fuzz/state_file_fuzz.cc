// Fuzz target: parse_state on arbitrary bytes. Oracle: a loaded state formats to a file that loads
// back equal, and formatting that again gives the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/cli/state_file.h"
#include "wmi/cim/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto state = sim::cli::parse_state(text);
  if (!state.ok()) {
    wmi::fuzz::require(state.status().kind() == wmi::StatusKind::kInvalidArgument,
                       "a rejected state file must be an invalid argument");
    return 0;
  }
  const std::string saved = sim::cli::format_state(*state);
  auto reloaded = sim::cli::parse_state(saved);
  wmi::fuzz::require(reloaded.ok(), "a saved state file must load");
  wmi::fuzz::require(*reloaded == *state, "state save/load must be the identity");
  wmi::fuzz::require(sim::cli::format_state(*reloaded) == saved,
                     "saving a reloaded state must give the same bytes");
  return 0;
}
