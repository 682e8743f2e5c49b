#include "wmi/cim/cim_type.h"

#include <array>

namespace wmi {
namespace {

constexpr std::array<std::string_view, kCimTypeCount> kNames = {
    "boolean", "uint8",  "sint8",  "uint16", "sint16", "uint32",   "sint32",    "uint64",
    "sint64",  "real32", "real64", "char16", "string", "datetime", "reference", "instance"};

}  // namespace

std::string_view cim_type_name(CimType type) { return kNames[static_cast<std::size_t>(type)]; }

std::optional<CimType> parse_cim_type_name(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<CimType>(i);
  }
  return std::nullopt;
}

}  // namespace wmi
