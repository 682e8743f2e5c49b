// xs:dateTime / xs:duration as WS-Man carries CIM datetimes: the real capture's form, the
// accepted variants, refusals, and the format/parse round trip over generated datetimes.
#include "wmi/wsman/xs_datetime.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <chrono>

#include "wmi/cim/cim_gen.h"

namespace wmi::wsman {
namespace {

using namespace std::chrono;

TimePoint at(int y, unsigned m, unsigned d, int hh, int mm, int ss, std::int64_t us = 0) {
  return sys_days(year(y) / month(m) / day(d)) + hours(hh) + minutes(mm) + seconds(ss) +
         Microseconds(us);
}

// mock_enumerate_1.xml (WinRb/WinRM, Windows 2008 R2): Win32_Process.CreationDate.
TEST(XsDatetime, ReadsTheRealCaptureForm) {
  auto t = parse_xs_datetime("2013-04-29T11:43:11.203125-07:00");
  ASSERT_TRUE(t.ok()) << t.status().to_string();
  EXPECT_EQ(t->local, at(2013, 4, 29, 11, 43, 11, 203125));
  EXPECT_EQ(t->utc_offset_minutes, -420);
  EXPECT_EQ(t->utc(), at(2013, 4, 29, 18, 43, 11, 203125));
  EXPECT_EQ(format_xs_datetime(*t).value(), "2013-04-29T11:43:11.203125-07:00");
}

TEST(XsDatetime, FormatsUtcAsZAndAlwaysSixFractionDigits) {
  EXPECT_EQ(format_xs_datetime(Timestamp{at(2024, 2, 29, 23, 59, 59), 0}).value(),
            "2024-02-29T23:59:59.000000Z");
  EXPECT_EQ(format_xs_datetime(Timestamp{at(1, 1, 1, 0, 0, 0, 1), 90}).value(),
            "0001-01-01T00:00:00.000001+01:30");
  EXPECT_EQ(format_xs_datetime(Timestamp{at(9999, 12, 31, 23, 59, 59, 999999), -5}).value(),
            "9999-12-31T23:59:59.999999-00:05");
}

TEST(XsDatetime, ParseAcceptsTheVariantsOtherSendersUse) {
  const Timestamp noon{at(2020, 6, 1, 12, 0, 0), 0};
  EXPECT_EQ(parse_xs_datetime("2020-06-01T12:00:00Z").value(), noon);
  EXPECT_EQ(parse_xs_datetime("2020-06-01T12:00:00").value(), noon);  // no offset: UTC
  EXPECT_EQ(parse_xs_datetime("2020-06-01T12:00:00+00:00").value(), noon);
  EXPECT_EQ(parse_xs_datetime("2020-06-01T12:00:00-00:00").value(), noon);
  EXPECT_EQ(parse_xs_datetime("\n  2020-06-01T12:00:00Z \t").value(), noon);  // XML space
  // Fractions of 1..9 digits; beyond microseconds truncated.
  EXPECT_EQ(parse_xs_datetime("2020-06-01T12:00:00.5Z")->local, at(2020, 6, 1, 12, 0, 0, 500000));
  EXPECT_EQ(parse_xs_datetime("2020-06-01T12:00:00.123456789Z")->local,
            at(2020, 6, 1, 12, 0, 0, 123456));
  EXPECT_EQ(parse_xs_datetime("2020-06-01T12:00:00+14:00")->utc_offset_minutes, 840);
}

TEST(XsDatetime, ParseRefusesMalformedText) {
  for (const char* text : {"",
                           "2020",
                           "2020-06-01",
                           "2020-06-01 12:00:00Z",
                           "2020-6-01T12:00:00Z",
                           "2020-06-01T12:00Z",
                           "2020-13-01T12:00:00Z",
                           "2021-02-29T12:00:00Z",
                           "2020-06-31T12:00:00Z",
                           "2020-06-01T24:00:00Z",
                           "2020-06-01T12:60:00Z",
                           "2020-06-01T12:00:60Z",
                           "2020-06-01T12:00:00.Z",
                           "2020-06-01T12:00:00.1234567890Z",
                           "2020-06-01T12:00:00+1:00",
                           "2020-06-01T12:00:00+01:60",
                           "2020-06-01T12:00:00+16:40",
                           "2020-06-01T12:00:00ZZ",
                           "-2020-06-01T12:00:00Z",
                           "12020-06-01T12:00:00Z",
                           "20200601T120000Z",
                           "2020-06-01T12:00:00 Z"}) {
    auto t = parse_xs_datetime(text);
    EXPECT_FALSE(t.ok()) << text;
    if (!t.ok()) {
      EXPECT_EQ(t.status().kind(), StatusKind::kInvalidArgument) << text;
      EXPECT_NE(t.status().message().find("xs:dateTime"), std::string::npos);
    }
  }
}

TEST(XsDatetime, FormatRefusesYearsOutsideFourDigits) {
  auto before = format_xs_datetime(Timestamp{at(-1, 12, 31, 0, 0, 0), 0});
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.status().kind(), StatusKind::kInvalidArgument);
  auto after = format_xs_datetime(Timestamp{at(10000, 1, 1, 0, 0, 0), 0});
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.status().kind(), StatusKind::kInvalidArgument);
}

