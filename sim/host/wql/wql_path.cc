#include "sim/host/wql/wql_path.h"

#include <algorithm>
#include <string>

#include "wmi/cim/wmi_path.h"

namespace sim::wql {
namespace {

constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// `text` with every single-quoted value rewritten as the double-quoted value the WMI path parser
// reads; double-quoted values are copied untouched.
wmi::Result<std::string> double_quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '"') {
      const std::size_t start = pos++;
      while (pos < text.size() && text[pos] != '"') pos += (text[pos] == '\\') ? 2 : 1;
      pos = std::min(pos + 1, text.size());
      out.append(text.substr(start, pos - start));  // an unterminated one fails in parse_wmi_path
      continue;
    }
    if (c != '\'') {
      out += c;
      ++pos;
      continue;
    }
    const std::size_t start = pos++;
    out += '"';
    while (true) {
      if (pos >= text.size()) {
        return wmi::invalid_argument("WMI path: single-quoted value starting at byte " +
                                     std::to_string(start) + " has no closing quote");
      }
      char v = text[pos++];
      if (v == '\'') break;
      if (v == '\\') {
        if (pos >= text.size()) continue;  // reported as unterminated on the next turn
        v = text[pos++];
      }
      if (v == '\\' || v == '"') out += '\\';
      out += v;
    }
    out += '"';
  }
  return out;
}

}  // namespace

wmi::Result<wmi::ObjectPath> parse_query_path(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  auto rewritten = double_quoted(text);
  if (!rewritten.ok()) return rewritten.status();
  return wmi::parse_wmi_path(*rewritten);
}

bool same_instance_in_query(const wmi::ObjectPath& a, const wmi::ObjectPath& b) {
  if (a.namespace_name.empty() == b.namespace_name.empty()) return wmi::same_instance(a, b);
  wmi::ObjectPath relative_a = a;
  relative_a.namespace_name = b.namespace_name;
  return wmi::same_instance(relative_a, b);
}

}  // namespace sim::wql
