#include "conformance/oracle/written_ranges.h"

#include <gtest/gtest.h>

namespace conformance::oracle {
namespace {

TEST(WrittenRanges, MergesAndFindsTheFirstUncoveredByte) {
  WrittenRanges written;
  written.add(100, 50);
  written.add(150, 10);  // adjacent: merged
  written.add(300, 100);
  EXPECT_FALSE(written.first_uncovered({{0, 160}, {300, 100}}, {0, 1000}).has_value());
  EXPECT_EQ(written.first_uncovered({{0, 150}, {300, 100}}, {0, 1000}), 150u);
  EXPECT_EQ(written.first_uncovered({{100, 60}, {300, 50}, {350, 40}}, {0, 1000}), 390u);
  // Only the window counts.
  EXPECT_FALSE(written.first_uncovered({{300, 100}}, {200, 800}).has_value());
  EXPECT_EQ(written.first_uncovered({}, {120, 10}), 120u);
}

TEST(WrittenRanges, UnwrittenBlocksOfAnAnswer) {
  WrittenRanges written;
  written.add(4096, 512);
  EXPECT_FALSE(written.first_unwritten_block({{0, 65536}}, 65536).has_value());
  EXPECT_EQ(written.first_unwritten_block({{0, 2 * 65536}}, 65536), 65536u);
  EXPECT_TRUE(written.touches(4000, 100));
  EXPECT_FALSE(written.touches(4608, 100));
}

}  // namespace
}  // namespace conformance::oracle
