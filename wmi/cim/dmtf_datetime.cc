#include "wmi/cim/dmtf_datetime.h"

#include <fmt/format.h>

#include <cstdint>

namespace wmi {
namespace {

using namespace std::chrono;

constexpr std::size_t kLength = 25;
constexpr std::size_t kDotPosition = 14;
constexpr std::size_t kSignPosition = 21;
constexpr int kMaxOffsetMinutes = 999;
constexpr std::int64_t kMaxIntervalDays = 99'999'999;

// A character for an error message: itself when printable ASCII, else its byte value.
std::string shown(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02x}", byte);
}

Status error_at(std::size_t position, std::string_view what) {
  return invalid_argument(fmt::format("DMTF datetime: {} at position {}", what, position));
}

// Checks the fixed shape shared by both forms: length, wildcards, digits, '.' and the separator.
Status check_shape(std::string_view text) {
  if (text.size() != kLength) {
    return invalid_argument(
        fmt::format("DMTF datetime must be 25 characters (yyyymmddHHMMSS.mmmmmmsUUU or "
                    "ddddddddHHMMSS.mmmmmm:000), got {}",
                    text.size()));
  }
  for (std::size_t i = 0; i < kLength; ++i) {
    const char c = text[i];
    if (c == '*') {
      return error_at(i, "wildcard '*' is not supported (a Datetime holds one complete value)");
    }
    if (i == kDotPosition) {
      if (c != '.') return error_at(i, "expected '.', found " + shown(c));
    } else if (i == kSignPosition) {
      if (c != '+' && c != '-' && c != ':') {
        return error_at(i, "expected '+' or '-' (timestamp) or ':' (interval), found " + shown(c));
      }
    } else if (c < '0' || c > '9') {
      return error_at(i, "expected a digit, found " + shown(c));
    }
  }
  return Status();
}

// The decimal value of text[position, position + count); the shape is already checked.
std::int64_t field(std::string_view text, std::size_t position, std::size_t count) {
  std::int64_t value = 0;
  for (std::size_t i = position; i < position + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

// Hours, minutes and seconds at positions 8, 10, 12.
Result<Microseconds> parse_time_of_day(std::string_view text) {
  const std::int64_t hour = field(text, 8, 2);
  const std::int64_t minute = field(text, 10, 2);
  const std::int64_t second = field(text, 12, 2);
  if (hour > 23) return error_at(8, fmt::format("hour {} is not 00-23", hour));
  if (minute > 59) return error_at(10, fmt::format("minute {} is not 00-59", minute));
  if (second > 59) return error_at(12, fmt::format("second {} is not 00-59", second));
  return Microseconds(hours(hour) + minutes(minute) + seconds(second) +
                      Microseconds(field(text, 15, 6)));
}

Result<Datetime> parse_timestamp(std::string_view text) {
  const auto y = year(static_cast<int>(field(text, 0, 4)));
  const auto m = month(static_cast<unsigned>(field(text, 4, 2)));
  const auto d = day(static_cast<unsigned>(field(text, 6, 2)));
  if (!m.ok()) return error_at(4, fmt::format("month {} is not 01-12", unsigned(m)));
  const year_month_day date(y, m, d);
  if (!date.ok()) {
    const unsigned last = unsigned(year_month_day_last(y, month_day_last(m)).day());
    return error_at(6, fmt::format("day {} is not 01-{:02} in {:04}-{:02}", unsigned(d), last,
                                   int(y), unsigned(m)));
  }
  auto time_of_day = parse_time_of_day(text);
  if (!time_of_day.ok()) return time_of_day.status();
  const auto offset = static_cast<std::int16_t>(field(text, 22, 3));
  return Datetime(
      Timestamp{TimePoint(sys_days(date)) + *time_of_day,
                static_cast<std::int16_t>(text[kSignPosition] == '-' ? -offset : offset)});
}

Result<Datetime> parse_interval(std::string_view text) {
  if (text.substr(22) != "000") {
    return error_at(22,
                    fmt::format("interval suffix must be ':000', found ':{}'", text.substr(22)));
  }
  auto time_of_day = parse_time_of_day(text);
  if (!time_of_day.ok()) return time_of_day.status();
  return Datetime(Interval{days(field(text, 0, 8)) + *time_of_day});
}

Result<std::string> format_timestamp(const Timestamp& t) {
  if (t.utc_offset_minutes < -kMaxOffsetMinutes || t.utc_offset_minutes > kMaxOffsetMinutes) {
    return invalid_argument(fmt::format("DMTF timestamp offset {} minutes is outside -999..+999",
                                        t.utc_offset_minutes));
  }
  constexpr TimePoint kFirst = sys_days(year(0) / January / 1);
  constexpr TimePoint kEnd = sys_days(year(10000) / January / 1);
  if (t.local < kFirst || t.local >= kEnd) {
    return invalid_argument(
        fmt::format("DMTF timestamp local time {} us from 1970 is outside years 0000-9999",
                    t.local.time_since_epoch().count()));
  }
  const auto date_days = floor<days>(t.local);
  const year_month_day date(date_days);
  const hh_mm_ss<Microseconds> time(t.local - date_days);
  const int offset = t.utc_offset_minutes;
  return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}.{:06}{}{:03}", int(date.year()),
                     unsigned(date.month()), unsigned(date.day()), time.hours().count(),
                     time.minutes().count(), time.seconds().count(), time.subseconds().count(),
                     offset < 0 ? '-' : '+', offset < 0 ? -offset : offset);
}

Result<std::string> format_interval(const Interval& interval) {
  if (interval.duration < Microseconds(0)) {
    return invalid_argument(
        fmt::format("DMTF interval cannot be negative ({} us)", interval.duration.count()));
  }
  const auto whole_days = floor<days>(interval.duration);
  if (whole_days.count() > kMaxIntervalDays) {
    return invalid_argument(
        fmt::format("DMTF interval of {} days exceeds 99999999 days", whole_days.count()));
  }
  const hh_mm_ss<Microseconds> time(interval.duration - whole_days);
  return fmt::format("{:08}{:02}{:02}{:02}.{:06}:000", whole_days.count(), time.hours().count(),
                     time.minutes().count(), time.seconds().count(), time.subseconds().count());
}

}  // namespace

Result<Datetime> parse_dmtf_datetime(std::string_view text) {
  if (Status shape = check_shape(text); !shape.ok()) return shape;
  return text[kSignPosition] == ':' ? parse_interval(text) : parse_timestamp(text);
}

Result<std::string> format_dmtf_datetime(const Datetime& value) {
  if (const auto* t = std::get_if<Timestamp>(&value)) return format_timestamp(*t);
  return format_interval(std::get<Interval>(value));
}

}  // namespace wmi
