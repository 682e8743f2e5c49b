// CIM names (namespaces, classes, properties, keys, methods) compare case-insensitively (DSP0004).
// Only ASCII letters fold; other bytes compare exactly.
#pragma once

#include <string>
#include <string_view>

namespace wmi {

constexpr char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// A CIM identifier as hvsim accepts it in paths and selectors: [A-Za-z_][A-Za-z0-9_]* (ASCII only).
constexpr bool is_cim_identifier(std::string_view s) {
  auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (s.empty() || !letter(s.front())) return false;
  for (char c : s) {
    if (!letter(c) && !digit(c)) return false;
  }
  return true;
}

// A '/'-separated namespace ("root/virtualization/v2"): one or more non-empty segments of
// [A-Za-z0-9_].
constexpr bool is_namespace_name(std::string_view s) {
  if (s.empty() || s.front() == '/' || s.back() == '/') return false;
  char previous = '/';
  for (char c : s) {
    const bool word =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!word && !(c == '/' && previous != '/')) return false;
    previous = c;
  }
  return true;
}

inline std::string ascii_lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

}  // namespace wmi
