#include "sim/storage/virtual_disk.h"

#include <gtest/gtest.h>

#include <vector>

namespace sim::storage {
namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

std::unique_ptr<VirtualDisk> make_disk(std::uint64_t size, std::uint32_t sector = 512,
                                       DiskFormat format = DiskFormat::kVhdx) {
  return std::move(VirtualDisk::create({size, sector, format, Guid(), 3}).value());
}

std::vector<std::byte> bytes(std::size_t n, int value) {
  return std::vector<std::byte>(n, static_cast<std::byte>(value));
}

struct RecordingObserver : DiskObserver {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> writes;
  int resizes = 0, offline = 0, crashes = 0;
  void on_write(std::uint64_t o, std::uint64_t l, std::span<const std::byte>) override {
    writes.emplace_back(o, l);
  }
  void on_resize(std::uint64_t) override { ++resizes; }
  void on_offline_modification() override { ++offline; }
  void on_host_crash() override { ++crashes; }
};

TEST(VirtualDisk, CreateValidatesGeometry) {
  EXPECT_EQ(VirtualDisk::create({0, 512, DiskFormat::kVhdx, Guid(), 0}).code(),
            ErrorCode::kInvalidParameter);
  EXPECT_EQ(VirtualDisk::create({kMaxDiskSize + 4096, 512, DiskFormat::kVhdx, Guid(), 0}).code(),
            ErrorCode::kInvalidParameter);
  EXPECT_EQ(VirtualDisk::create({kMiB, 1024, DiskFormat::kVhdx, Guid(), 0}).code(),
            ErrorCode::kInvalidParameter);
  EXPECT_EQ(VirtualDisk::create({kMiB + 512, 4096, DiskFormat::kVhdx, Guid(), 0}).code(),
            ErrorCode::kInvalidParameter);
  EXPECT_TRUE(VirtualDisk::create({kMaxDiskSize, 4096, DiskFormat::kVhdx, Guid(), 0}).ok());
}

TEST(VirtualDisk, ReadsBackWritesAndZerosElsewhere) {
  auto disk = make_disk(kMaxDiskSize);
  ASSERT_TRUE(disk->write(kMaxDiskSize - 1024, bytes(1024, 7)).ok());
  ASSERT_TRUE(disk->write(3 * 512, bytes(4096 + 512, 9)).ok());
  std::vector<std::byte> out(8192, std::byte{0xEE});
  ASSERT_TRUE(disk->read(0, out).ok());
  for (std::size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(out[i], std::byte(i >= 1536 && i < 1536 + 4608 ? 9 : 0)) << i;
  }
  std::vector<std::byte> tail(1024);
  ASSERT_TRUE(disk->read(kMaxDiskSize - 1024, tail).ok());
  EXPECT_EQ(tail, bytes(1024, 7));
  EXPECT_LE(disk->content_bytes(), 4u * 4096);  // sparse: a 64 TiB disk holds what was written
}

TEST(VirtualDisk, RejectsBadRangesAndChangesNothing) {
  auto disk = make_disk(kMiB, 4096);
  RecordingObserver seen;
  disk->add_observer(seen);
  EXPECT_EQ(disk->write(512, bytes(4096, 1)).code(), ErrorCode::kInvalidParameter);
  EXPECT_EQ(disk->write(0, bytes(512, 1)).code(), ErrorCode::kInvalidParameter);
  EXPECT_EQ(disk->write(kMiB - 4096, bytes(8192, 1)).code(), ErrorCode::kInvalidParameter);
  EXPECT_EQ(disk->write(0, {}).code(), ErrorCode::kInvalidParameter);
  EXPECT_EQ(disk->write_zeroes(kMiB, 4096).code(), ErrorCode::kInvalidParameter);
  std::vector<std::byte> out(4096);
  EXPECT_EQ(disk->read(kMiB, out).code(), ErrorCode::kInvalidParameter);
  EXPECT_TRUE(seen.writes.empty());
  EXPECT_EQ(disk->content_bytes(), 0u);
}

TEST(VirtualDisk, ZeroFillReleasesMemoryAndIsTracked) {
  auto disk = make_disk(kMaxDiskSize);
  ASSERT_TRUE(disk->change_tracker().enable().ok());
  const std::string id = disk->change_tracker().state().most_recent_id;
  ASSERT_TRUE(disk->write(0, bytes(kMiB, 3)).ok());
  EXPECT_EQ(disk->content_bytes(), kMiB);
  ASSERT_TRUE(disk->write_zeroes(0, std::uint64_t{1} << 40).ok());  // 1 TiB of zeros, no payload
  EXPECT_EQ(disk->content_bytes(), 0u);
  auto page = disk->change_tracker().query_changes(id, 0, kMaxDiskSize, 10);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->ranges, (std::vector<ByteRange>{{0, std::uint64_t{1} << 40}}));
}

