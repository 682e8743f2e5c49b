#include "sim/control/scaled_clock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <thread>
#include <vector>

namespace sim::control {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;
using wmi::Microseconds;
using wmi::TimePoint;

// A monotonic source the test moves by hand (shared by copies, safe from any thread).
struct FakeSource {
  std::shared_ptr<std::atomic<std::int64_t>> ns =
      std::make_shared<std::atomic<std::int64_t>>(5'000'000'000);
  std::chrono::steady_clock::time_point operator()() const {
    return std::chrono::steady_clock::time_point(nanoseconds(ns->load()));
  }
  void add(nanoseconds d) const { *ns += d.count(); }
};

std::unique_ptr<ScaledClock> make(FakeSource source, double factor = 1.0,
                                  TimePoint start = kDefaultEpoch) {
  auto clock = ScaledClock::create(start, factor, source);
  EXPECT_TRUE(clock.ok()) << clock.status().to_string();
  return clock.ok() ? std::move(*clock) : nullptr;
}

TEST(ScaledClock, StartsAtItsEpochAndStandsStillWhileNoRealTimePasses) {
  FakeSource source;
  auto clock = make(source);
  EXPECT_EQ(clock->now(), kDefaultEpoch);
  EXPECT_EQ(clock->now(), kDefaultEpoch);
  EXPECT_EQ(clock->start(), kDefaultEpoch);
  EXPECT_EQ(clock->advanced(), Microseconds(0));
  const TimePoint other = kDefaultEpoch + hours(7);
  EXPECT_EQ(make(source, 1.0, other)->now(), other);
}

TEST(ScaledClock, RunsFactorTimesRealTime) {
  for (const double factor : {1.0, 60.0, 0.5}) {
    FakeSource source;
    auto clock = make(source, factor);
    source.add(seconds(10));
    EXPECT_EQ(clock->now(), kDefaultEpoch + Microseconds(static_cast<std::int64_t>(10e6 * factor)))
        << factor;
    EXPECT_EQ(clock->factor(), factor);
  }
}

TEST(ScaledClock, SlowFactorsRoundDownToTheMicrosecond) {
  FakeSource source;
  auto clock = make(source, 0.5);
  source.add(nanoseconds(3000));  // 3 us real -> 1.5 us simulated
  EXPECT_EQ(clock->now(), kDefaultEpoch + Microseconds(1));
}

TEST(ScaledClock, AdvanceJumpsForwardAndRealTimeKeepsRunningOnTop) {
  FakeSource source;
  auto clock = make(source, 60.0);
  ASSERT_TRUE(clock->advance(hours(1)).ok());
  EXPECT_EQ(clock->now(), kDefaultEpoch + hours(1));
  source.add(seconds(1));
  EXPECT_EQ(clock->now(), kDefaultEpoch + hours(1) + seconds(60));
  ASSERT_TRUE(clock->advance(milliseconds(1500)).ok());
  EXPECT_EQ(clock->now(), kDefaultEpoch + hours(1) + seconds(60) + milliseconds(1500));
  EXPECT_EQ(clock->advanced(), hours(1) + milliseconds(1500));
  ASSERT_TRUE(clock->advance(Microseconds(0)).ok());  // a no-op, allowed
  EXPECT_EQ(clock->now(), kDefaultEpoch + hours(1) + seconds(60) + milliseconds(1500));
}

TEST(ScaledClock, RefusesNegativeAndOverflowingAdvancesAndStaysPut) {
  FakeSource source;
  auto clock = make(source);
  source.add(seconds(2));
  const TimePoint before = clock->now();

  const wmi::Status negative = clock->advance(Microseconds(-1));
  EXPECT_EQ(negative.kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_NE(negative.message().find("negative"), std::string::npos) << negative.message();
  EXPECT_EQ(clock->now(), before);

  const wmi::Status too_far = clock->advance(Microseconds::max());
  EXPECT_EQ(too_far.kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_NE(too_far.message().find("largest"), std::string::npos) << too_far.message();
  EXPECT_EQ(clock->now(), before);
  EXPECT_EQ(clock->advanced(), Microseconds(0));

  // Up to the last representable instant is fine; one microsecond more is not.
  ASSERT_TRUE(clock->advance(TimePoint::max() - before).ok());
  EXPECT_EQ(clock->now(), TimePoint::max());
  EXPECT_EQ(clock->advance(Microseconds(1)).kind(), wmi::StatusKind::kInvalidArgument);
  source.add(hours(1));
  EXPECT_EQ(clock->now(), TimePoint::max());  // saturates rather than wrapping
}

TEST(ScaledClock, AdvanceStopsAtAGivenLimit) {
  FakeSource source;
  auto clock = make(source);
  const TimePoint limit = kDefaultEpoch + hours(2);
  ASSERT_TRUE(clock->advance(hours(1), limit).ok());
  ASSERT_TRUE(clock->advance(hours(1), limit).ok());  // exactly at the limit is allowed
  EXPECT_EQ(clock->now(), limit);
  const wmi::Status past = clock->advance(Microseconds(1), limit);
  EXPECT_EQ(past.kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_NE(past.message().find("limit"), std::string::npos) << past.message();
  EXPECT_EQ(clock->now(), limit);
  source.add(seconds(1));  // real time may carry it beyond; advancing further is then refused
  EXPECT_EQ(clock->now(), limit + seconds(1));
  EXPECT_EQ(clock->advance(Microseconds(0), limit).kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_EQ(clock->advanced(), hours(2));
  // A clock long before 1970: the gap to the limit (more than int64 holds) is computed without
  // overflowing, and so is the sum.
  auto early = make(source, 1.0, TimePoint::min() + hours(1));
  ASSERT_TRUE(early->advance(Microseconds::max()).ok());
  EXPECT_EQ(early->now(), TimePoint(hours(1) - Microseconds(1)));
  EXPECT_EQ(early->advance(Microseconds::max()).kind(), wmi::StatusKind::kInvalidArgument);
  EXPECT_EQ(early->now(), TimePoint(hours(1) - Microseconds(1)));
}

// Concurrent advances against a limit: exactly as many fit as the limit leaves room for.
TEST(ScaledClock, ConcurrentAdvancesNeverPassTheLimitTogether) {
  FakeSource source;
  auto clock = make(source);
  const TimePoint limit = kDefaultEpoch + milliseconds(1000);
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (clock->advance(milliseconds(1), limit).ok()) ++accepted;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(accepted.load(), 1000);
  EXPECT_EQ(clock->now(), limit);
}

TEST(ScaledClock, SaturatesInsteadOfOverflowing) {
  FakeSource source;
  auto clock = make(source, ScaledClock::kMaxFactor, TimePoint::max() - hours(1));
  source.add(hours(1));
  EXPECT_EQ(clock->now(), TimePoint::max());
}

TEST(ScaledClock, NeverGoesBackwardsEvenIfTheSourceDoes) {
  FakeSource source;
  auto clock = make(source, 2.0);
  source.add(seconds(10));
  const TimePoint later = clock->now();
  EXPECT_EQ(later, kDefaultEpoch + seconds(20));
  source.add(-seconds(4));  // a broken source steps back
  EXPECT_EQ(clock->now(), later);
  source.add(-seconds(60));  // behind the origin
  EXPECT_EQ(clock->now(), later);
  source.add(seconds(64 + 1));
  EXPECT_EQ(clock->now(), kDefaultEpoch + seconds(22));
}

TEST(ScaledClock, RejectsBadFactorsAndAnEmptySource) {
  for (const double factor :
       {0.0, -1.0, -0.0, 1e6 * 2, std::numeric_limits<double>::quiet_NaN(),
        std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
    auto clock = ScaledClock::create(kDefaultEpoch, factor);
    EXPECT_EQ(clock.status().kind(), wmi::StatusKind::kInvalidArgument) << factor;
  }
  EXPECT_TRUE(ScaledClock::create(kDefaultEpoch, ScaledClock::kMaxFactor).ok());
  EXPECT_TRUE(ScaledClock::create(kDefaultEpoch, 1e-6).ok());
  EXPECT_EQ(ScaledClock::create(kDefaultEpoch, 1.0, nullptr).status().kind(),
            wmi::StatusKind::kInvalidArgument);
}

TEST(ScaledClock, IsUsableThroughTheClockInterface) {
  FakeSource source;
  auto scaled = make(source, 3.0);
  const Clock& clock = *scaled;
  source.add(seconds(1));
  ASSERT_TRUE(scaled->advance(seconds(5)).ok());
  EXPECT_EQ(clock.now(), kDefaultEpoch + seconds(8));
}

TEST(ScaledClock, DefaultSourceIsMonotonic) {
  auto clock = ScaledClock::create(kDefaultEpoch, 1.0);
  ASSERT_TRUE(clock.ok());
  const TimePoint first = (*clock)->now();
  EXPECT_GE(first, kDefaultEpoch);
  EXPECT_GE((*clock)->now(), first);
}

// Readers on several threads see a non-decreasing clock while others advance it and real time
// moves; every advance is counted exactly once.
TEST(ScaledClock, ConcurrentReadersAndAdvancersAgree) {
  FakeSource source;
  auto clock = make(source, 10.0);
  constexpr int kAdvancers = 4;
  constexpr int kAdvancesEach = 2000;
  std::atomic<bool> backwards{false};
  std::vector<std::thread> threads;
  for (int r = 0; r < 4; ++r) {
    threads.emplace_back([&] {
      TimePoint last = clock->now();
      for (int i = 0; i < 20000; ++i) {
        const TimePoint now = clock->now();
        if (now < last) backwards = true;
        last = now;
      }
    });
  }
  for (int a = 0; a < kAdvancers; ++a) {
    threads.emplace_back([&] {
      for (int i = 0; i < kAdvancesEach; ++i) {
        ASSERT_TRUE(clock->advance(milliseconds(1)).ok());
        source.add(nanoseconds(100));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_FALSE(backwards);
  EXPECT_EQ(clock->advanced(), milliseconds(kAdvancers * kAdvancesEach));
  // 8000 × 100 ns real = 800 us, × 10 = 8 ms simulated.
  EXPECT_EQ(clock->now(),
            kDefaultEpoch + milliseconds(kAdvancers * kAdvancesEach) + milliseconds(8));
}

}  // namespace
}  // namespace sim::control
