// sim::control clocks: the only source of "now" for the simulated host (job progress,
// TimeSubmitted/StartTime/ElapsedTime, TimeBeforeRemoval). The simulator never reads the wall clock
// or a global time source; it is handed a Clock.
//
//   VirtualClock     starts at a given instant and moves only when advance()/advance_to() is
//   called.
//                    The default for tests, the CLI and the conformance suite: same calls, same
//                    times.
//   ScaledRealClock  start + (real elapsed time × factor), for `hvsim serve`: a client polling a
//                    job every second sees it progress `factor` times faster than real time. Real
//                    elapsed time comes from a monotonic source (std::chrono::steady_clock unless a
//                    test injects one); the wall clock is never consulted.
//
// Times are wmi::TimePoint (UTC, microseconds). Thread-safety: now() may be called from any thread
// on both clocks; VirtualClock's advance()/advance_to() are atomic with respect to now().
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

#include "wmi/cim/datetime.h"
#include "wmi/cim/status.h"

namespace sim::control {

// 2024-01-01T00:00:00Z: where a VirtualClock starts unless told otherwise.
inline constexpr wmi::TimePoint kDefaultEpoch{
    std::chrono::sys_days{std::chrono::year{2024} / std::chrono::January / std::chrono::day{1}}};

// 9999-12-31T23:59:59.999999Z: the last instant a DMTF datetime can spell. A VirtualClock never
// passes it.
inline constexpr wmi::TimePoint kLatestInstant{
    std::chrono::sys_days{std::chrono::year{10000} / std::chrono::January / std::chrono::day{1}} -
    wmi::Microseconds(1)};

class Clock {
 public:
  virtual ~Clock() = default;
  // The current simulated instant. Never goes backwards.
  virtual wmi::TimePoint now() const = 0;
};

class VirtualClock final : public Clock {
 public:
  explicit VirtualClock(wmi::TimePoint start = kDefaultEpoch)
      : now_(start.time_since_epoch().count()) {}

  wmi::TimePoint now() const override;

  // Moves the clock forward by `duration`. Fails with kInvalidArgument, leaving the clock
  // unchanged, when `duration` is negative or would carry the clock past kLatestInstant.
  wmi::Status advance(wmi::Microseconds duration);
  // Moves the clock to `instant`. Fails with kInvalidArgument, leaving the clock unchanged, when
  // `instant` is earlier than now() or later than kLatestInstant.
  wmi::Status advance_to(wmi::TimePoint instant);

 private:
  std::atomic<wmi::Microseconds::rep> now_;  // microseconds since the Unix epoch
};

class ScaledRealClock final : public Clock {
 public:
  using MonotonicSource = std::function<std::chrono::steady_clock::time_point()>;

  // The largest accepted speed-up: a year of simulated time per ~32 s of real time.
  static constexpr double kMaxFactor = 1e6;

  // A clock that reads `start` now and then runs `factor` times real time, measured by `source`
  // (which must be monotonic and safe to call from any thread). Fails with kInvalidArgument when
  // `factor` is not in (0, kMaxFactor] or `source` is empty.
  static wmi::Result<std::unique_ptr<ScaledRealClock>> create(
      wmi::TimePoint start, double factor,
      MonotonicSource source = [] { return std::chrono::steady_clock::now(); });

  // start + elapsed × factor, rounded down to the microsecond; saturates at TimePoint::max().
  wmi::TimePoint now() const override;
  double factor() const { return factor_; }

 private:
  ScaledRealClock(wmi::TimePoint start, double factor, MonotonicSource source);

  wmi::TimePoint start_;
  double factor_;
  MonotonicSource source_;
  std::chrono::steady_clock::time_point origin_;
};

}  // namespace sim::control
