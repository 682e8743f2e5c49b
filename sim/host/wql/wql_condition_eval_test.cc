#include "sim/host/wql/wql_condition_eval.h"

#include <gtest/gtest.h>

#include <string>

#include "sim/host/wql/wql_parser.h"
#include "wmi/cim/dmtf_datetime.h"
#include "wmi/cim/wmi_path.h"

namespace sim::wql {
namespace {

wmi::Instance vm() {
  auto array = wmi::CimValue::array(wmi::CimType::kUint16, {std::uint16_t{2}, std::uint16_t{3}});
  wmi::Instance i(
      "Msvm_ComputerSystem", "root/virtualization/v2",
      {{"Name", "5C2F4E71-0B43-4B2E-A0B5-76E0C7F1F1A1"},
       {"ElementName", "Web Server_01"},
       {"Description", "Microsoft Virtual Machine"},
       {"EnabledState", std::uint16_t{2}},
       {"HealthState", std::uint16_t{5}},
       {"OnTimeInMilliseconds", std::uint64_t{18446744073709551615u}},
       {"Offset", std::int32_t{-5}},
       {"Ratio", 0.5},
       {"Weight", 1.5f},
       {"Missing", std::numeric_limits<double>::quiet_NaN()},
       {"Enabled", true},
       {"Letter", char16_t{'C'}},
       {"Caption", wmi::CimValue::null(wmi::CimType::kString)},
       {"OperationalStatus", std::move(array).value()},
       {"InstallDate", wmi::parse_dmtf_datetime("20240102030405.000000+060").value()},
       {"TimeBeforeRemoval", wmi::parse_dmtf_datetime("00000000000500.000000:000").value()},
       {"Host", wmi::parse_wmi_path("\\\\HV\\root\\virtualization\\v2:Msvm_ComputerSystem."
                                    "CreationClassName=\"Msvm_ComputerSystem\",Name=\"HV\"")
                    .value()}});
  i.set_path(wmi::parse_wmi_path("root/virtualization/v2:Msvm_ComputerSystem.Name=\"x\"").value());
  return i;
}

// Whether the WHERE clause of `select` matches the sample VM.
bool where(std::string_view condition) {
  auto q = parse_query("SELECT * FROM Msvm_ComputerSystem WHERE " + std::string(condition));
  EXPECT_TRUE(q.ok()) << condition << ": " << q.status().to_string();
  if (!q.ok()) return false;
  return matches(*std::get<SelectQuery>(*q).where, vm());
}

TEST(WqlEval, StringsCompareCaseInsensitively) {
  EXPECT_TRUE(where("Name = '5c2f4e71-0b43-4b2e-a0b5-76e0c7f1f1a1'"));
  EXPECT_TRUE(where("name = \"5C2F4E71-0B43-4B2E-A0B5-76E0C7F1F1A1\""));
  EXPECT_FALSE(where("Name = '5C2F'"));
  EXPECT_TRUE(where("Name <> '5C2F'"));
  EXPECT_TRUE(where("Description = \"microsoft virtual machine\""));
  EXPECT_TRUE(where("ElementName < 'x'"));
  EXPECT_TRUE(where("'WEB' < ElementName"));
  EXPECT_TRUE(where("ElementName >= 'web server_01'"));
  EXPECT_FALSE(where("ElementName = 5"));
  EXPECT_FALSE(where("ElementName <> 5"));  // a literal of the wrong type never compares
}

TEST(WqlEval, IntegersCompareNumericallyByDeclaredType) {
  EXPECT_TRUE(where("EnabledState = 2"));
  EXPECT_TRUE(where("EnabledState = 0x2"));
  EXPECT_TRUE(where("EnabledState = '2'"));
  EXPECT_TRUE(where("EnabledState = TRUE") == false);
  EXPECT_TRUE(where("EnabledState < 3 AND EnabledState > 1"));
  EXPECT_TRUE(where("EnabledState <= 2 AND EnabledState >= 2"));
  EXPECT_TRUE(where("EnabledState = 2.0"));
  EXPECT_TRUE(where("EnabledState < 2.5"));
  // Out of the uint16 range: never equal, ordered mathematically.
  EXPECT_FALSE(where("EnabledState = 65538"));
  EXPECT_TRUE(where("EnabledState <> 65538"));
  EXPECT_TRUE(where("EnabledState < 65538"));
  EXPECT_TRUE(where("EnabledState > -1"));
  EXPECT_TRUE(where("OnTimeInMilliseconds = 18446744073709551615"));
  EXPECT_TRUE(where("OnTimeInMilliseconds > 9223372036854775807"));
  EXPECT_TRUE(where("Offset = -5 AND Offset < 0 AND Offset > -9223372036854775808"));
  EXPECT_TRUE(where("Offset = '-5'"));
  EXPECT_FALSE(where("Offset = 'minus five'"));
  EXPECT_TRUE(where("Letter = 67"));
  EXPECT_FALSE(where("Letter = 'C'"));
}

TEST(WqlEval, RealsAndBooleans) {
  EXPECT_TRUE(where("Ratio = 0.5 AND Ratio < 1 AND Weight = 1.5 AND Weight > 1"));
  EXPECT_FALSE(where("Missing = 1.0"));
  EXPECT_FALSE(where("Missing <> 1.0"));  // NaN compares false with everything
  EXPECT_FALSE(where("Ratio = '0.5'"));
  EXPECT_TRUE(where("Enabled = TRUE"));
  EXPECT_TRUE(where("Enabled <> FALSE"));
  EXPECT_TRUE(where("Enabled = 1"));
  EXPECT_FALSE(where("Enabled = 2"));
  EXPECT_TRUE(where("Enabled != 0"));
  EXPECT_TRUE(where("Enabled = 'true'"));
  EXPECT_FALSE(where("Enabled = 'yes'"));
  EXPECT_FALSE(where("Enabled > FALSE"));  // ordering does not apply to booleans
}

TEST(WqlEval, DatetimesCompareByInstantOrLength) {
  EXPECT_TRUE(where("InstallDate = '20240102020405.000000+000'"));  // same instant, UTC
  EXPECT_TRUE(where("InstallDate > '20240101000000.000000+000'"));
  EXPECT_TRUE(where("InstallDate < '20240102030405.000000+000'"));
  EXPECT_FALSE(where("InstallDate = 'yesterday'"));
  EXPECT_FALSE(where("InstallDate = '00000000000500.000000:000'"));
  EXPECT_TRUE(where("TimeBeforeRemoval = '00000000000500.000000:000'"));
  EXPECT_TRUE(where("TimeBeforeRemoval < '00000000010000.000000:000'"));
  EXPECT_FALSE(where("TimeBeforeRemoval = 300"));
}

TEST(WqlEval, ReferencesCompareByIdentity) {
  EXPECT_TRUE(
      where("Host = 'root/virtualization/v2:msvm_computersystem.Name=\"HV\",CreationClassName="
            "\"Msvm_ComputerSystem\"'"));
  EXPECT_TRUE(
      where("Host = \"Msvm_ComputerSystem.CreationClassName='Msvm_ComputerSystem',"
            "Name='HV'\""));
  EXPECT_FALSE(where("Host = 'Msvm_ComputerSystem.Name=\"HV\"'"));
  EXPECT_TRUE(where("Host <> 'Msvm_ComputerSystem.Name=\"HV\"'"));
  EXPECT_FALSE(where("Host = 'not a path'"));
  EXPECT_FALSE(where("Host < 'Msvm_ComputerSystem.Name=\"HV\"'"));
}

TEST(WqlEval, NullMissingAndArrays) {
  EXPECT_TRUE(where("Caption IS NULL"));
  EXPECT_TRUE(where("Caption = NULL"));
  EXPECT_FALSE(where("Caption = 'x'"));
  EXPECT_FALSE(where("Caption <> 'x'"));
  EXPECT_TRUE(where("NoSuchProperty IS NULL"));
  EXPECT_FALSE(where("NoSuchProperty IS NOT NULL"));
  EXPECT_FALSE(where("NoSuchProperty = 1"));
  EXPECT_FALSE(where("NoSuchProperty <> 1"));
  EXPECT_TRUE(where("NOT NoSuchProperty = 1"));
  EXPECT_FALSE(where("OperationalStatus = 2"));
  EXPECT_FALSE(where("OperationalStatus <> 2"));
  EXPECT_TRUE(where("OperationalStatus IS NOT NULL"));
}

TEST(WqlEval, LikeAppliesToStrings) {
  EXPECT_TRUE(where("ElementName LIKE 'web%'"));
  EXPECT_TRUE(where("ElementName LIKE '%server[_]__'"));
  EXPECT_FALSE(where("ElementName LIKE 'server%'"));
  EXPECT_TRUE(where("NOT ElementName LIKE 'server%'"));
  EXPECT_FALSE(where("EnabledState LIKE '2'"));
  EXPECT_FALSE(where("Caption LIKE '%'"));
}

TEST(WqlEval, LogicalOperators) {
  EXPECT_TRUE(where("EnabledState = 3 OR HealthState = 5"));
  EXPECT_FALSE(where("EnabledState = 3 AND HealthState = 5"));
  EXPECT_TRUE(where("EnabledState = 3 OR HealthState = 5 AND Enabled = TRUE"));
  EXPECT_FALSE(where("(EnabledState = 3 OR HealthState = 5) AND Enabled = FALSE"));
  EXPECT_TRUE(where("NOT (EnabledState = 3 OR HealthState = 4)"));
}

TEST(WqlProject, KeepsListedPropertiesInOrderWithPath) {
  auto q = parse_query("SELECT enabledstate, Name, NoSuch, ENABLEDSTATE FROM Msvm_ComputerSystem");
  ASSERT_TRUE(q.ok());
  const wmi::Instance source = vm();
  const wmi::Instance out = project(std::get<SelectQuery>(*q), source);
  ASSERT_EQ(out.properties().size(), 2u);
  EXPECT_EQ(out.properties()[0].name, "EnabledState");
  EXPECT_EQ(out.properties()[0].value, wmi::CimValue(std::uint16_t{2}));
  EXPECT_EQ(out.properties()[1].name, "Name");
  EXPECT_EQ(out.class_name(), source.class_name());
  EXPECT_EQ(out.namespace_name(), source.namespace_name());
  EXPECT_EQ(out.path(), source.path());

  auto all = parse_query("SELECT * FROM Msvm_ComputerSystem");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(project(std::get<SelectQuery>(*all), source), source);
}

}  // namespace
}  // namespace sim::wql
