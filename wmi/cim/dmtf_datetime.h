// DMTF datetime strings (DSP0004 §5.2.4) ⇄ wmi::Datetime, and the std::chrono conversions.
//
//   timestamp  yyyymmddHHMMSS.mmmmmmsUUU   "20161012111213.000000-420" (s is + or -, UUU minutes
//                                          east of UTC, 000–999)
//   interval   ddddddddHHMMSS.mmmmmm:000   "00000000000500.000000:000" (5 minutes)
//
// Parsing is strict: exactly 25 characters, digits where digits belong, a real calendar date
// (leap years included) in years 0000–9999, hours < 24, minutes and seconds < 60 (no leap second),
// and an interval suffix of exactly ":000". DMTF asterisk wildcards ("2016********...") are
// rejected: a Datetime holds one complete value. "-000" reads as offset 0 and is written "+000".
// Round trip: parse(format(d)) == d for every d that format accepts. Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "wmi/cim/datetime.h"
#include "wmi/cim/status.h"

namespace wmi {

// The Datetime written by a DMTF string; kInvalidArgument naming the field and its position.
Result<Datetime> parse_dmtf_datetime(std::string_view text);

// The 25-character DMTF string. kInvalidArgument when the value has no DMTF form: a timestamp whose
// local reading is outside years 0000–9999 or whose offset is outside ±999 minutes, an interval
// that is negative or longer than 99,999,999 days 23:59:59.999999.
Result<std::string> format_dmtf_datetime(const Datetime& value);

// The Timestamp of the instant `utc` as read on a clock `utc_offset_minutes` east of UTC
// (timestamp_from_utc(t, m).utc() == t). Sub-microsecond precision is truncated toward the past.
template <typename Duration>
Timestamp timestamp_from_utc(std::chrono::sys_time<Duration> utc,
                             std::int16_t utc_offset_minutes = 0) {
  return Timestamp{std::chrono::floor<Microseconds>(utc) + std::chrono::minutes(utc_offset_minutes),
                   utc_offset_minutes};
}

// The Interval of `duration`, truncated toward negative infinity to microseconds.
template <typename Rep, typename Period>
Interval interval_from(std::chrono::duration<Rep, Period> duration) {
  return Interval{std::chrono::floor<Microseconds>(duration)};
}

}  // namespace wmi
