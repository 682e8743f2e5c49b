// Fuzz target: parse_export_config on arbitrary bytes. Oracle: a rejected text is an invalid
// argument that says what is wrong; a parsed configuration formats, the formatted text parses back
// equal, and formatting that again gives the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/host/export_config.h"
#include "wmi/cim/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = sim::host::parse_export_config(text);
  if (!config.ok()) {
    wmi::fuzz::require(config.status().kind() == wmi::StatusKind::kInvalidArgument,
                       "a rejected export configuration must be an invalid argument");
    wmi::fuzz::require(!config.status().message().empty(),
                       "an export configuration error must say what is wrong");
    return 0;
  }
  const std::string formatted = sim::host::format_export_config(*config);
  auto reparsed = sim::host::parse_export_config(formatted);
  wmi::fuzz::require(reparsed.ok(), "a formatted export configuration must parse");
  wmi::fuzz::require(*reparsed == *config,
                     "export configuration format/parse must be the identity");
  wmi::fuzz::require(sim::host::format_export_config(*reparsed) == formatted,
                     "formatting a reparsed export configuration must give the same bytes");
  return 0;
}
