#include "sim/storage/change_tracker.h"

#include <gtest/gtest.h>

namespace sim::storage {
namespace {

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kTiB = kKiB * kKiB * kKiB * kKiB;

class ChangeTrackerTest : public ::testing::Test {
 protected:
  ChangeTracker tracker{64 * kTiB, true, 42};
  void SetUp() override { ASSERT_TRUE(tracker.enable().ok()); }
  std::vector<ByteRange> changes(const std::string& id) {
    auto page = tracker.query_changes(id, 0, 64 * kTiB, 1000);
    EXPECT_TRUE(page.ok()) << page.error().to_string();
    return page.ok() ? page->ranges : std::vector<ByteRange>{};
  }
};

TEST_F(ChangeTrackerTest, QueryReturnsCoalescedBlocksWrittenSinceTheId) {
  const std::string first = tracker.state().most_recent_id;
  tracker.record_write(0, 512);
  tracker.record_write(64 * kKiB, 64 * kKiB);  // adjacent block: coalesces
  const std::string second = tracker.seal()->to_string();
  tracker.record_write(10 * kTiB + 100 * kKiB, 4 * kKiB);
  EXPECT_EQ(changes(first),
            (std::vector<ByteRange>{{0, 128 * kKiB}, {10 * kTiB + 64 * kKiB, 64 * kKiB}}));
  EXPECT_EQ(changes(second), (std::vector<ByteRange>{{10 * kTiB + 64 * kKiB, 64 * kKiB}}));
  EXPECT_TRUE(tracker.state().newer_changes);
}

TEST_F(ChangeTrackerTest, WindowClipsAndPagingResumesExactly) {
  const std::string id = tracker.state().most_recent_id;
  for (std::uint64_t b = 0; b < 10; b += 2) tracker.record_write(b * 64 * kKiB, 1);
  auto page = tracker.query_changes(id, 1000, 10 * 64 * kKiB, 2);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->ranges,
            (std::vector<ByteRange>{{1000, 64 * kKiB - 1000}, {128 * kKiB, 64 * kKiB}}));
  EXPECT_EQ(page->processed_length, 192 * kKiB - 1000);
  auto rest = tracker.query_changes(id, 192 * kKiB, 10 * 64 * kKiB - 192 * kKiB + 1000, 100);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->ranges.size(), 3u);
  EXPECT_EQ(rest->processed_length, 10 * 64 * kKiB - 192 * kKiB + 1000);
}

TEST_F(ChangeTrackerTest, ErrorCodes) {
  const std::string id = tracker.state().most_recent_id;
  EXPECT_EQ(tracker.query_changes("nonsense", 0, 1, 1).code(), ErrorCode::kInvalidTrackingId);
  EXPECT_EQ(
      tracker.query_changes("rctX:5bfde23b:ce75:4303:b54f:6c18394f105c:00000001", 0, 1, 1).code(),
      ErrorCode::kNoTrackingData);
  EXPECT_EQ(tracker.query_changes(id, 64 * kTiB, 1, 1).code(), ErrorCode::kInvalidParameter);
  EXPECT_EQ(tracker.query_changes(id, 0, 1, 0).code(), ErrorCode::kInvalidParameter);
  ASSERT_TRUE(tracker.forget(id).ok());
  EXPECT_EQ(tracker.query_changes(id, 0, 1, 1).code(), ErrorCode::kNoTrackingData);
  EXPECT_EQ(tracker.forget(id).code(), ErrorCode::kNoTrackingData);
  const std::string later = tracker.seal()->to_string();
  tracker.on_offline_modification();
  EXPECT_EQ(tracker.query_changes(later, 0, 1, 1).code(), ErrorCode::kChangedOffline);
  const std::string fresh = tracker.state().most_recent_id;
  EXPECT_TRUE(tracker.query_changes(fresh, 0, 1, 1).ok());
  tracker.disable();
  EXPECT_EQ(tracker.query_changes(fresh, 0, 1, 1).code(), ErrorCode::kTrackingDisabled);
  EXPECT_EQ(tracker.seal().code(), ErrorCode::kTrackingDisabled);
  ASSERT_TRUE(tracker.enable().ok());
  EXPECT_EQ(tracker.query_changes(fresh, 0, 1, 1).code(), ErrorCode::kNoTrackingData);
}

