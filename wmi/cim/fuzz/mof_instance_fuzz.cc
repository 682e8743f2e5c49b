// Fuzz target: parse_mof_instance on arbitrary bytes. MOF has no writer, so the oracle crosses
// codecs: a parsed instance that CIM-XML can carry reads back equal from its CIM-XML text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "wmi/cim/cim_xml.h"
#include "wmi/cim/fuzz/fuzz_check.h"
#include "wmi/cim/mof_instance.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = wmi::parse_mof_instance(text);
  if (!parsed.ok() || !parsed->has_value()) return 0;
  auto xml = wmi::to_cim_xml(**parsed);
  if (!xml.ok()) return 0;  // e.g. a "\x01" escape: text XML 1.0 cannot carry
  auto reparsed = wmi::parse_cim_xml(*xml);
  wmi::fuzz::require(reparsed.ok() && reparsed->has_value(), "emitted CIM-XML must parse");
  wmi::fuzz::require(**reparsed == **parsed, "MOF -> CIM-XML -> instance must be the identity");
  return 0;
}
