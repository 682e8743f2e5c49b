// DiskContent: chunk recycling, zero fills over huge ranges, truncation, and memory following
// the bytes held (the random-operation properties live in the oracle-driven suites).
#include "sim/storage/disk_content.h"

#include <gtest/gtest.h>

#include <vector>

namespace sim::storage {
namespace {

constexpr std::uint64_t kTiB = std::uint64_t{1} << 40;

std::vector<std::byte> filled(std::size_t n, int value) {
  return std::vector<std::byte>(n, std::byte(value));
}

std::vector<std::byte> read(const DiskContent& content, std::uint64_t offset, std::size_t n) {
  std::vector<std::byte> out(n, std::byte{0xEE});
  content.read(offset, out);
  return out;
}

TEST(DiskContent, RecycledChunkReadsZerosOutsideAPartialWrite) {
  DiskContent content;
  content.write(0, filled(8192, 0xAB));
  content.zero(0, 8192);  // both chunks back to the pool, holding old bytes
  EXPECT_EQ(content.allocated_bytes(), 0u);
  content.write(4096 + 512, filled(512, 0x11));  // reuses a recycled chunk
  std::vector<std::byte> expected(4096, std::byte{0});
  for (std::size_t i = 512; i < 1024; ++i) expected[i] = std::byte{0x11};
  EXPECT_EQ(read(content, 4096, 4096), expected);
  EXPECT_EQ(read(content, 0, 4096), filled(4096, 0));
}

TEST(DiskContent, ZeroOverAHugeRangeReleasesOnlyWhatItCovers) {
  DiskContent content;
  for (std::uint64_t i = 0; i < 64; ++i) content.write(i * kTiB + 4096, filled(4096, 1));
  content.write(3 * kTiB, filled(512, 2));
  content.zero(kTiB, 30 * kTiB);  // more groups than the table has slots: walks the table
  EXPECT_EQ(content.allocated_bytes(), (64 - 30) * 4096u);
  EXPECT_EQ(read(content, 3 * kTiB, 512), filled(512, 0));
  EXPECT_EQ(read(content, 31 * kTiB + 4096, 4096), filled(4096, 1));
  EXPECT_EQ(read(content, 4096, 4096), filled(4096, 1));
}

TEST(DiskContent, PartialZeroKeepsTheChunkAndTruncateClearsTheTail) {
  DiskContent content;
  content.write(0, filled(3 * 4096, 7));
  content.zero(1024, 1024);
  EXPECT_EQ(content.allocated_bytes(), 3 * 4096u);
  auto got = read(content, 0, 4096);
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i], std::byte(i >= 1024 && i < 2048 ? 0 : 7)) << i;
  }
  content.truncate(4096 + 100);
  EXPECT_EQ(content.allocated_bytes(), 2 * 4096u);
  got = read(content, 4096, 8192);
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], std::byte(i < 100 ? 7 : 0)) << i;
  content.truncate(0);
  EXPECT_EQ(content.allocated_bytes(), 0u);
}

TEST(DiskContent, ManyGroupsSurviveGrowthAndDeletion) {
  DiskContent content;
  constexpr std::uint64_t kStride = std::uint64_t{1} << 20;
  for (std::uint64_t i = 0; i < 5000; ++i) content.write(i * kStride, filled(512, int(i % 251)));
  for (std::uint64_t i = 0; i < 5000; i += 2) content.zero(i * kStride, 4096);
  EXPECT_EQ(content.allocated_bytes(), 2500 * 4096u);
  for (std::uint64_t i = 0; i < 5000; ++i) {
    ASSERT_EQ(read(content, i * kStride, 512), filled(512, i % 2 ? int(i % 251) : 0)) << i;
  }
}

}  // namespace
}  // namespace sim::storage
