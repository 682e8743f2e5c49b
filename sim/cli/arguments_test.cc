#include "sim/cli/arguments.h"

#include <gtest/gtest.h>

namespace sim::cli {
namespace {

using std::chrono::microseconds;

std::string message_of(const wmi::Status& status) {
  EXPECT_EQ(status.kind(), wmi::StatusKind::kInvalidArgument);
  return status.message();
}

TEST(CliParameters, SplitAtTheFirstEqualsSign) {
  auto p = parse_parameter(
      "Collection=root/virtualization/v2:Msvm_VirtualSystemCollection.CollectionID=\"X\"");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->name, "Collection");
  EXPECT_EQ(*p->value.as_string(),
            "root/virtualization/v2:Msvm_VirtualSystemCollection.CollectionID=\"X\"");
  EXPECT_EQ(p->value.type(), wmi::CimType::kString);

  auto empty = parse_parameter("ReferencePointSettings=");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty->value.as_string(), "");
  EXPECT_FALSE(empty->value.is_null());

  auto xml = parse_parameter("S=<INSTANCE CLASSNAME=\"C\"/>");
  ASSERT_TRUE(xml.ok());
  EXPECT_EQ(*xml->value.as_string(), "<INSTANCE CLASSNAME=\"C\"/>");
  EXPECT_EQ(parse_parameter("_x1=-5")->name, "_x1");
}

TEST(CliParameters, RejectWhatIsNotNameEqualsValue) {
  EXPECT_NE(message_of(parse_parameter("ReferencePointType").status()).find("not Name=Value"),
            std::string::npos);
  EXPECT_NE(message_of(parse_parameter("=2").status()).find("not a CIM parameter name"),
            std::string::npos);
  EXPECT_NE(message_of(parse_parameter("1Type=2").status()).find("not a CIM parameter name"),
            std::string::npos);
  EXPECT_NE(message_of(parse_parameter("Ref Type=2").status()).find("not a CIM parameter name"),
            std::string::npos);
}

TEST(CliParameters, KeepOrderAndRefuseDuplicatesIgnoringCase) {
  const std::vector<std::string> ok = {"Name=Nightly", "Id=", "Type=0"};
  auto params = parse_parameters(ok);
  ASSERT_TRUE(params.ok());
  ASSERT_EQ(params->size(), 3u);
  EXPECT_EQ((*params)[0].name, "Name");
  EXPECT_EQ((*params)[2].name, "Type");

  const std::vector<std::string> twice = {"Type=0", "type=1"};
  EXPECT_NE(message_of(parse_parameters(twice).status()).find("given twice"), std::string::npos);
}

TEST(CliDuration, ParsesEveryUnit) {
  EXPECT_EQ(*parse_duration("0s"), microseconds(0));
  EXPECT_EQ(*parse_duration("250us"), microseconds(250));
  EXPECT_EQ(*parse_duration("300000ms"), microseconds(300'000'000));
  EXPECT_EQ(*parse_duration("5s"), microseconds(5'000'000));
  EXPECT_EQ(*parse_duration("2min"), microseconds(120'000'000));
  EXPECT_EQ(*parse_duration("1h"), microseconds(3'600'000'000));
  EXPECT_EQ(*parse_duration("1d"), microseconds(86'400'000'000));
  EXPECT_EQ(*parse_duration("36500d"), microseconds(std::int64_t{36500} * 86'400'000'000));
}

TEST(CliDuration, RejectsWithAReason) {
  EXPECT_NE(message_of(parse_duration("").status()).find("expected a whole number"),
            std::string::npos);
  EXPECT_NE(message_of(parse_duration("5").status()).find("missing unit"), std::string::npos);
  EXPECT_NE(message_of(parse_duration("-5s").status()).find("expected a whole number"),
            std::string::npos);
  EXPECT_NE(message_of(parse_duration("1.5s").status()).find("fractions"), std::string::npos);
  EXPECT_NE(message_of(parse_duration("5m").status()).find("unknown unit \"m\""),
            std::string::npos);
  EXPECT_NE(message_of(parse_duration("5 s").status()).find("unknown unit"), std::string::npos);
  EXPECT_NE(message_of(parse_duration("99999999999999999999s").status()).find("100 years"),
            std::string::npos);
  EXPECT_NE(message_of(parse_duration("40000d").status()).find("100 years"), std::string::npos);
}

TEST(CliByteValue, DecimalAndHex) {
  EXPECT_EQ(*parse_byte_value("0"), 0);
  EXPECT_EQ(*parse_byte_value("255"), 255);
  EXPECT_EQ(*parse_byte_value("0xA5"), 0xA5);
  EXPECT_EQ(*parse_byte_value("0Xff"), 0xFF);
  for (const char* bad : {"", "256", "0x100", "0x", "-1", "a5", "0xg1", " 1"}) {
    EXPECT_FALSE(parse_byte_value(bad).ok()) << bad;
  }
}

TEST(CliStripSetupOptions, RemovesBothSpellingsAndKeepsEverythingElse) {
  const std::vector<std::string> args = {"invoke",
                                         "--state",
                                         "s.json",
                                         "P",
                                         "M",
                                         "--seed=5",
                                         "A=1",
                                         "--wait",
                                         "--profile",
                                         "p.json",
                                         "--inventory=i.json",
                                         "--faults",
                                         "f.json",
                                         "--namespace",
                                         "root/HyperVCluster/v2"};
  const std::vector<std::string> expected = {
      "invoke", "P", "M", "A=1", "--wait", "--namespace", "root/HyperVCluster/v2"};
  EXPECT_EQ(strip_setup_options(args), expected);
}

TEST(CliStripSetupOptions, StopsAtDoubleDash) {
  const std::vector<std::string> args = {"query", "--state", "s", "--", "--state"};
  const std::vector<std::string> expected = {"query", "--", "--state"};
  EXPECT_EQ(strip_setup_options(args), expected);
  // A look-alike that is not the option is kept.
  const std::vector<std::string> lookalike = {"query", "--stateful", "--seedx=1"};
  EXPECT_EQ(strip_setup_options(lookalike), lookalike);
}

TEST(CliShellQuote, QuotesOnlyWhatNeedsIt) {
  const std::vector<std::string> args = {"invoke", "root/v2:C.K=\"x\"", "Name=it's", "", "A=1"};
  EXPECT_EQ(shell_quote(args), "invoke 'root/v2:C.K=\"x\"' 'Name=it'\\''s' '' A=1");
}

}  // namespace
}  // namespace sim::cli
