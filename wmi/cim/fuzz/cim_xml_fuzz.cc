// Fuzz target: parse_cim_xml on arbitrary bytes. Oracle: whatever parses re-emits, and the
// re-emitted text parses to an equal instance.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "wmi/cim/cim_xml.h"
#include "wmi/cim/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = wmi::parse_cim_xml(text);
  if (!parsed.ok() || !parsed->has_value()) return 0;
  auto emitted = wmi::to_cim_xml(**parsed);
  wmi::fuzz::require(emitted.ok(), "a parsed instance must emit");
  auto reparsed = wmi::parse_cim_xml(*emitted);
  wmi::fuzz::require(reparsed.ok() && reparsed->has_value(), "emitted CIM-XML must parse");
  wmi::fuzz::require(**reparsed == **parsed, "CIM-XML round trip must be the identity");
  return 0;
}
