#include "sim/control/byte_size.h"

#include <array>
#include <limits>

namespace sim::control {

namespace {

struct Unit {
  std::string_view suffix;
  unsigned shift;
};
// Largest first, so format_byte_size picks the largest exact unit.
constexpr std::array<Unit, 5> kUnits{
    {{"PiB", 50}, {"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}}};

wmi::Status bad(std::string_view text, std::string_view why) {
  return wmi::invalid_argument("byte size \"" + std::string(text) + "\": " + std::string(why));
}

}  // namespace

wmi::Result<std::uint64_t> parse_byte_size(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0)
    return bad(text, "expected a whole number of bytes, optionally with a unit (64KiB)");
  std::uint64_t count = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const auto digit = static_cast<std::uint64_t>(text[i] - '0');
    if (count > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
      return bad(text, "too large");
    }
    count = count * 10 + digit;
  }
  const std::string_view suffix = text.substr(digits);
  if (suffix.empty() || suffix == "B") return count;
  for (const Unit& unit : kUnits) {
    if (suffix != unit.suffix) continue;
    if (count > (std::numeric_limits<std::uint64_t>::max() >> unit.shift)) {
      return bad(text, "too large");
    }
    return count << unit.shift;
  }
  if (suffix == "KB" || suffix == "kB" || suffix == "MB" || suffix == "GB" || suffix == "TB" ||
      suffix == "PB") {
    return bad(text, "decimal units are ambiguous here; use KiB, MiB, GiB, TiB or PiB");
  }
  if (suffix.front() == '.') return bad(text, "fractions are not accepted; use a smaller unit");
  return bad(text, "unknown unit \"" + std::string(suffix) + "\" (use B, KiB, MiB, GiB, TiB, PiB)");
}

std::string format_byte_size(std::uint64_t bytes) {
  if (bytes != 0) {
    for (const Unit& unit : kUnits) {
      const std::uint64_t mask = (std::uint64_t{1} << unit.shift) - 1;
      if ((bytes & mask) == 0)
        return std::to_string(bytes >> unit.shift) + std::string(unit.suffix);
    }
  }
  return std::to_string(bytes);
}

}  // namespace sim::control