TEST(VirtualDisk, CheckRangeRefusesWhatAWriteWouldAndChangesNothing) {
  auto disk = make_disk(kMiB, 4096);
  EXPECT_TRUE(disk->check_range(0, kMiB).ok());
  const Status outside = disk->check_range(kMiB - 4096, 8192);
  EXPECT_EQ(outside.code(), ErrorCode::kInvalidParameter);
  EXPECT_NE(outside.error().message.find("[1044480, +8192)"), std::string::npos)
      << outside.error().message;
  EXPECT_EQ(disk->check_range(512, 4096).code(), ErrorCode::kInvalidParameter);
  EXPECT_EQ(disk->check_range(~std::uint64_t{4095}, 8192).code(), ErrorCode::kInvalidParameter);
  EXPECT_EQ(disk->modify_offline_zeroes(kMiB, 4096).code(), ErrorCode::kInvalidParameter);
}

TEST(VirtualDisk, OfflineZeroFillStoresNothingAndInvalidatesTrackingIds) {
  auto disk = make_disk(kMaxDiskSize);
  ASSERT_TRUE(disk->change_tracker().enable().ok());
  const std::string id = disk->change_tracker().state().most_recent_id;
  ASSERT_TRUE(disk->write(kMiB, bytes(kMiB, 3)).ok());
  RecordingObserver seen;
  disk->add_observer(seen);
  ASSERT_TRUE(disk->modify_offline_zeroes(0, kMaxDiskSize).ok());  // 64 TiB, metadata only
  EXPECT_EQ(disk->content_bytes(), 0u);
  EXPECT_TRUE(seen.writes.empty());
  EXPECT_EQ(seen.offline, 1);
  EXPECT_EQ(disk->change_tracker().query_changes(id, 0, kMaxDiskSize, 10).code(),
            ErrorCode::kChangedOffline);
}

TEST(VirtualDisk, ObserversSeeWritesAndEventsButNotOfflineChanges) {
  auto disk = make_disk(kMiB);
  RecordingObserver seen;
  disk->add_observer(seen);
  ASSERT_TRUE(disk->write(512, bytes(512, 1)).ok());
  ASSERT_TRUE(disk->modify_offline(0, bytes(512, 2)).ok());
  ASSERT_TRUE(disk->resize(2 * kMiB).ok());
  disk->host_crash();
  EXPECT_EQ(seen.writes, (std::vector<std::pair<std::uint64_t, std::uint64_t>>{{512, 512}}));
  EXPECT_EQ(seen.offline, 1);
  EXPECT_EQ(seen.resizes, 1);
  EXPECT_EQ(seen.crashes, 1);
  disk->remove_observer(seen);
  ASSERT_TRUE(disk->write(0, bytes(512, 1)).ok());
  EXPECT_EQ(seen.writes.size(), 1u);
}

TEST(VirtualDisk, ShrinkDropsTheTailAndGrowReadsZeros) {
  auto disk = make_disk(kMiB);
  ASSERT_TRUE(disk->write(kMiB - 4096, bytes(4096, 5)).ok());
  ASSERT_TRUE(disk->resize(kMiB - 2048).ok());
  ASSERT_TRUE(disk->resize(kMiB).ok());
  std::vector<std::byte> out(4096);
  ASSERT_TRUE(disk->read(kMiB - 4096, out).ok());
  EXPECT_EQ(std::vector<std::byte>(out.begin(), out.begin() + 2048), bytes(2048, 5));
  EXPECT_EQ(std::vector<std::byte>(out.begin() + 2048, out.end()), bytes(2048, 0));
}

TEST(VirtualDisk, VhdCannotBeTracked) {
  auto disk = make_disk(kMiB, 512, DiskFormat::kVhd);
  EXPECT_EQ(disk->change_tracker().enable().code(), ErrorCode::kNotSupported);
}

}  // namespace
}  // namespace sim::storage
