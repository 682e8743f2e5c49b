// sim::storage::Guid: a 128-bit identifier (virtual disk id, change-tracking session) in the
// canonical text form "5bfde23b-ce75-4303-b54f-6c18394f105c" (lowercase). Guids are drawn from a
// caller-supplied random engine, never from a global source, so a seed replays the same ids.
// Value type; not synchronised.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace sim::storage {

class Guid {
 public:
  Guid() = default;  // the nil GUID
  explicit Guid(const std::array<std::uint8_t, 16>& bytes) : bytes_(bytes) {}

  // A version-4 (random) GUID built from two draws of `engine`.
  static Guid random(std::mt19937_64& engine);
  // Parses the canonical 36-character form (either hex case); nullopt when malformed.
  static std::optional<Guid> parse(std::string_view text);

  // Canonical lowercase text; `separator` replaces '-' (RCT ids use ':').
  std::string to_string(char separator = '-') const;
  const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }
  bool is_nil() const { return bytes_ == std::array<std::uint8_t, 16>{}; }

  friend bool operator==(const Guid&, const Guid&) = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};
};

// Parses `count` hex digits (either case) at the front of `text`; nullopt when any is not hex.
std::optional<std::uint64_t> parse_hex(std::string_view text, std::size_t count);

}  // namespace sim::storage
