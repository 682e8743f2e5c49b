// sim::control::ScaledClock: the clock `hvsim serve` runs the host on. It follows a steady
// real-time source scaled by a factor and can also be jumped forward, so that a client over the
// wire (the control namespace's HvSim_Clock.Advance) lets a job's time pass without sleeping:
//
//   now() = start + floor(real elapsed since creation × factor) + everything advance() added
//
// saturating at wmi::TimePoint::max(). Real elapsed time comes from a monotonic source
// (std::chrono::steady_clock unless a test injects one); the wall clock is never consulted.
//
// Like ScaledRealClock (clock.h) plus advance(). The host cannot tell the two apart: it reads
// now() (job progress, TimeSubmitted/ElapsedTime, TimeBeforeRemoval) and moves only a VirtualClock
// itself (a delay fault rule), so on this clock a delay rule passes no simulated time.
//
// Monotonic: now() never returns less than a value an earlier now() returned, even if the source
// stepped back. Thread-safety: every member may be called from any thread at once (the WS-Man
// server's threads read it through the host and advance it through the control namespace);
// advance() is atomic with respect to now().
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

#include "sim/control/clock.h"
#include "wmi/cim/datetime.h"
#include "wmi/cim/status.h"

namespace sim::control {

class ScaledClock final : public Clock {
 public:
  using MonotonicSource = std::function<std::chrono::steady_clock::time_point()>;

  // The accepted factors: (0, kMaxFactor], as for ScaledRealClock (`hvsim serve --time-scale`).
  static constexpr double kMaxFactor = ScaledRealClock::kMaxFactor;

  // A clock that reads `start` now and then runs `factor` times real time, measured by `source`
  // (monotonic, callable from any thread at once). Fails with kInvalidArgument when `factor` is not
  // in (0, kMaxFactor] (NaN and infinities included) or `source` is empty.
  static wmi::Result<std::unique_ptr<ScaledClock>> create(
      wmi::TimePoint start, double factor,
      MonotonicSource source = [] { return std::chrono::steady_clock::now(); });

  // start + floor(elapsed × factor) + advanced(), in microseconds; never less than an earlier
  // answer; saturates at TimePoint::max().
  wmi::TimePoint now() const override;

  // Jumps the clock forward by `duration` (0 is allowed and changes nothing); the scaled real
  // time keeps running on top. Fails with kInvalidArgument, leaving the clock unchanged, when
  // `duration` is negative or now() + duration would pass `limit` (checked and applied atomically,
  // so concurrent advances cannot pass it together; real time alone may still carry the clock
  // beyond it).
  wmi::Status advance(wmi::Microseconds duration, wmi::TimePoint limit = wmi::TimePoint::max());

  double factor() const { return factor_; }
  wmi::TimePoint start() const { return start_; }
  // The sum of every successful advance() so far.
  wmi::Microseconds advanced() const;

 private:
  ScaledClock(wmi::TimePoint start, double factor, MonotonicSource source);

  // start + scaled elapsed + advanced, saturated; not yet held to the high-water mark.
  wmi::Microseconds::rep compute() const;

  const wmi::TimePoint start_;
  const double factor_;
  const MonotonicSource source_;
  const std::chrono::steady_clock::time_point origin_;
  std::atomic<wmi::Microseconds::rep> advanced_{0};  // microseconds
  // The largest value now() has answered (microseconds since the Unix epoch).
  mutable std::atomic<wmi::Microseconds::rep> high_water_;
};

}  // namespace sim::control
