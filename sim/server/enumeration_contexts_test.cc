#include "sim/server/enumeration_contexts.h"

#include <gtest/gtest.h>

namespace sim::server {
namespace {

std::vector<wmi::wsman::EnumerationItem> items(int count) {
  std::vector<wmi::wsman::EnumerationItem> out(count);
  for (int i = 0; i < count; ++i) {
    out[i].object = wmi::Instance("C" + std::to_string(i), "root/x");
  }
  return out;
}

struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  EnumerationContexts::Clock function() {
    return [this] { return now; };
  }
};

TEST(EnumerationContexts, PullsInOrderAndEndsTheSequence) {
  FakeClock clock;
  EnumerationContexts table(std::chrono::seconds(60), 8, clock.function());
  const std::string id = table.open(items(5));
  auto first = table.pull(id, 2);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->items[0].object->class_name(), "C0");
  EXPECT_FALSE(first->end_of_sequence);
  table.unpull(id, {first->items[1]});
  auto second = table.pull(id, 10);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->items.size(), 4u);
  EXPECT_EQ(second->items[0].object->class_name(), "C1");
  EXPECT_TRUE(second->end_of_sequence);
  EXPECT_FALSE(table.pull(id, 1));
  EXPECT_EQ(table.live(), 0u);
}

TEST(EnumerationContexts, ItemsGivenBackAfterTheLastPullComeOutAgainInOrder) {
  FakeClock clock;
  EnumerationContexts table(std::chrono::seconds(60), 8, clock.function());
  const std::string id = table.open(items(6));
  auto all = table.pull(id, 10);
  ASSERT_TRUE(all && all->end_of_sequence);
  // Given back in two steps, tail first, as an answer that had to shrink twice.
  table.unpull(id, {all->items[3], all->items[4], all->items[5]});
  table.unpull(id, {all->items[1], all->items[2]});
  auto again = table.pull(id, 10);
  ASSERT_TRUE(again);
  ASSERT_EQ(again->items.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(again->items[i].object->class_name(), "C" + std::to_string(i + 1));
  }
  EXPECT_TRUE(again->end_of_sequence);
}

TEST(EnumerationContexts, IdleContextsExpireAndCapacityIsBounded) {
  FakeClock clock;
  EnumerationContexts table(std::chrono::seconds(60), 3, clock.function());
  const std::string idle = table.open(items(3));
  clock.now += std::chrono::seconds(61);
  EXPECT_FALSE(table.pull(idle, 1));
  EXPECT_FALSE(table.release(idle));
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(table.open(items(2)));
  EXPECT_EQ(table.live(), 3u);
  EXPECT_FALSE(table.pull(ids[0], 1));  // the least recently used went first
  EXPECT_TRUE(table.pull(ids[4], 1));
  EXPECT_TRUE(table.release(ids[3]));
  EXPECT_NE(ids[3], ids[4]);
}

}  // namespace
}  // namespace sim::server
