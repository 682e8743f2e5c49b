#include "sim/storage/crc32c.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string_view>
#include <vector>

namespace sim::storage {
namespace {

std::span<const std::byte> bytes_of(std::string_view s) {
  return std::as_bytes(std::span<const char>(s.data(), s.size()));
}

TEST(Crc32c, KnownVectors) {
  EXPECT_EQ(crc32c(bytes_of("")), 0u);
  EXPECT_EQ(crc32c(bytes_of("123456789")), 0xE3069283u);  // RFC 3720 check value
  const std::vector<std::byte> zeros(32, std::byte{0});
  EXPECT_EQ(crc32c(zeros), 0x8A9136AAu);  // RFC 3720 B.4: 32 bytes of zeros
  EXPECT_EQ(crc32c_portable(bytes_of("123456789")), 0xE3069283u);
}

TEST(Crc32c, ContinuationEqualsOneShot) {
  EXPECT_EQ(crc32c(bytes_of("56789"), crc32c(bytes_of("1234"))), 0xE3069283u);
}

// The interleaved fast paths engage from 768 B and 24 KiB on; sizes straddle both boundaries.
RC_GTEST_PROP(Crc32c, FastPathEqualsPortable, ()) {
  const auto size = *rc::gen::weightedOneOf<std::size_t>(
      {{3, rc::gen::inRange<std::size_t>(0, 100)},
       {2, rc::gen::inRange<std::size_t>(768 - 8, 768 + 64)},
       {2, rc::gen::inRange<std::size_t>(24 * 1024 - 8, 24 * 1024 + 64)},
       {1, rc::gen::inRange<std::size_t>(0, 200 * 1024)}});
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();
  std::vector<std::byte> data(size);
  std::uint32_t x = seed | 1;
  for (auto& b : data) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    b = std::byte(x);
  }
  const auto start = *rc::gen::arbitrary<std::uint32_t>();
  RC_ASSERT(crc32c(data, start) == crc32c_portable(data, start));
}

}  // namespace
}  // namespace sim::storage
