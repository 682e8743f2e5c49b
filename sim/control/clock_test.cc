#include "sim/control/clock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>

namespace sim::control {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;
using wmi::Microseconds;
using wmi::TimePoint;

TEST(VirtualClock, StartsAtTheDefaultEpochOrTheGivenInstant) {
  EXPECT_EQ(VirtualClock().now(), kDefaultEpoch);
  EXPECT_EQ(kDefaultEpoch.time_since_epoch(), seconds(1704067200));  // 2024-01-01T00:00:00Z
  const TimePoint start = kDefaultEpoch + hours(5);
  EXPECT_EQ(VirtualClock(start).now(), start);
}

TEST(VirtualClock, MovesOnlyWhenAdvanced) {
  VirtualClock clock;
  EXPECT_EQ(clock.now(), clock.now());
  ASSERT_TRUE(clock.advance(milliseconds(1500)).ok());
  EXPECT_EQ(clock.now(), kDefaultEpoch + milliseconds(1500));
  ASSERT_TRUE(clock.advance(Microseconds(0)).ok());
  EXPECT_EQ(clock.now(), kDefaultEpoch + milliseconds(1500));
  ASSERT_TRUE(clock.advance_to(kDefaultEpoch + hours(1)).ok());
  EXPECT_EQ(clock.now(), kDefaultEpoch + hours(1));
  ASSERT_TRUE(clock.advance_to(clock.now()).ok());  // staying put is allowed
}

TEST(VirtualClock, RefusesToGoBackwardsOrOverflowAndStaysPut) {
  VirtualClock clock;
  const wmi::Status negative = clock.advance(Microseconds(-1));
  EXPECT_EQ(negative.kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_NE(negative.message().find("negative"), std::string::npos) << negative.message();
  EXPECT_EQ(clock.now(), kDefaultEpoch);

  EXPECT_EQ(clock.advance_to(kDefaultEpoch - Microseconds(1)).kind(),
            wmi::StatusKind::kInvalidArgument);
  EXPECT_EQ(clock.now(), kDefaultEpoch);

  EXPECT_EQ(clock.advance(Microseconds::max()).kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_EQ(clock.now(), kDefaultEpoch);
  EXPECT_EQ(clock.advance_to(kLatestInstant + Microseconds(1)).kind(),
            wmi::StatusKind::kInvalidArgument);
  EXPECT_EQ(clock.now(), kDefaultEpoch);
  ASSERT_TRUE(clock.advance_to(kLatestInstant).ok());
  const wmi::Status past = clock.advance(Microseconds(1));
  EXPECT_EQ(past.kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_NE(past.message().find("9999-12-31"), std::string::npos) << past.message();
  EXPECT_EQ(clock.now(), kLatestInstant);
}

TEST(VirtualClock, IsUsableThroughTheClockInterface) {
  VirtualClock virtual_clock;
  const Clock& clock = virtual_clock;
  ASSERT_TRUE(virtual_clock.advance(seconds(3)).ok());
  EXPECT_EQ(clock.now(), kDefaultEpoch + seconds(3));
}

// A monotonic source the test moves by hand.
struct FakeSource {
  std::shared_ptr<std::atomic<std::int64_t>> nanoseconds =
      std::make_shared<std::atomic<std::int64_t>>(1'000'000'000);
  std::chrono::steady_clock::time_point operator()() const {
    return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(nanoseconds->load()));
  }
  void add(std::chrono::nanoseconds d) const { *nanoseconds += d.count(); }
};

TEST(ScaledRealClock, RunsFactorTimesTheRealElapsedTimeFromItsStart) {
  FakeSource source;
  auto clock = ScaledRealClock::create(kDefaultEpoch, 60.0, source);
  ASSERT_TRUE(clock.ok()) << clock.status().to_string();
  EXPECT_EQ((*clock)->now(), kDefaultEpoch);
  source.add(seconds(1));
  EXPECT_EQ((*clock)->now(), kDefaultEpoch + seconds(60));
  source.add(milliseconds(500));
  EXPECT_EQ((*clock)->now(), kDefaultEpoch + seconds(90));
  EXPECT_EQ((*clock)->factor(), 60.0);
}

TEST(ScaledRealClock, SlowFactorsRoundDownToTheMicrosecond) {
  FakeSource source;
  auto clock = ScaledRealClock::create(kDefaultEpoch, 0.5, source);
  ASSERT_TRUE(clock.ok());
  source.add(std::chrono::nanoseconds(3000));  // 3 us real -> 1.5 us simulated
  EXPECT_EQ((*clock)->now(), kDefaultEpoch + Microseconds(1));
}

TEST(ScaledRealClock, SaturatesInsteadOfOverflowing) {
  FakeSource source;
  auto clock =
      ScaledRealClock::create(TimePoint::max() - hours(1), ScaledRealClock::kMaxFactor, source);
  ASSERT_TRUE(clock.ok());
  source.add(hours(1));
  EXPECT_EQ((*clock)->now(), TimePoint::max());
}

TEST(ScaledRealClock, RejectsBadFactorsAndAnEmptySource) {
  for (const double factor : {0.0, -1.0, 2e6, std::numeric_limits<double>::quiet_NaN(),
                              std::numeric_limits<double>::infinity()}) {
    auto clock = ScaledRealClock::create(kDefaultEpoch, factor);
    EXPECT_EQ(clock.status().kind(), wmi::StatusKind::kInvalidArgument) << factor;
  }
  EXPECT_EQ(ScaledRealClock::create(kDefaultEpoch, 1.0, nullptr).status().kind(),
            wmi::StatusKind::kInvalidArgument);
}

TEST(ScaledRealClock, DefaultSourceIsMonotonic) {
  auto clock = ScaledRealClock::create(kDefaultEpoch, 1.0);
  ASSERT_TRUE(clock.ok());
  const TimePoint first = (*clock)->now();
  EXPECT_GE(first, kDefaultEpoch);
  EXPECT_GE((*clock)->now(), first);
}

}  // namespace
}  // namespace sim::control
