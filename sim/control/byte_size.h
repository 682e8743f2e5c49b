// Byte sizes as people write them in inventories and profiles: a plain count ("65536") or a count
// with a binary unit ("64KiB", "1TiB"). Units: B, KiB, MiB, GiB, TiB, PiB (case-sensitive, no
// space, no fraction). Decimal units (KB, GB, ...) are rejected with a message saying so, because
// "1TB" and "1TiB" differ by 10 % and a disk size must not be guessed.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "wmi/cim/status.h"

namespace sim::control {

inline constexpr std::uint64_t kKiB = std::uint64_t{1} << 10;
inline constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
inline constexpr std::uint64_t kGiB = std::uint64_t{1} << 30;
inline constexpr std::uint64_t kTiB = std::uint64_t{1} << 40;

// The number of bytes `text` names. Fails with kInvalidArgument (message quoting the text) when it
// is empty, has a fraction, sign or unknown unit, or exceeds 2^64 - 1.
wmi::Result<std::uint64_t> parse_byte_size(std::string_view text);

// The canonical text of `bytes`: the largest binary unit that divides it exactly ("64KiB",
// "1536MiB"), or the plain count when none does ("0", "1000"). parse_byte_size inverts it.
std::string format_byte_size(std::uint64_t bytes);

}  // namespace sim::control
