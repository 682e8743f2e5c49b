// DiskSnapshot: exact point-in-time reads while the disk changes, memory that follows divergence
// on a 64 TiB disk, the resize rule, reverting, and what happens once the disk is gone.
#include "sim/storage/disk_snapshot.h"

#include <gtest/gtest.h>

#include <vector>

#include "sim/storage/virtual_disk.h"

namespace sim::storage {
namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

std::unique_ptr<VirtualDisk> make_disk(std::uint64_t size) {
  return std::move(VirtualDisk::create({size, 512, DiskFormat::kVhdx, Guid(), 3}).value());
}

std::vector<std::byte> bytes(std::size_t n, int value) {
  return std::vector<std::byte>(n, static_cast<std::byte>(value));
}

std::vector<std::byte> read(const DiskSnapshot& snapshot, std::uint64_t offset, std::size_t n) {
  std::vector<std::byte> out(n, std::byte{0xEE});
  EXPECT_TRUE(snapshot.read(offset, out).ok());
  return out;
}

TEST(DiskSnapshot, ReadsTheInstantItWasTakenWhileTheDiskChanges) {
  auto disk = make_disk(kMiB);
  ASSERT_TRUE(disk->write(0, bytes(8192, 1)).ok());
  const auto snapshot = disk->take_snapshot();
  ASSERT_TRUE(disk->write(512, bytes(512, 2)).ok());           // inside a chunk
  ASSERT_TRUE(disk->write(kMiB - 4096, bytes(4096, 3)).ok());  // never written before
  ASSERT_TRUE(disk->write_zeroes(4096, 4096).ok());            // a zero fill
  ASSERT_TRUE(disk->modify_offline(0, bytes(512, 4)).ok());    // unseen by observers
  EXPECT_EQ(read(*snapshot, 0, 8192), bytes(8192, 1));
  EXPECT_EQ(read(*snapshot, kMiB - 4096, 4096), bytes(4096, 0));
  std::vector<std::byte> now(512);
  ASSERT_TRUE(disk->read(512, now).ok());
  EXPECT_EQ(now, bytes(512, 2));
  EXPECT_EQ(snapshot->size(), kMiB);
}

TEST(DiskSnapshot, MemoryFollowsWhatDivergedOnA64TiBDisk) {
  auto disk = make_disk(kMaxDiskSize);
  const auto snapshot = disk->take_snapshot();
  EXPECT_EQ(snapshot->preserved_bytes(), 0u);
  for (std::uint64_t i = 0; i < 64; ++i) {
    ASSERT_TRUE(disk->write(i * (kMaxDiskSize / 64), bytes(64 * 1024, 5)).ok());
  }
  // Overwriting never-written space keeps nothing: the snapshot's bytes there are zeros.
  EXPECT_EQ(snapshot->preserved_bytes(), 0u);
  for (std::uint64_t i = 0; i < 64; ++i) {
    ASSERT_TRUE(disk->write(i * (kMaxDiskSize / 64), bytes(4096, 6)).ok());
  }
  const auto second = disk->take_snapshot();
  ASSERT_TRUE(disk->write_zeroes(0, kMaxDiskSize).ok());  // O(groups held), not O(size)
  EXPECT_EQ(snapshot->preserved_bytes(), 0u);             // its bytes there were zeros all along
  EXPECT_EQ(second->preserved_bytes(), 64u * 64 * 1024);
  EXPECT_EQ(read(*second, kMaxDiskSize / 2, 8192), [] {
    auto expected = bytes(8192, 5);
    std::fill_n(expected.begin(), 4096, std::byte{6});
    return expected;
  }());
}

TEST(DiskSnapshot, ResizeWaitsUntilNoSnapshotIsAlive) {
  auto disk = make_disk(kMiB);
  auto snapshot = disk->take_snapshot();
  EXPECT_EQ(disk->snapshot_count(), 1u);
  EXPECT_EQ(disk->resize(2 * kMiB).code(), ErrorCode::kNotSupported);
  EXPECT_EQ(disk->size(), kMiB);
  snapshot.reset();
  EXPECT_EQ(disk->snapshot_count(), 0u);
  EXPECT_TRUE(disk->resize(2 * kMiB).ok());
}

TEST(DiskSnapshot, RevertRestoresContentInvalidatesIdsAndSparesOtherSnapshots) {
  auto disk = make_disk(kMiB);
  ASSERT_TRUE(disk->write(0, bytes(4096, 1)).ok());
  const auto base = disk->take_snapshot();
  ASSERT_TRUE(disk->change_tracker().enable().ok());
  const auto id = disk->change_tracker().seal();
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(disk->write(0, bytes(4096, 2)).ok());
  ASSERT_TRUE(disk->write(8192, bytes(4096, 3)).ok());
  const auto later = disk->take_snapshot();
  ASSERT_TRUE(disk->revert_to(*base).ok());
  std::vector<std::byte> now(12288);
  ASSERT_TRUE(disk->read(0, now).ok());
  auto expected = bytes(12288, 0);
  std::fill_n(expected.begin(), 4096, std::byte{1});
  EXPECT_EQ(now, expected);
  EXPECT_EQ(read(*later, 0, 4096), bytes(4096, 2));
  EXPECT_EQ(read(*later, 8192, 4096), bytes(4096, 3));
  std::vector<ByteRange> ranges(4);
  EXPECT_EQ(disk->change_tracker().query_changes(id->to_string(), 0, kMiB, ranges).code(),
            ErrorCode::kChangedOffline);

  auto other = make_disk(kMiB);
  EXPECT_EQ(other->revert_to(*base).code(), ErrorCode::kInvalidParameter);
}

// Regression: revert_to walked the target's frozen ranges while preserving for every live
// snapshot, the target included, re-inserted them (a use-after-free the property test hit about
// once in 30 runs; ci/sanitize reports it at once).
TEST(DiskSnapshot, RevertOverManyFrozenRangesRestoresEveryOne) {
  auto disk = make_disk(8 * kMiB);
  ASSERT_TRUE(disk->write(0, bytes(8 * kMiB, 0x11)).ok());
  const auto target = disk->take_snapshot();
  const auto bystander = disk->take_snapshot();
  for (std::uint64_t i = 0; i < 64; ++i) {
    ASSERT_TRUE(disk->write(i * 3 * 4096 + 512, bytes(1024, static_cast<int>(i))).ok());
  }
  ASSERT_TRUE(disk->revert_to(*target).ok());
  std::vector<std::byte> now(8 * kMiB);
  ASSERT_TRUE(disk->read(0, now).ok());
  EXPECT_EQ(now, bytes(8 * kMiB, 0x11));
  EXPECT_EQ(read(*bystander, 0, 8 * kMiB), bytes(8 * kMiB, 0x11));
}

TEST(DiskSnapshot, RejectsBadReadsAndFailsOnceTheDiskIsGone) {
  auto disk = make_disk(kMiB);
  const auto snapshot = disk->take_snapshot();
  std::vector<std::byte> out(512);
  EXPECT_EQ(snapshot->read(100, out).code(), ErrorCode::kInvalidParameter);
  EXPECT_EQ(snapshot->read(kMiB, out).code(), ErrorCode::kInvalidParameter);
  std::vector<std::byte> none;
  EXPECT_EQ(snapshot->read(0, none).code(), ErrorCode::kInvalidParameter);
  disk.reset();
  EXPECT_EQ(snapshot->read(0, out).code(), ErrorCode::kInvalidParameter);
}

}  // namespace
}  // namespace sim::storage
