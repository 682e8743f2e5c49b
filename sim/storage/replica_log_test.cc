#include "sim/storage/replica_log.h"

#include <gtest/gtest.h>

#include <vector>

namespace sim::storage {
namespace {

constexpr std::uint64_t kDiskBytes = 64 * 1024;

TEST(ReplicaLog, DefaultThresholdIsHalfTheDisk) {
  ReplicaLog log(ReplicaLogOptions::for_disk(kDiskBytes));
  const std::vector<std::byte> block(4096, std::byte{7});
  const LogMark before = log.mark();
  for (int i = 0; i < 8; ++i) log.append(std::uint64_t(i) * 4096, block.size(), block);
  EXPECT_FALSE(log.state().resync_required) << "exactly 50 % retained is still within the limit";
  EXPECT_TRUE(log.has_associated_data(before));
  log.append(0, 512, std::span<const std::byte>(block).first(512));
  EXPECT_TRUE(log.state().resync_required);
  EXPECT_FALSE(log.has_associated_data(before));
}

TEST(ReplicaLog, ZeroFillsCostNoPayloadTowardsTheThreshold) {
  ReplicaLog log(ReplicaLogOptions::for_disk(kDiskBytes));
  for (int i = 0; i < 1000; ++i) log.append(0, kDiskBytes, {});
  EXPECT_FALSE(log.state().resync_required);
  EXPECT_EQ(log.state().retained_bytes, 0u);
  EXPECT_EQ(log.state().next_sequence, 1000u);
}

}  // namespace
}  // namespace sim::storage
