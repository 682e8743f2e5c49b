// Internal to the CIM-XML codec (cim_xml_writer.cc, cim_xml_reader.cc): how both halves word an
// error. Every message starts "CIM-XML: <context>: ".
#pragma once

#include <string>
#include <string_view>

#include "wmi/cim/status.h"

namespace wmi::cim_xml_detail {

inline constexpr std::string_view kPrefix = "CIM-XML: ";

inline Status error(std::string_view context, std::string_view message) {
  if (message.starts_with(kPrefix)) message.remove_prefix(kPrefix.size());
  return invalid_argument(std::string(kPrefix) + std::string(context) + ": " +
                          std::string(message));
}

// `s` in quotes, cut to 64 bytes for messages.
inline std::string quoted(std::string_view s) {
  constexpr std::size_t kShown = 64;
  if (s.size() <= kShown) return "\"" + std::string(s) + "\"";
  return "\"" + std::string(s.substr(0, kShown)) + "\"...";
}

}  // namespace wmi::cim_xml_detail