TEST_F(ChangeTrackerTest, ResizeInvalidatesEarlierIds) {
  const std::string id = tracker.state().most_recent_id;
  tracker.on_resize(kTiB);
  EXPECT_EQ(tracker.query_changes(id, 0, 1, 1).code(), ErrorCode::kChangedOffline);
  EXPECT_NE(tracker.state().most_recent_id, id);
  EXPECT_EQ(tracker.query_changes(tracker.state().most_recent_id, 0, 2 * kTiB, 1).code(),
            ErrorCode::kInvalidParameter);
}

TEST_F(ChangeTrackerTest, CrashCoarsensOnlyAnswersForEarlierIds) {
  const std::string before = tracker.state().most_recent_id;
  tracker.record_write(5 * 64 * kKiB, 1);
  tracker.on_host_crash();
  const std::string after = tracker.seal()->to_string();
  tracker.record_write(40 * 64 * kKiB, 1);
  auto coarse = tracker.query_changes(before, 0, 64 * kTiB, 10);
  ASSERT_TRUE(coarse.ok());
  EXPECT_FALSE(coarse->exact);
  EXPECT_EQ(coarse->ranges,
            (std::vector<ByteRange>{{0, 16 * 64 * kKiB}, {40 * 64 * kKiB, 64 * kKiB}}));
  auto exact = tracker.query_changes(after, 0, 64 * kTiB, 10);
  ASSERT_TRUE(exact.ok());
  EXPECT_TRUE(exact->exact);
  EXPECT_EQ(exact->ranges, (std::vector<ByteRange>{{40 * 64 * kKiB, 64 * kKiB}}));
}

TEST_F(ChangeTrackerTest, ForgetMergesIntoOlderIdsAndReclaimsMemory) {
  const std::string a = tracker.state().most_recent_id;
  const std::string b = tracker.seal()->to_string();
  for (std::uint64_t i = 0; i < 1000; ++i) tracker.record_write(i * 7 * 64 * kKiB, 1);
  const std::string c = tracker.seal()->to_string();
  for (std::uint64_t i = 0; i < 1000; ++i) tracker.record_write(i * 7 * 64 * kKiB, 1);
  const std::size_t with_three = tracker.memory_bytes();
  ASSERT_TRUE(tracker.forget(c).ok());  // c's blocks move into b's epoch
  EXPECT_EQ(changes(a).size(), 1000u);
  EXPECT_EQ(changes(b).size(), 1000u);
  ASSERT_TRUE(tracker.forget(a).ok());
  ASSERT_TRUE(tracker.forget(b).ok());
  EXPECT_EQ(tracker.live_id_count(), 0u);
  EXPECT_LT(tracker.memory_bytes(), with_three / 10);
}

TEST(ChangeTracker, GranularityAndFormatRules) {
  ChangeTracker vhd(kTiB, false, 1);
  EXPECT_EQ(vhd.enable().code(), ErrorCode::kNotSupported);
  ChangeTracker vhdx(kTiB, true, 1);
  for (std::uint64_t g : {std::uint64_t{2048}, std::uint64_t{3 * 4096}, std::uint64_t{512} << 20}) {
    EXPECT_EQ(vhdx.enable(g).code(), ErrorCode::kInvalidParameter) << g;
  }
  EXPECT_TRUE(vhdx.enable(4096).ok());
  EXPECT_EQ(vhdx.enable(4096).code(), ErrorCode::kInvalidTrackingState);
  EXPECT_EQ(vhdx.granularity(), 4096u);
}

TEST(ChangeTracker, SessionsComeFromTheSeed) {
  ChangeTracker a(kTiB, true, 9), b(kTiB, true, 9), c(kTiB, true, 10);
  ASSERT_TRUE(a.enable().ok() && b.enable().ok() && c.enable().ok());
  EXPECT_EQ(a.state().most_recent_id, b.state().most_recent_id);
  EXPECT_NE(a.state().most_recent_id, c.state().most_recent_id);
  EXPECT_TRUE(a.state().most_recent_id.ends_with(":00000001"));
}

}  // namespace
}  // namespace sim::storage
