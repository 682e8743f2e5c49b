#include "sim/control/scaled_clock.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

namespace sim::control {

namespace {

using Rep = wmi::Microseconds::rep;
constexpr Rep kMaxRep = wmi::TimePoint::max().time_since_epoch().count();

// a + b for b >= 0, saturating at kMaxRep (a may be negative: a time before 1970).
Rep saturating_add(Rep a, Rep b) { return a > kMaxRep - b ? kMaxRep : a + b; }

}  // namespace

wmi::Result<std::unique_ptr<ScaledClock>> ScaledClock::create(wmi::TimePoint start, double factor,
                                                              MonotonicSource source) {
  if (!(factor > 0.0 && factor <= kMaxFactor)) {
    return wmi::invalid_argument("scaled clock: time scale " + std::to_string(factor) +
                                 " is not in (0, 1e6]");
  }
  if (!source) return wmi::invalid_argument("scaled clock: no monotonic time source");
  return std::unique_ptr<ScaledClock>(new ScaledClock(start, factor, std::move(source)));
}

ScaledClock::ScaledClock(wmi::TimePoint start, double factor, MonotonicSource source)
    : start_(start),
      factor_(factor),
      source_(std::move(source)),
      origin_(source_()),
      high_water_(start.time_since_epoch().count()) {}

Rep ScaledClock::compute() const {
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::duration<double, std::micro>>(source_() - origin_);
  // A source that stepped back behind the origin counts as no time at all.
  const double scaled = std::floor(std::max(0.0, elapsed.count()) * factor_);
  // static_cast<double>(kMaxRep) rounds up to 2^63, so anything below it converts exactly enough.
  if (!(scaled < static_cast<double>(kMaxRep))) return kMaxRep;
  const Rep base = saturating_add(start_.time_since_epoch().count(), static_cast<Rep>(scaled));
  return saturating_add(base, advanced_.load(std::memory_order_acquire));
}

wmi::TimePoint ScaledClock::now() const {
  const Rep computed = compute();
  Rep seen = high_water_.load(std::memory_order_acquire);
  while (computed > seen &&
         !high_water_.compare_exchange_weak(seen, computed, std::memory_order_acq_rel)) {
  }
  return wmi::TimePoint(wmi::Microseconds(std::max(computed, seen)));
}

wmi::Status ScaledClock::advance(wmi::Microseconds duration, wmi::TimePoint limit) {
  if (duration.count() < 0) {
    return wmi::invalid_argument("scaled clock: cannot advance by a negative duration (" +
                                 std::to_string(duration.count()) + " us)");
  }
  Rep advanced = advanced_.load(std::memory_order_acquire);
  for (;;) {
    const Rep current = now().time_since_epoch().count();
    const Rep last = limit.time_since_epoch().count();
    // current + duration > last, without overflowing: the gap last - current of two int64 values
    // with last >= current is exact in uint64.
    if (current > last ||
        static_cast<std::uint64_t>(duration.count()) >
            static_cast<std::uint64_t>(last) - static_cast<std::uint64_t>(current)) {
      return wmi::invalid_argument(
          "scaled clock: advancing by " + std::to_string(duration.count()) + " us would pass " +
          (limit == wmi::TimePoint::max()
               ? std::string("the largest representable time")
               : "the limit " + std::to_string(last) + " us since the epoch"));
    }
    // advanced <= current - start, so the sum cannot overflow; saturate anyway.
    if (advanced_.compare_exchange_weak(advanced, saturating_add(advanced, duration.count()),
                                        std::memory_order_acq_rel)) {
      return {};
    }
  }
}

wmi::Microseconds ScaledClock::advanced() const {
  return wmi::Microseconds(advanced_.load(std::memory_order_acquire));
}

}  // namespace sim::control
