// Fuzz target: parse_wmi_path on arbitrary bytes. Oracle: a parsed path formats in both styles,
// and each formatted string parses to an equal path.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "wmi/cim/fuzz/fuzz_check.h"
#include "wmi/cim/wmi_path.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = wmi::parse_wmi_path(text);
  if (!parsed.ok()) return 0;
  for (const auto style : {wmi::PathStyle::kBackslash, wmi::PathStyle::kSlash}) {
    auto formatted = wmi::format_wmi_path(*parsed, style);
    wmi::fuzz::require(formatted.ok(), "a parsed WMI path must format");
    auto reparsed = wmi::parse_wmi_path(*formatted);
    wmi::fuzz::require(reparsed.ok(), "a formatted WMI path must parse");
    wmi::fuzz::require(*reparsed == *parsed, "WMI path round trip must be the identity");
  }
  return 0;
}
