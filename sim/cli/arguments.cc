#include "sim/cli/arguments.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <limits>

namespace sim::cli {
namespace {

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    return lower(x) == lower(y);
  });
}

// The whole of `text` as a decimal number; nullopt for anything else (sign, empty, overflow).
std::optional<std::uint64_t> whole_number(std::string_view text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

bool is_shell_safe(char c) {
  return is_name_char(c) || std::string_view("@%+=:,./-").find(c) != std::string_view::npos;
}

}  // namespace

wmi::Result<wmi::Property> parse_parameter(std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos) {
    return wmi::invalid_argument(
        fmt::format("parameter \"{}\" is not Name=Value (write Name= for an empty value)", text));
  }
  const std::string_view name = text.substr(0, eq);
  if (name.empty() || !is_name_start(name.front()) ||
      !std::all_of(name.begin(), name.end(), is_name_char)) {
    return wmi::invalid_argument(
        fmt::format("parameter \"{}\": \"{}\" is not a CIM parameter name ([A-Za-z_][A-Za-z0-9_]*)",
                    text, name));
  }
  return wmi::Property{std::string(name), wmi::CimValue(std::string(text.substr(eq + 1)))};
}

wmi::Result<wmi::PropertyList> parse_parameters(std::span<const std::string> texts) {
  wmi::PropertyList params;
  for (const std::string& text : texts) {
    auto param = parse_parameter(text);
    if (!param.ok()) return param.status();
    for (const wmi::Property& earlier : params) {
      if (equal_ignoring_case(earlier.name, param->name)) {
        return wmi::invalid_argument(fmt::format("parameter {} is given twice", param->name));
      }
    }
    params.push_back(std::move(param).value());
  }
  return params;
}

wmi::Result<wmi::Microseconds> parse_duration(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const std::string_view unit = text.substr(digits);
  const auto fail = [&](std::string_view why) {
    return wmi::invalid_argument(fmt::format(
        "duration \"{}\": {} (write a whole number and a unit: us, ms, s, min, h, d; e.g. 5s)",
        text, why));
  };
  if (digits == 0) return fail("expected a whole number");
  struct Unit {
    std::string_view name;
    std::int64_t micros;
  };
  static constexpr Unit kUnits[] = {
      {"us", 1},           {"ms", 1'000},        {"s", 1'000'000},
      {"min", 60'000'000}, {"h", 3'600'000'000}, {"d", 86'400'000'000}};
  const Unit* found = nullptr;
  for (const Unit& u : kUnits) {
    if (u.name == unit) found = &u;
  }
  if (unit.empty()) return fail("missing unit");
  if (unit.front() == '.') return fail("fractions are not accepted");
  if (found == nullptr) return fail(fmt::format("unknown unit \"{}\"", unit));
  constexpr std::int64_t kMaxMicros = std::int64_t{100} * 366 * 86'400'000'000;  // ~100 years
  const auto count = whole_number(text.substr(0, digits));
  if (!count || *count > static_cast<std::uint64_t>(kMaxMicros / found->micros)) {
    return fail("longer than 100 years");
  }
  return wmi::Microseconds(static_cast<std::int64_t>(*count) * found->micros);
}

wmi::Result<std::uint8_t> parse_byte_value(std::string_view text) {
  std::optional<std::uint64_t> value;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    std::uint64_t v = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data() + 2, end, v, 16);
    if (ec == std::errc() && ptr == end) value = v;
  } else {
    value = whole_number(text);
  }
  if (!value || *value > 0xFF) {
    return wmi::invalid_argument(fmt::format("byte \"{}\": expected 0..255 or 0x00..0xFF", text));
  }
  return static_cast<std::uint8_t>(*value);
}

std::vector<std::string> strip_setup_options(std::span<const std::string> args) {
  std::vector<std::string> kept;
  bool options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!options_ended) {
      if (arg == "--") {
        options_ended = true;
      } else {
        bool setup = false;
        for (std::string_view option : kSetupOptions) {
          if (arg == option) {
            ++i;  // and its value
            setup = true;
          } else if (arg.size() > option.size() && arg.starts_with(option) &&
                     arg[option.size()] == '=') {
            setup = true;
          }
        }
        if (setup) continue;
      }
    }
    kept.push_back(arg);
  }
  return kept;
}

std::string shell_quote(std::span<const std::string> args) {
  std::string line;
  for (const std::string& arg : args) {
    if (!line.empty()) line += ' ';
    if (!arg.empty() && std::all_of(arg.begin(), arg.end(), is_shell_safe)) {
      line += arg;
      continue;
    }
    line += '\'';
    for (char c : arg) {
      if (c == '\'') {
        line += "'\\''";
      } else {
        line += c;
      }
    }
    line += '\'';
  }
  return line;
}

}  // namespace sim::cli
