// DMTF datetime strings: real-world shapes, strict validation, chrono helpers, round trips.
#include "wmi/cim/dmtf_datetime.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wmi/cim/cim_gen.h"

namespace wmi {
namespace {

using namespace std::chrono;

TimePoint at(year_month_day date, Microseconds time_of_day) {
  return TimePoint(sys_days(date)) + time_of_day;
}

void expect_rejected(std::string_view text, std::string_view message_part) {
  auto parsed = parse_dmtf_datetime(text);
  ASSERT_FALSE(parsed.ok()) << text;
  EXPECT_EQ(parsed.status().kind(), StatusKind::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find(message_part), std::string::npos)
      << text << " -> " << parsed.status().message();
}

TEST(DmtfDatetime, ParsesTimestampWithNegativeOffset) {
  auto parsed = parse_dmtf_datetime("20161012111213.000000-420");
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  const auto& t = std::get<Timestamp>(*parsed);
  EXPECT_EQ(t.local, at(2016y / October / 12, hours(11) + minutes(12) + seconds(13)));
  EXPECT_EQ(t.utc_offset_minutes, -420);
  EXPECT_EQ(t.utc(), at(2016y / October / 12, hours(18) + minutes(12) + seconds(13)));
}

TEST(DmtfDatetime, ParsesIntervalOfFiveMinutes) {
  auto parsed = parse_dmtf_datetime("00000000000500.000000:000");
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(std::get<Interval>(*parsed).duration, minutes(5));
}

TEST(DmtfDatetime, FormatsRealWorldShapesExactly) {
  const Timestamp t{at(2016y / October / 12, hours(11) + minutes(12) + seconds(13)), -420};
  EXPECT_EQ(format_dmtf_datetime(t).value(), "20161012111213.000000-420");
  EXPECT_EQ(format_dmtf_datetime(Interval{minutes(5)}).value(), "00000000000500.000000:000");
  const Timestamp micro{at(2024y / May / 1, hours(10) + Microseconds(123456)), 60};
  EXPECT_EQ(format_dmtf_datetime(micro).value(), "20240501100000.123456+060");
  const Interval longest{days(99'999'999) + hours(23) + minutes(59) + seconds(59) +
                         Microseconds(999'999)};
  EXPECT_EQ(format_dmtf_datetime(longest).value(), "99999999235959.999999:000");
  EXPECT_EQ(parse_dmtf_datetime("99999999235959.999999:000").value(), Datetime(longest));
}

TEST(DmtfDatetime, LeapDaysFollowTheGregorianRules) {
  EXPECT_TRUE(parse_dmtf_datetime("20240229000000.000000+000").ok());
  EXPECT_TRUE(parse_dmtf_datetime("20000229000000.000000+000").ok());
  expect_rejected("20230229000000.000000+000", "day 29 is not 01-28 in 2023-02 at position 6");
  expect_rejected("19000229000000.000000+000", "day 29 is not 01-28");
  expect_rejected("20240431000000.000000+000", "day 31 is not 01-30");
  expect_rejected("20240100000000.000000+000", "day 0");
}

TEST(DmtfDatetime, RejectsOutOfRangeFields) {
  expect_rejected("20241301000000.000000+000", "month 13 is not 01-12 at position 4");
  expect_rejected("20240001000000.000000+000", "month 0 is not 01-12");
  expect_rejected("20240101240000.000000+000", "hour 24 is not 00-23 at position 8");
  expect_rejected("20240101006000.000000+000", "minute 60 is not 00-59 at position 10");
  expect_rejected("20240101000060.000000+000", "second 60 is not 00-59 at position 12");
  expect_rejected("00000000240000.000000:000", "hour 24");
}

TEST(DmtfDatetime, RejectsBadShapes) {
  expect_rejected("", "must be 25 characters");
  expect_rejected("20161012111213.000000-42", "got 24");
  expect_rejected("20161012111213.000000-4200", "got 26");
  expect_rejected("20161012111213,000000-420", "expected '.', found ',' at position 14");
  expect_rejected("20161012111213.000000*420", "wildcard '*' is not supported");
  expect_rejected("20161012111213.000000 420", "expected '+' or '-' (timestamp) or ':' (interval)");
  expect_rejected("2016101211121x.000000-420", "expected a digit, found 'x' at position 13");
  expect_rejected("2016101211121\n.000000-420", "byte 0x0a at position 13");
  expect_rejected("00000000000500.000000:001", "interval suffix must be ':000', found ':001'");
  expect_rejected("2016**********.******+***", "wildcard '*' is not supported");
}

TEST(DmtfDatetime, NegativeZeroOffsetReadsAsZero) {
  auto parsed = parse_dmtf_datetime("20161012111213.000000-000");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(std::get<Timestamp>(*parsed).utc_offset_minutes, 0);
  EXPECT_EQ(format_dmtf_datetime(*parsed).value(), "20161012111213.000000+000");
}

TEST(DmtfDatetime, RejectsValuesWithoutADmtfForm) {
  const TimePoint noon(sys_days(2024y / January / 1) + hours(12));
  EXPECT_FALSE(format_dmtf_datetime(Timestamp{noon, 1000}).ok());
  EXPECT_FALSE(format_dmtf_datetime(Timestamp{noon, -1000}).ok());
  EXPECT_TRUE(format_dmtf_datetime(Timestamp{noon, -999}).ok());
  const TimePoint year_10000(sys_days(year(10000) / January / 1));
  EXPECT_FALSE(format_dmtf_datetime(Timestamp{year_10000, 0}).ok());
  EXPECT_TRUE(format_dmtf_datetime(Timestamp{year_10000 - Microseconds(1), 0}).ok());
  EXPECT_FALSE(
      format_dmtf_datetime(Timestamp{TimePoint(sys_days(year(-1) / December / 31)), 0}).ok());
  EXPECT_FALSE(format_dmtf_datetime(Timestamp{TimePoint::min(), 0}).ok());
  EXPECT_FALSE(format_dmtf_datetime(Interval{Microseconds(-1)}).ok());
  EXPECT_FALSE(format_dmtf_datetime(Interval{days(100'000'000)}).ok());
  auto message = format_dmtf_datetime(Interval{Microseconds(-1)}).status().message();
  EXPECT_NE(message.find("negative"), std::string::npos) << message;
}

TEST(DmtfDatetime, TimestampFromUtcKeepsTheInstant) {
  const sys_time<nanoseconds> instant =
      sys_days(2016y / October / 12) + hours(18) + minutes(12) + seconds(13) + nanoseconds(1999);
  const Timestamp t = timestamp_from_utc(instant, -420);
  EXPECT_EQ(t.utc_offset_minutes, -420);
  EXPECT_EQ(t.utc(), floor<Microseconds>(instant));
  EXPECT_EQ(format_dmtf_datetime(t).value(), "20161012111213.000001-420");
  EXPECT_EQ(timestamp_from_utc(sys_days(1970y / January / 1)).local, TimePoint());
}

TEST(DmtfDatetime, IntervalFromTruncatesToMicroseconds) {
  EXPECT_EQ(interval_from(seconds(90)).duration, Microseconds(90'000'000));
  EXPECT_EQ(interval_from(nanoseconds(2'999)).duration, Microseconds(2));
  EXPECT_EQ(format_dmtf_datetime(interval_from(hours(49) + milliseconds(5))).value(),
            "00000002010000.005000:000");
}

// Every Datetime with a DMTF form survives format → parse exactly, as a 25-character string.
RC_GTEST_PROP(DmtfDatetime, FormatThenParseIsIdentity, ()) {
  const Datetime value = *gen::datetime();
  const auto text = format_dmtf_datetime(value);
  RC_ASSERT(text.ok());
  RC_ASSERT(text->size() == 25u);
  const auto parsed = parse_dmtf_datetime(*text);
  RC_ASSERT(parsed.ok());
  RC_ASSERT(*parsed == value);
}

// The offset and the instant survive timestamp_from_utc → utc() for every in-range offset.
RC_GTEST_PROP(DmtfDatetime, TimestampFromUtcInvertsUtc, ()) {
  const auto us = *rc::gen::inRange<std::int64_t>(-62'000'000'000'000'000, 253'000'000'000'000'000);
  const auto offset = *rc::gen::inRange<std::int16_t>(-999, 1000);
  const TimePoint instant{Microseconds(us)};
  const Timestamp t = timestamp_from_utc(instant, offset);
  RC_ASSERT(t.utc() == instant);
  RC_ASSERT(t.utc_offset_minutes == offset);
}

// A mutated or truncated DMTF string is rejected with kInvalidArgument, or (when the mutation
// happens to yield another valid string) reads back as a value that formats to that same string.
RC_GTEST_PROP(DmtfDatetime, MalformedInputIsRejectedOrConsistent, ()) {
  const std::string valid = *rc::gen::map(
      gen::datetime(), [](const Datetime& d) { return format_dmtf_datetime(d).value(); });
  const std::string text = *gen::mutation_of(valid);
  const auto parsed = parse_dmtf_datetime(text);
  RC_CLASSIFY(parsed.ok(), "still valid");
  if (!parsed.ok()) {
    RC_ASSERT(parsed.status().kind() == StatusKind::kInvalidArgument);
    RC_ASSERT(parsed.status().message().find("DMTF") != std::string::npos);
    return;
  }
  const auto again = format_dmtf_datetime(*parsed);
  RC_ASSERT(again.ok());
  RC_ASSERT(parse_dmtf_datetime(*again).value() == *parsed);
}

// Arbitrary text never crashes the parser.
RC_GTEST_PROP(DmtfDatetime, ArbitraryTextNeverCrashes, ()) {
  const std::string text =
      *rc::gen::oneOf(gen::hostile_string(), rc::gen::arbitrary<std::string>());
  const auto parsed = parse_dmtf_datetime(text);
  RC_ASSERT(parsed.ok() || parsed.status().kind() == StatusKind::kInvalidArgument);
}

}  // namespace
}  // namespace wmi
