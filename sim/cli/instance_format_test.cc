#include "sim/cli/instance_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "wmi/cim/wmi_path.h"

namespace sim::cli {
namespace {

wmi::ObjectPath path_of(std::string_view text) {
  auto path = wmi::parse_wmi_path(text);
  EXPECT_TRUE(path.ok()) << path.status().to_string();
  return *path;
}

const char* kJobPath = R"(\\HV-HOST-01\root\virtualization\v2:Msvm_ConcreteJob.InstanceID="J1")";

wmi::CimValue array_of(wmi::CimType type, std::vector<wmi::CimElement> elements) {
  auto value = wmi::CimValue::array(type, std::move(elements));
  EXPECT_TRUE(value.ok());
  return *value;
}

wmi::Instance sample_instance() {
  auto error = std::make_shared<wmi::Instance>("Msvm_Error", "",
                                               wmi::PropertyList{{"Message", "bad \"type\""}});
  wmi::Instance i(
      "Msvm_Example", "root/virtualization/v2",
      {
          {"Name", std::string("a\"b\\c\nd\x01")},
          {"EnabledState", std::uint16_t{2}},
          {"Offset", std::int64_t{-5}},
          {"Small", std::uint8_t{65}},
          {"Ratio", 1.5},
          {"Tiny", 0.1f},
          {"Infinite", -INFINITY},
          {"Flag", true},
          {"Letter", char16_t{u'x'}},
          {"When", wmi::Datetime(wmi::Interval{std::chrono::minutes(5)})},
          {"Job", path_of(kJobPath)},
          {"Missing", wmi::CimValue::null(wmi::CimType::kUint32)},
          {"Flags", array_of(wmi::CimType::kUint16, {std::uint16_t{1}, std::uint16_t{2}})},
          {"Empty", array_of(wmi::CimType::kString, {})},
          {"Errors", array_of(wmi::CimType::kInstance, {wmi::EmbeddedInstance{error}})},
      });
  i.set_path(path_of(R"(root/virtualization/v2:Msvm_Example.Name="x")"));
  return i;
}

TEST(CliInstanceText, MofLikeBlockWithPathFirst) {
  const std::string text = format_instance_text(sample_instance());
  const std::string expected =
      "# path: root/virtualization/v2:Msvm_Example.Name=\"x\"\n"
      "instance of Msvm_Example {\n"
      "  Name = \"a\\\"b\\\\c\\nd\\x01\";\n"
      "  EnabledState = 2;\n"
      "  Offset = -5;\n"
      "  Small = 65;\n"
      "  Ratio = 1.5;\n"
      "  Tiny = 0.1;\n"
      "  Infinite = -INF;\n"
      "  Flag = TRUE;\n"
      "  Letter = 'x';\n"
      "  When = \"00000000000500.000000:000\";\n"
      "  Job = //HV-HOST-01/root/virtualization/v2:Msvm_ConcreteJob.InstanceID=\"J1\";\n"
      "  Missing = NULL;\n"
      "  Flags = {1, 2};\n"
      "  Empty = {};\n"
      "  Errors = {\n"
      "    <INSTANCE CLASSNAME=\"Msvm_Error\"><PROPERTY NAME=\"Message\" "
      "TYPE=\"string\"><VALUE>bad \"type\"</VALUE></PROPERTY></INSTANCE>\n"
      "  };\n"
      "};\n";
  EXPECT_EQ(text, expected);
}

TEST(CliInstanceText, CimXmlStringsArePrintedRaw) {
  const std::string xml = "<INSTANCE CLASSNAME=\"Msvm_Error\"></INSTANCE>";
  wmi::Instance i("Out", "",
                  {{"Errors", array_of(wmi::CimType::kString, {xml, xml})},
                   {"One", xml},
                   {"Text", std::string("<INSTANCEx\n")}});
  EXPECT_EQ(format_properties_text(i.properties(), ""), "Errors = {\n  " + xml + ",\n  " + xml +
                                                            "\n};\nOne = " + xml +
                                                            ";\nText = \"<INSTANCEx\\n\";\n");
  EXPECT_EQ(value_to_json(*i.find("One")), xml);
}

TEST(CliInstanceText, NoPathLineWithoutAPath) {
  wmi::Instance i("Msvm_Error", "", {{"Code", std::uint32_t{5}}});
  EXPECT_EQ(format_instance_text(i), "instance of Msvm_Error {\n  Code = 5;\n};\n");
}

TEST(CliInstanceJson, TypedValuesInProviderOrder) {
  const Json j = instance_to_json(sample_instance());
  EXPECT_EQ(j["path"], "root/virtualization/v2:Msvm_Example.Name=\"x\"");
  EXPECT_EQ(j["class"], "Msvm_Example");
  const Json& p = j["properties"];
  EXPECT_EQ(p.begin().key(), "Name");  // provider order kept
  EXPECT_EQ(p["Name"], "a\"b\\c\nd\x01");
  EXPECT_EQ(p["EnabledState"], 2);
  EXPECT_TRUE(p["EnabledState"].is_number_unsigned());
  EXPECT_EQ(p["Offset"], -5);
  EXPECT_EQ(p["Small"], 65);
  EXPECT_EQ(p["Ratio"], 1.5);
  EXPECT_EQ(p["Tiny"], 0.1);  // the float's shortest text, not 0.10000000149…
  EXPECT_EQ(p["Infinite"], "-INF");
  EXPECT_EQ(p["Flag"], true);
  EXPECT_EQ(p["Letter"], "x");
  EXPECT_EQ(p["When"], "00000000000500.000000:000");
  EXPECT_EQ(p["Job"], "//HV-HOST-01/root/virtualization/v2:Msvm_ConcreteJob.InstanceID=\"J1\"");
  EXPECT_TRUE(p["Missing"].is_null());
  EXPECT_EQ(p["Flags"], Json::array({1, 2}));
  EXPECT_EQ(p["Empty"], Json::array());
  EXPECT_EQ(p["Errors"][0]["class"], "Msvm_Error");
  EXPECT_EQ(p["Errors"][0]["properties"]["Message"], "bad \"type\"");
}

TEST(CliInstanceJson, NullPathAndDumpNeverThrows) {
  wmi::Instance i("C", "", {{"Bytes", std::string("\xff\xfe")}});
  const Json j = instance_to_json(i);
  EXPECT_TRUE(j["path"].is_null());
  EXPECT_NE(dump_json(j).find("\"class\": \"C\""), std::string::npos);  // invalid UTF-8 replaced
}

TEST(CliValueRaw, OneLinePerElementUnquoted) {
  const wmi::Instance i = sample_instance();
  EXPECT_EQ(format_value_raw(*i.find("Name")), "a\"b\\c\nd\x01\n");
  EXPECT_EQ(format_value_raw(*i.find("EnabledState")), "2\n");
  EXPECT_EQ(format_value_raw(*i.find("Flag")), "TRUE\n");
  EXPECT_EQ(format_value_raw(*i.find("Letter")), "x\n");
  EXPECT_EQ(format_value_raw(*i.find("When")), "00000000000500.000000:000\n");
  EXPECT_EQ(format_value_raw(*i.find("Job")),
            "//HV-HOST-01/root/virtualization/v2:Msvm_ConcreteJob.InstanceID=\"J1\"\n");
  EXPECT_EQ(format_value_raw(*i.find("Missing")), "");
  EXPECT_EQ(format_value_raw(*i.find("Flags")), "1\n2\n");
  EXPECT_EQ(format_value_raw(*i.find("Empty")), "");
}

TEST(CliValueText, ReferencesReadBackAsTheSamePath) {
  const wmi::ObjectPath job = path_of(kJobPath);
  const std::string text = format_value_text(wmi::CimValue(job));
  auto back = wmi::parse_wmi_path(text);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(wmi::same_instance(*back, job));
}

}  // namespace
}  // namespace sim::cli