TEST(XsDuration, FormatsEveryField) {
  EXPECT_EQ(format_xs_duration(Interval{Microseconds(0)}), "P0DT0H0M0.000000S");
  const auto d = days(3) + hours(4) + minutes(5) + seconds(6) + Microseconds(7);
  EXPECT_EQ(format_xs_duration(Interval{duration_cast<Microseconds>(d)}), "P3DT4H5M6.000007S");
  const auto longest =
      days(99999999) + hours(23) + minutes(59) + seconds(59) + Microseconds(999999);
  EXPECT_EQ(format_xs_duration(Interval{duration_cast<Microseconds>(longest)}),
            "P99999999DT23H59M59.999999S");
}

TEST(XsDuration, ParseTakesAnySubsetOfDaysHoursMinutesSeconds) {
  auto us = [](std::string_view text) { return parse_xs_duration(text).value().duration; };
  EXPECT_EQ(us("PT60.000S"), seconds(60));  // winrm.exe's OperationTimeout
  EXPECT_EQ(us("PT20S"), seconds(20));      // pypsrp's
  EXPECT_EQ(us("P1D"), days(1));
  EXPECT_EQ(us("PT1H"), hours(1));
  EXPECT_EQ(us("PT90M"), minutes(90));
  EXPECT_EQ(us("PT0.5S"), milliseconds(500));
  EXPECT_EQ(us("P2DT3M"), days(2) + minutes(3));
  EXPECT_EQ(us(" P1DT1H1M1.000001S\n"),
            days(1) + hours(1) + minutes(1) + seconds(1) + Microseconds(1));
  EXPECT_EQ(us("PT1.1234567S"), seconds(1) + Microseconds(123456));  // truncated
}

TEST(XsDuration, ParseRefusesWhatHasNoFixedLengthOrIsMalformed) {
  for (const char* text : {"",
                           "P",
                           "PT",
                           "-PT1S",
                           "P1Y",
                           "P1M",
                           "P1W",
                           "PT1.5M",
                           "P1.5D",
                           "PT1H.5S",
                           "1S",
                           "PTS",
                           "PT1",
                           "PT1SX",
                           "P1DT1D",
                           "PTT1S",
                           "PT1.S",
                           "P100000000D",
                           "PT9999999999999999999S",
                           "PT9999999999999999999999S",
                           "PT2400000000H"}) {
    auto d = parse_xs_duration(text);
    EXPECT_FALSE(d.ok()) << text << " read as " << (d.ok() ? d->duration.count() : 0) << " us";
    if (!d.ok()) {
      EXPECT_EQ(d.status().kind(), StatusKind::kInvalidArgument) << text;
    }
  }
}

// Fields that are each within DMTF's bound but add up beyond it must be refused, never wrap
// (signed overflow) into a negative or short interval.
TEST(XsDuration, ParseRefusesSumsBeyondTheDmtfBoundWithoutOverflow) {
  for (const char* text :
       {"P99999999DT2399999999H", "P99999999DT143999999999M", "P99999999DT8639999999999S",
        "PT2399999999H143999999999M", "P99999999DT23H59M60S"}) {
    auto d = parse_xs_duration(text);
    EXPECT_FALSE(d.ok()) << text << " read as " << (d.ok() ? d->duration.count() : 0) << " us";
  }
  EXPECT_EQ(parse_xs_duration("P99999999DT23H59M59.999999S")->duration,
            days(99999999) + hours(23) + minutes(59) + seconds(59) + Microseconds(999999));
}

// parse(format(x)) == x for every datetime the generator makes (years 0000-9999, offsets within
// ±999 minutes, intervals within DMTF's range).
RC_GTEST_PROP(XsDatetimeProp, FormatThenParseIsIdentity, ()) {
  const Datetime value = *gen::datetime();
  if (const auto* interval = std::get_if<Interval>(&value)) {
    const std::string text = format_xs_duration(*interval);
    RC_ASSERT(parse_xs_duration(text).value() == *interval);
    return;
  }
  const auto& timestamp = std::get<Timestamp>(value);
  const auto text = format_xs_datetime(timestamp);
  RC_ASSERT(text.ok());
  RC_ASSERT(parse_xs_datetime(*text).value() == timestamp);
}

// Mutated text never crashes: it is refused (kInvalidArgument) or reads as a value whose own
// text reads back to it.
RC_GTEST_PROP(XsDatetimeProp, MutatedTextIsRefusedOrStable, ()) {
  const Datetime value = *gen::datetime();
  if (const auto* interval = std::get_if<Interval>(&value)) {
    const std::string text = *gen::mutation_of(format_xs_duration(*interval));
    const auto back = parse_xs_duration(text);
    if (!back.ok()) {
      RC_ASSERT(back.status().kind() == StatusKind::kInvalidArgument);
      return;
    }
    RC_ASSERT(back->duration.count() >= 0);
    RC_ASSERT(parse_xs_duration(format_xs_duration(*back)).value() == *back);
    return;
  }
  const std::string text =
      *gen::mutation_of(format_xs_datetime(std::get<Timestamp>(value)).value());
  const auto back = parse_xs_datetime(text);
  if (!back.ok()) {
    RC_ASSERT(back.status().kind() == StatusKind::kInvalidArgument);
    return;
  }
  RC_ASSERT(parse_xs_datetime(format_xs_datetime(*back).value()).value() == *back);
}

}  // namespace
}  // namespace wmi::wsman
