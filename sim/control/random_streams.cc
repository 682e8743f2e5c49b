#include "sim/control/random_streams.h"

#include <array>

namespace sim::control {

namespace {

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace

std::uint64_t splitmix64(std::uint64_t x) {
  std::uint64_t z = x + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t RandomStreams::stream_seed(std::string_view name) const {
  return splitmix64(splitmix64(run_seed_) ^ fnv1a64(name));
}

std::uint64_t RandomStream::below(std::uint64_t bound) {
  // Reject draws from the incomplete top copy of [0, bound) so every residue is equally likely.
  const std::uint64_t limit = max() - max() % bound;
  for (;;) {
    const std::uint64_t draw = engine_();
    if (draw < limit) return draw % bound;
  }
}

std::uint64_t RandomStream::in_range(std::uint64_t low, std::uint64_t high) {
  if (low == 0 && high == max()) return engine_();
  return low + below(high - low + 1);
}

double RandomStream::unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

bool RandomStream::chance(double p) {
  if (!(p > 0.0)) return false;
  if (p >= 1.0) return true;
  return unit() < p;
}

std::string RandomStream::guid(bool uppercase) {
  std::array<std::uint8_t, 16> bytes{};
  const std::uint64_t high = engine_();
  const std::uint64_t low = engine_();
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<std::uint8_t>(high >> (56 - 8 * i));
    bytes[8 + i] = static_cast<std::uint8_t>(low >> (56 - 8 * i));
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);  // variant 10xx
  const char* digits = uppercase ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += digits[bytes[i] >> 4];
    text += digits[bytes[i] & 0x0F];
  }
  return text;
}

}  // namespace sim::control
