#include "sim/control/byte_size.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace sim::control {
namespace {

TEST(ByteSize, ParsesCountsAndBinaryUnits) {
  EXPECT_EQ(*parse_byte_size("0"), 0u);
  EXPECT_EQ(*parse_byte_size("65536"), 65536u);
  EXPECT_EQ(*parse_byte_size("512B"), 512u);
  EXPECT_EQ(*parse_byte_size("64KiB"), 64 * kKiB);
  EXPECT_EQ(*parse_byte_size("3MiB"), 3 * kMiB);
  EXPECT_EQ(*parse_byte_size("127GiB"), 127 * kGiB);
  EXPECT_EQ(*parse_byte_size("1TiB"), kTiB);
  EXPECT_EQ(*parse_byte_size("64TiB"), 64 * kTiB);
  EXPECT_EQ(*parse_byte_size("2PiB"), 2 * 1024 * kTiB);
  EXPECT_EQ(*parse_byte_size("18446744073709551615"), UINT64_MAX);
  EXPECT_EQ(*parse_byte_size("16383PiB"), 16383ULL << 50);
}

TEST(ByteSize, RejectsWithAReason) {
  const auto reason = [](std::string_view text) {
    auto parsed = parse_byte_size(text);
    EXPECT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().kind(), wmi::StatusKind::kInvalidArgument);
    return parsed.status().message();
  };
  EXPECT_NE(reason("").find("expected a whole number"), std::string::npos);
  EXPECT_NE(reason("-1").find("expected a whole number"), std::string::npos);
  EXPECT_NE(reason("1TB").find("decimal units"), std::string::npos);
  EXPECT_NE(reason("64kB").find("decimal units"), std::string::npos);
  EXPECT_NE(reason("1.5TiB").find("fractions"), std::string::npos);
  EXPECT_NE(reason("1 TiB").find("unknown unit"), std::string::npos);
  EXPECT_NE(reason("1tib").find("unknown unit"), std::string::npos);
  EXPECT_NE(reason("18446744073709551616").find("too large"), std::string::npos);
  EXPECT_NE(reason("16384PiB").find("too large"), std::string::npos);
}

TEST(ByteSize, FormatsInTheLargestExactUnit) {
  EXPECT_EQ(format_byte_size(0), "0");
  EXPECT_EQ(format_byte_size(1000), "1000");
  EXPECT_EQ(format_byte_size(512), "512");
  EXPECT_EQ(format_byte_size(64 * kKiB), "64KiB");
  EXPECT_EQ(format_byte_size(1536 * kMiB), "1536MiB");
  EXPECT_EQ(format_byte_size(kTiB), "1TiB");
  EXPECT_EQ(format_byte_size(std::uint64_t{1} << 63), "8192PiB");
  EXPECT_EQ(format_byte_size(UINT64_MAX), "18446744073709551615");
}

RC_GTEST_PROP(ByteSize, FormatThenParseIsTheIdentity, (std::uint64_t bytes, unsigned shift)) {
  const std::uint64_t value = bytes << (shift % 64);
  const auto parsed = parse_byte_size(format_byte_size(value));
  RC_ASSERT(parsed.ok());
  RC_ASSERT(*parsed == value);
}

}  // namespace
}  // namespace sim::control
