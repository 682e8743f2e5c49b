// CIM datetime values (DSP0004 §5.2.4): a timestamp with its UTC offset, or an interval.
// This is the value type only; the DMTF string codec is in dmtf_datetime.h.
#pragma once

#include <chrono>
#include <cstdint>
#include <variant>

namespace wmi {

using Microseconds = std::chrono::microseconds;
using TimePoint = std::chrono::sys_time<Microseconds>;

// A point in time as written by its source: the local wall-clock reading and the offset of that
// clock from UTC, in minutes (DMTF "sUUU"; +060 means local = UTC + 1 h). Keeping both makes the
// DMTF round trip lossless; utc() is the instant.
struct Timestamp {
  TimePoint local;  // wall-clock fields read as if they were UTC
  std::int16_t utc_offset_minutes = 0;

  TimePoint utc() const { return local - std::chrono::minutes(utc_offset_minutes); }
  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

// A duration of 0 .. 99,999,999 days 23:59:59.999999 (DMTF "ddddddddHHMMSS.mmmmmm:000").
struct Interval {
  Microseconds duration{0};
  friend bool operator==(const Interval&, const Interval&) = default;
};

using Datetime = std::variant<Timestamp, Interval>;

}  // namespace wmi
