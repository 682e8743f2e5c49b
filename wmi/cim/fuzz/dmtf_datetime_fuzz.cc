// Fuzz target: parse_dmtf_datetime on arbitrary bytes. Oracle: a parsed datetime formats, and
// the formatted string parses to an equal datetime.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "wmi/cim/dmtf_datetime.h"
#include "wmi/cim/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = wmi::parse_dmtf_datetime(text);
  if (!parsed.ok()) return 0;
  auto formatted = wmi::format_dmtf_datetime(*parsed);
  wmi::fuzz::require(formatted.ok(), "a parsed DMTF datetime must format");
  auto reparsed = wmi::parse_dmtf_datetime(*formatted);
  wmi::fuzz::require(reparsed.ok(), "a formatted DMTF datetime must parse");
  wmi::fuzz::require(*reparsed == *parsed, "DMTF datetime round trip must be the identity");
  return 0;
}
