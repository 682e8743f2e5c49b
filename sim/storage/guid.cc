#include "sim/storage/guid.h"

namespace sim::storage {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
// Where the four separators sit in the 36-character text form.
constexpr std::array<std::size_t, 4> kSeparatorAt = {8, 13, 18, 23};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::uint64_t> parse_hex(std::string_view text, std::size_t count) {
  if (text.size() < count) return std::nullopt;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const int digit = hex_value(text[i]);
    if (digit < 0) return std::nullopt;
    value = (value << 4) | static_cast<std::uint64_t>(digit);
  }
  return value;
}

Guid Guid::random(std::mt19937_64& engine) {
  std::array<std::uint8_t, 16> bytes{};
  const std::uint64_t hi = engine();
  const std::uint64_t lo = engine();
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<std::uint8_t>(hi >> (56 - 8 * i));
    bytes[8 + i] = static_cast<std::uint8_t>(lo >> (56 - 8 * i));
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  return Guid(bytes);
}

std::optional<Guid> Guid::parse(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  for (std::size_t at : kSeparatorAt) {
    if (text[at] != '-') return std::nullopt;
  }
  std::array<std::uint8_t, 16> bytes{};
  std::size_t pos = 0;
  for (std::uint8_t& byte : bytes) {
    if (pos == kSeparatorAt[0] || pos == kSeparatorAt[1] || pos == kSeparatorAt[2] ||
        pos == kSeparatorAt[3]) {
      ++pos;
    }
    const auto value = parse_hex(text.substr(pos), 2);
    if (!value) return std::nullopt;
    byte = static_cast<std::uint8_t>(*value);
    pos += 2;
  }
  return Guid(bytes);
}

std::string Guid::to_string(char separator) const {
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes_.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back(separator);
    out.push_back(kHexDigits[bytes_[i] >> 4]);
    out.push_back(kHexDigits[bytes_[i] & 0x0F]);
  }
  return out;
}

}  // namespace sim::storage
