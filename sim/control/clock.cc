#include "sim/control/clock.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

namespace sim::control {

namespace {
using Rep = wmi::Microseconds::rep;
constexpr Rep kMaxRep = wmi::TimePoint::max().time_since_epoch().count();
constexpr Rep kLatestRep = kLatestInstant.time_since_epoch().count();

wmi::Status past_latest(std::string_view what) {
  return wmi::invalid_argument(fmt::format(
      "virtual clock: {} would pass 9999-12-31T23:59:59.999999Z, the last time a DMTF datetime "
      "can hold",
      what));
}
}  // namespace

wmi::TimePoint VirtualClock::now() const {
  return wmi::TimePoint(wmi::Microseconds(now_.load(std::memory_order_acquire)));
}

wmi::Status VirtualClock::advance(wmi::Microseconds duration) {
  if (duration.count() < 0) {
    return wmi::invalid_argument("virtual clock: cannot advance by a negative duration (" +
                                 std::to_string(duration.count()) + " us)");
  }
  Rep current = now_.load(std::memory_order_acquire);
  for (;;) {
    if (duration.count() > kLatestRep - current) {
      return past_latest(fmt::format("advancing by {} us", duration.count()));
    }
    if (now_.compare_exchange_weak(current, current + duration.count(),
                                   std::memory_order_acq_rel)) {
      return {};
    }
  }
}

wmi::Status VirtualClock::advance_to(wmi::TimePoint instant) {
  const Rep target = instant.time_since_epoch().count();
  Rep current = now_.load(std::memory_order_acquire);
  for (;;) {
    if (target < current) {
      return wmi::invalid_argument("virtual clock: cannot move back from " +
                                   std::to_string(current) + " us to " + std::to_string(target) +
                                   " us since the epoch");
    }
    if (target > kLatestRep) return past_latest(fmt::format("moving to {} us", target));
    if (now_.compare_exchange_weak(current, target, std::memory_order_acq_rel)) return {};
  }
}

wmi::Result<std::unique_ptr<ScaledRealClock>> ScaledRealClock::create(wmi::TimePoint start,
                                                                      double factor,
                                                                      MonotonicSource source) {
  if (!(factor > 0.0 && factor <= kMaxFactor)) {
    return wmi::invalid_argument("scaled real clock: factor " + std::to_string(factor) +
                                 " is not in (0, 1e6]");
  }
  if (!source) return wmi::invalid_argument("scaled real clock: no monotonic time source");
  return std::unique_ptr<ScaledRealClock>(new ScaledRealClock(start, factor, std::move(source)));
}

ScaledRealClock::ScaledRealClock(wmi::TimePoint start, double factor, MonotonicSource source)
    : start_(start), factor_(factor), source_(std::move(source)), origin_(source_()) {}

wmi::TimePoint ScaledRealClock::now() const {
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::duration<double, std::micro>>(source_() - origin_);
  // A monotonic source never runs backwards; clamp anyway so now() never precedes start_.
  const double scaled = std::floor(std::max(0.0, elapsed.count()) * factor_);
  const double room = static_cast<double>(kMaxRep - start_.time_since_epoch().count());
  if (scaled >= room) return wmi::TimePoint::max();
  return start_ + wmi::Microseconds(static_cast<Rep>(scaled));
}

}  // namespace sim::control
