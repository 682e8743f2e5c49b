#include "wmi/wsman/xs_datetime.h"

#include <fmt/format.h>

#include <cctype>
#include <chrono>

#include "wmi/cim/scalar_text.h"

namespace wmi::wsman {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::int64_t kMaxIntervalDays = 99999999;

Status bad(std::string_view what, std::string_view text) {
  return invalid_argument(fmt::format("\"{}\" is not an {}", text, what));
}

// Reads exactly `count` digits at `pos`.
bool digits(std::string_view text, std::size_t& pos, int count, int& out) {
  if (pos + count > text.size()) return false;
  out = 0;
  for (int i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += count;
  return true;
}

bool literal(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// A fraction ".ddd" (0-9 digits) as microseconds; absent fraction is 0.
bool fraction(std::string_view text, std::size_t& pos, std::int64_t& micros) {
  micros = 0;
  if (pos >= text.size() || text[pos] != '.') return true;
  ++pos;
  int count = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    if (count < 6) micros = micros * 10 + (text[pos] - '0');
    ++count;
    ++pos;
  }
  if (count == 0 || count > 9) return false;
  for (int i = count; i < 6; ++i) micros *= 10;
  return true;
}

}  // namespace

Result<std::string> format_xs_datetime(const Timestamp& value) {
  const auto day = std::chrono::floor<days>(value.local);
  const std::chrono::year_month_day date(day);
  const int year = static_cast<int>(date.year());
  if (year < 0 || year > 9999) {
    return invalid_argument(fmt::format("year {} has no xs:dateTime form here", year));
  }
  const std::chrono::hh_mm_ss<Microseconds> time(value.local - day);
  std::string out = fmt::format(
      "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}", year, static_cast<unsigned>(date.month()),
      static_cast<unsigned>(date.day()), time.hours().count(), time.minutes().count(),
      time.seconds().count(), time.subseconds().count());
  const int offset = value.utc_offset_minutes;
  if (offset == 0) {
    out += 'Z';
  } else {
    const int magnitude = offset < 0 ? -offset : offset;
    out += fmt::format("{}{:02}:{:02}", offset < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
  }
  return out;
}

Result<Timestamp> parse_xs_datetime(std::string_view raw) {
  const std::string_view text = trim_xml_space(raw);
  std::size_t pos = 0;
  int year, month, day, hour, minute, second;
  if (!digits(text, pos, 4, year) || !literal(text, pos, '-') || !digits(text, pos, 2, month) ||
      !literal(text, pos, '-') || !digits(text, pos, 2, day) || !literal(text, pos, 'T') ||
      !digits(text, pos, 2, hour) || !literal(text, pos, ':') || !digits(text, pos, 2, minute) ||
      !literal(text, pos, ':') || !digits(text, pos, 2, second)) {
    return bad("xs:dateTime", raw);
  }
  std::int64_t micros;
  if (!fraction(text, pos, micros)) return bad("xs:dateTime", raw);
  const std::chrono::year_month_day date{std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) return bad("xs:dateTime", raw);
  int offset = 0;
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const bool negative = text[pos] == '-';
    ++pos;
    int offset_hours, offset_minutes;
    if (!digits(text, pos, 2, offset_hours) || !literal(text, pos, ':') ||
        !digits(text, pos, 2, offset_minutes) || offset_minutes > 59) {
      return bad("xs:dateTime", raw);
    }
    offset = offset_hours * 60 + offset_minutes;
    if (offset > 999) return bad("xs:dateTime (offset beyond 999 minutes)", raw);
    if (negative) offset = -offset;
  }
  if (pos != text.size()) return bad("xs:dateTime", raw);
  const TimePoint local = std::chrono::sys_days(date) + hours(hour) + minutes(minute) +
                          seconds(second) + Microseconds(micros);
  return Timestamp{local, static_cast<std::int16_t>(offset)};
}

std::string format_xs_duration(const Interval& value) {
  std::int64_t us = value.duration.count();
  const std::int64_t day_count = us / (86400LL * 1000000);
  us -= day_count * 86400LL * 1000000;
  const std::int64_t hour_count = us / (3600LL * 1000000);
  us -= hour_count * 3600LL * 1000000;
  const std::int64_t minute_count = us / (60LL * 1000000);
  us -= minute_count * 60LL * 1000000;
  return fmt::format("P{}DT{}H{}M{}.{:06}S", day_count, hour_count, minute_count, us / 1000000,
                     us % 1000000);
}

Result<Interval> parse_xs_duration(std::string_view raw) {
  const std::string_view text = trim_xml_space(raw);
  std::size_t pos = 0;
  if (!literal(text, pos, 'P')) return bad("xs:duration", raw);
  std::int64_t total_us = 0;
  bool in_time = false;
  bool any = false;
  constexpr std::int64_t kLimitUs = (kMaxIntervalDays + 1) * 86400LL * 1000000;
  while (pos < text.size()) {
    if (text[pos] == 'T') {
      if (in_time) return bad("xs:duration", raw);
      in_time = true;
      ++pos;
      continue;
    }
    std::int64_t number = 0;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      const int digit = text[pos] - '0';
      // Checked before multiplying: number * 10 must not overflow.
      if (number > (kLimitUs - digit) / 10) return bad("xs:duration (too long)", raw);
      number = number * 10 + digit;
      ++pos;
    }
    if (pos == start) return bad("xs:duration", raw);
    std::int64_t micros = 0;
    if (pos < text.size() && text[pos] == '.') {
      if (!in_time || !fraction(text, pos, micros)) return bad("xs:duration", raw);
    }
    if (pos >= text.size()) return bad("xs:duration", raw);
    const char unit = text[pos++];
    std::int64_t unit_us = 0;
    if (!in_time && unit == 'D') {
      unit_us = 86400LL * 1000000;
    } else if (in_time && unit == 'H') {
      unit_us = 3600LL * 1000000;
    } else if (in_time && unit == 'M') {
      unit_us = 60LL * 1000000;
    } else if (in_time && unit == 'S') {
      unit_us = 1000000;
    } else {
      return bad("xs:duration (only days, hours, minutes and seconds)", raw);
    }
    if (micros != 0 && unit != 'S') return bad("xs:duration", raw);
    if (number > kLimitUs / unit_us) return bad("xs:duration (too long)", raw);
    // total_us < kLimitUs here, so the comparison cannot overflow where the sum could.
    const std::int64_t part_us = number * unit_us + micros;
    if (part_us >= kLimitUs - total_us) return bad("xs:duration (too long)", raw);
    total_us += part_us;
    any = true;
  }
  if (!any) return bad("xs:duration", raw);
  return Interval{Microseconds(total_us)};
}

}  // namespace wmi::wsman
