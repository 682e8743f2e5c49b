#include "sim/storage/crc32c.h"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace sim::storage {
namespace {

constexpr std::uint32_t kPolynomial = 0x82F63B78u;

constexpr std::array<std::uint32_t, 256> make_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) ? (c >> 1) ^ kPolynomial : c >> 1;
    table[i] = c;
  }
  return table;
}

constexpr std::array<std::uint32_t, 256> kTable = make_table();

// Raw (non-inverted) register update, byte at a time.
std::uint32_t update_portable(std::uint32_t reg, const unsigned char* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) reg = kTable[(reg ^ p[i]) & 0xFF] ^ (reg >> 8);
  return reg;
}

#if defined(__x86_64__)

// Multiplies a CRC register by x^(8*n) modulo the polynomial, i.e. the value the register would
// have after feeding n zero bytes. Used to join interleaved streams; GF(2) matrix-free shift by
// squaring.
std::uint32_t gf2_multiply(std::uint32_t a, std::uint32_t b) {
  std::uint32_t product = 0;
  for (int i = 0; i < 32; ++i) {
    if (a & 0x80000000u) product ^= b;
    a <<= 1;
    b = (b & 1) ? (b >> 1) ^ kPolynomial : b >> 1;
  }
  return product;
}

// x^(8*n) mod P in reflected representation.
std::uint32_t zeros_operator(std::size_t n) {
  std::uint32_t result = 0x80000000u;  // x^0
  std::uint32_t power = 0x00800000u;   // x^8 (one zero byte)
  while (n != 0) {
    if (n & 1) result = gf2_multiply(result, power);
    power = gf2_multiply(power, power);
    n >>= 1;
  }
  return result;
}

// shift(x) == gf2_multiply(zeros_operator(stripe), x), one table lookup per byte of x (the map is
// linear, so it splits over the four bytes).
class ShiftTable {
 public:
  explicit ShiftTable(std::size_t stripe) {
    const std::uint32_t op = zeros_operator(stripe);
    for (int k = 0; k < 4; ++k) {
      for (std::uint32_t b = 0; b < 256; ++b) table_[k][b] = gf2_multiply(op, b << (8 * k));
    }
  }
  std::uint32_t operator()(std::uint32_t x) const {
    return table_[0][x & 0xFF] ^ table_[1][(x >> 8) & 0xFF] ^ table_[2][(x >> 16) & 0xFF] ^
           table_[3][x >> 24];
  }

 private:
  std::array<std::array<std::uint32_t, 256>, 4> table_;
};

// Feeds n bytes as three interleaved streams of `stripe` bytes each while they last; `shift` joins
// them. Interleaving hides the crc32 instruction's 3-cycle latency.
__attribute__((target("sse4.2"))) std::uint32_t update_interleaved(std::uint32_t reg,
                                                                   const unsigned char*& p,
                                                                   std::size_t& n,
                                                                   std::size_t stripe,
                                                                   const ShiftTable& shift) {
  while (n >= 3 * stripe) {
    std::uint64_t a = reg, b = 0, c = 0;
    for (std::size_t i = 0; i < stripe; i += 8) {
      std::uint64_t wa, wb, wc;
      std::memcpy(&wa, p + i, 8);
      std::memcpy(&wb, p + stripe + i, 8);
      std::memcpy(&wc, p + 2 * stripe + i, 8);
      a = _mm_crc32_u64(a, wa);
      b = _mm_crc32_u64(b, wb);
      c = _mm_crc32_u64(c, wc);
    }
    reg = shift(static_cast<std::uint32_t>(a)) ^ static_cast<std::uint32_t>(b);
    reg = shift(reg) ^ static_cast<std::uint32_t>(c);
    p += 3 * stripe;
    n -= 3 * stripe;
  }
  return reg;
}

__attribute__((target("sse4.2"))) std::uint32_t update_hardware(std::uint32_t reg,
                                                                const unsigned char* p,
                                                                std::size_t n) {
  constexpr std::size_t kLargeStripe = 8 * 1024;
  constexpr std::size_t kSmallStripe = 256;
  static const ShiftTable kLargeShift(kLargeStripe);
  static const ShiftTable kSmallShift(kSmallStripe);
  reg = update_interleaved(reg, p, n, kLargeStripe, kLargeShift);
  reg = update_interleaved(reg, p, n, kSmallStripe, kSmallShift);
  std::uint64_t r = reg;
  for (; n >= 8; n -= 8, p += 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    r = _mm_crc32_u64(r, w);
  }
  reg = static_cast<std::uint32_t>(r);
  for (; n > 0; --n, ++p) reg = _mm_crc32_u8(reg, *p);
  return reg;
}

bool has_sse42() {
  static const bool supported = __builtin_cpu_supports("sse4.2");
  return supported;
}

#endif

}  // namespace

std::uint32_t crc32c_portable(std::span<const std::byte> data, std::uint32_t crc) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  return ~update_portable(~crc, p, data.size());
}

std::uint32_t crc32c(std::span<const std::byte> data, std::uint32_t crc) {
#if defined(__x86_64__)
  if (has_sse42()) {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    return ~update_hardware(~crc, p, data.size());
  }
#endif
  return crc32c_portable(data, crc);
}

}  // namespace sim::storage
