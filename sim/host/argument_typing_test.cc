// Argument typing at the dispatch choke point (argument_typing.h): every in-parameter is converted
// to its declared type or the call is refused with w:InvalidParameter — never truncated, never
// guessed — both for the pure functions and through Host::invoke, where a refused call changes
// nothing.
#include "sim/host/argument_typing.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <limits>
#include <string>

#include "sim/host/host_test_support.h"
#include "wmi/cim/dmtf_datetime.h"

namespace sim::host {
namespace {

using namespace test;
using wmi::CimType;
using wmi::CimValue;

void expect_invalid_parameter(const wmi::Status& status) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.kind(), wmi::StatusKind::kFault) << status.to_string();
  ASSERT_TRUE(status.fault().has_value()) << status.to_string();
  EXPECT_EQ(status.fault()->code, "s:Sender");
  EXPECT_EQ(status.fault()->subcode, "w:InvalidParameter");
  EXPECT_EQ(status.fault()->wsman_code, 2150858810u);
}

constexpr ParamSpec kU8{"P", CimType::kUint8};
constexpr ParamSpec kU16{"ReferencePointType", CimType::kUint16};
constexpr ParamSpec kU64{"P", CimType::kUint64};
constexpr ParamSpec kS8{"P", CimType::kSint8};
constexpr ParamSpec kS64{"P", CimType::kSint64};
constexpr ParamSpec kBool{"P", CimType::kBoolean};
constexpr ParamSpec kText{"P", CimType::kString};
constexpr ParamSpec kRef{"P", CimType::kReference};
constexpr ParamSpec kWhen{"P", CimType::kDatetime};
constexpr ParamSpec kU16Array{"P", CimType::kUint16, true, false, true};

TEST(ArgumentTyping, Uint16AcceptsItsWholeRangeAsTypedOrText) {
  for (std::uint64_t v : {0ull, 1ull, 2ull, 32767ull, 32768ull, 65535ull}) {
    auto typed = type_argument(kU16, CimValue(static_cast<std::uint32_t>(v)));
    ASSERT_TRUE(typed.ok()) << v;
    EXPECT_EQ(*typed, CimValue(static_cast<std::uint16_t>(v)));
    auto text = type_argument(kU16, CimValue(std::to_string(v)));
    ASSERT_TRUE(text.ok()) << v;
    EXPECT_EQ(*text, CimValue(static_cast<std::uint16_t>(v)));
  }
}

TEST(ArgumentTyping, Uint16RefusesOutOfRangeAndNonNumbersNeverTruncating) {
  expect_invalid_parameter(type_argument(kU16, CimValue(std::uint32_t{70000})).status());
  expect_invalid_parameter(type_argument(kU16, CimValue(std::uint32_t{65536})).status());
  expect_invalid_parameter(type_argument(kU16, CimValue("70000")).status());
  expect_invalid_parameter(type_argument(kU16, CimValue("abc")).status());
  expect_invalid_parameter(type_argument(kU16, CimValue("-1")).status());
  expect_invalid_parameter(type_argument(kU16, CimValue(std::int32_t{-1})).status());
  expect_invalid_parameter(type_argument(kU16, CimValue("")).status());
  expect_invalid_parameter(type_argument(kU16, CimValue(" 2")).status());
  expect_invalid_parameter(type_argument(kU16, CimValue("2 ")).status());
  expect_invalid_parameter(type_argument(kU16, CimValue("+2")).status());
  expect_invalid_parameter(type_argument(kU16, CimValue("0x2")).status());
  expect_invalid_parameter(type_argument(kU16, CimValue("2.0")).status());
  expect_invalid_parameter(type_argument(kU16, CimValue(true)).status());
  expect_invalid_parameter(type_argument(kU16, CimValue(2.0)).status());
  expect_invalid_parameter(type_argument(kU16, CimValue("18446744073709551616")).status());
}

// "a leading '-' only for signed types" (argument_typing.h): "-0" is not a uint16.
TEST(ArgumentTyping, MinusSignOnlyForSignedTypes) {
  expect_invalid_parameter(type_argument(kU16, CimValue("-0")).status());
  auto s = type_argument(kS8, CimValue("-0"));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, CimValue(std::int8_t{0}));
}

TEST(ArgumentTyping, RefusalNamesParameterValueAndType) {
  auto r = type_argument(kU16, CimValue("70000"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("ReferencePointType"), std::string::npos);
  EXPECT_NE(r.status().message().find("70000"), std::string::npos);
  EXPECT_NE(r.status().message().find("uint16"), std::string::npos);
}

TEST(ArgumentTyping, SignedAndWideBounds) {
  EXPECT_EQ(*type_argument(kS8, CimValue("-128")), CimValue(std::int8_t{-128}));
  EXPECT_EQ(*type_argument(kS8, CimValue("127")), CimValue(std::int8_t{127}));
  expect_invalid_parameter(type_argument(kS8, CimValue("-129")).status());
  expect_invalid_parameter(type_argument(kS8, CimValue("128")).status());
  EXPECT_EQ(*type_argument(kU8, CimValue("255")), CimValue(std::uint8_t{255}));
  expect_invalid_parameter(type_argument(kU8, CimValue("256")).status());
  EXPECT_EQ(*type_argument(kU64, CimValue("18446744073709551615")),
            CimValue(std::numeric_limits<std::uint64_t>::max()));
  EXPECT_EQ(*type_argument(kS64, CimValue("-9223372036854775808")),
            CimValue(std::numeric_limits<std::int64_t>::min()));
  expect_invalid_parameter(type_argument(kS64, CimValue("9223372036854775808")).status());
  expect_invalid_parameter(type_argument(kS64, CimValue("-9223372036854775809")).status());
  EXPECT_EQ(*type_argument(kS64, CimValue(std::uint8_t{7})), CimValue(std::int64_t{7}));
}

TEST(ArgumentTyping, BooleanDatetimeReferenceFromText) {
  EXPECT_EQ(*type_argument(kBool, CimValue("TRUE")), CimValue(true));
  EXPECT_EQ(*type_argument(kBool, CimValue("false")), CimValue(false));
  expect_invalid_parameter(type_argument(kBool, CimValue("1")).status());
  expect_invalid_parameter(type_argument(kBool, CimValue("yes")).status());

  auto when = type_argument(kWhen, CimValue("00000000000000.000000:000"));
  ASSERT_TRUE(when.ok()) << when.status().to_string();
  EXPECT_EQ(when->type(), CimType::kDatetime);
  expect_invalid_parameter(type_argument(kWhen, CimValue("yesterday")).status());

  auto ref = type_argument(
      kRef, CimValue("root/virtualization/v2:Msvm_VirtualSystemCollection.CollectionID=\"x\""));
  ASSERT_TRUE(ref.ok()) << ref.status().to_string();
  ASSERT_NE(ref->as_reference(), nullptr);
  EXPECT_EQ(ref->as_reference()->class_name, "Msvm_VirtualSystemCollection");
  expect_invalid_parameter(type_argument(kRef, CimValue("not a path")).status());
  expect_invalid_parameter(type_argument(kRef, CimValue(std::uint16_t{1})).status());
}

TEST(ArgumentTyping, StringsStayStringsAndNumbersAreNotStrings) {
  EXPECT_EQ(*type_argument(kText, CimValue("70000")), CimValue("70000"));
  expect_invalid_parameter(type_argument(kText, CimValue(std::uint16_t{1})).status());
}

TEST(ArgumentTyping, NullKeepsTheDeclaredType) {
  auto r = type_argument(kU16, CimValue::null(CimType::kString));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->is_null());
  EXPECT_EQ(r->type(), CimType::kUint16);
  auto a = type_argument(kU16Array, CimValue());
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->is_null());
  EXPECT_TRUE(a->is_array());
}

TEST(ArgumentTyping, ArraysConvertEveryElementAndShapeMustMatch) {
  auto given = CimValue::array(CimType::kString, {std::string("1"), std::string("65535")});
  ASSERT_TRUE(given.ok());
  auto typed = type_argument(kU16Array, *given);
  ASSERT_TRUE(typed.ok()) << typed.status().to_string();
  EXPECT_EQ(*typed, *CimValue::array(CimType::kUint16, {std::uint16_t{1}, std::uint16_t{65535}}));
  auto bad = CimValue::array(CimType::kString, {std::string("1"), std::string("65536")});
  expect_invalid_parameter(type_argument(kU16Array, *bad).status());
  expect_invalid_parameter(type_argument(kU16Array, CimValue(std::uint16_t{1})).status());
  expect_invalid_parameter(type_argument(kU16, *given).status());
}

// Any uint64 given to a uint16 parameter is either exactly itself or refused.
RC_GTEST_PROP(ArgumentTypingProperty, IntegersAreExactOrRefused, (std::uint64_t value)) {
  const bool fits = value <= 0xFFFF;
  for (const CimValue& given : {CimValue(value), CimValue(std::to_string(value))}) {
    auto typed = type_argument(kU16, given);
    RC_ASSERT(typed.ok() == fits);
    if (fits) {
      RC_ASSERT(*typed == CimValue(static_cast<std::uint16_t>(value)));
    } else {
      RC_ASSERT(typed.status().fault().has_value());
      RC_ASSERT(typed.status().fault()->subcode == std::string("w:InvalidParameter"));
    }
  }
}

RC_GTEST_PROP(ArgumentTypingProperty, SignedTextIsExactOrRefused, (std::int64_t value)) {
  auto typed = type_argument(kS8, CimValue(std::to_string(value)));
  const bool fits = value >= -128 && value <= 127;
  RC_ASSERT(typed.ok() == fits);
  if (fits) RC_ASSERT(*typed == CimValue(static_cast<std::int8_t>(value)));
}

// --- type_arguments: names, duplicates, declaration order.

constexpr ParamSpec kMethodParams[] = {{"Collection", CimType::kReference},
                                       {"ReferencePointType", CimType::kUint16},
                                       {"Job", CimType::kReference, false, true}};
constexpr MethodSpec kMethod{"M", wmi::ReturnCodeFamily::kCim, kMethodParams};

TEST(TypeArguments, DeclarationOrderAndAbsentAreNull) {
  auto typed = type_arguments(kMethod, {{"referencepointtype", "2"}});
  ASSERT_TRUE(typed.ok()) << typed.status().to_string();
  ASSERT_EQ(typed->size(), 2u);  // in-parameters only
  EXPECT_EQ((*typed)[0].name, "Collection");
  EXPECT_TRUE((*typed)[0].value.is_null());
  EXPECT_EQ((*typed)[0].value.type(), CimType::kReference);
  EXPECT_EQ((*typed)[1].name, "ReferencePointType");
  EXPECT_EQ((*typed)[1].value, CimValue(std::uint16_t{2}));
}

TEST(TypeArguments, UnknownNameOutParameterAndDuplicateAreRefused) {
  expect_invalid_parameter(type_arguments(kMethod, {{"Bogus", "1"}}).status());
  expect_invalid_parameter(type_arguments(kMethod, {{"Job", CimValue()}}).status());
  expect_invalid_parameter(
      type_arguments(kMethod, {{"ReferencePointType", "2"}, {"REFERENCEPOINTTYPE", "2"}}).status());
}

// --- Through the host: a refused call is a fault, not a ReturnValue, and changes nothing.

class HostArgumentTyping : public ::testing::Test {
 protected:
  std::unique_ptr<Host> host = make_host();
};

TEST_F(HostArgumentTyping, BadReferencePointTypeIsAFaultAndChangesNothing) {
  const auto before = model_snapshot(*host);
  for (const CimValue& type :
       {CimValue(std::uint32_t{70000}), CimValue("70000"), CimValue("abc"), CimValue("-1"),
        CimValue(std::int64_t{-1}), CimValue(std::uint64_t{65536 + 2})}) {
    auto r = host->invoke(crp_service(), "CreateReferencePoint",
                          {{"Collection", group_path(kFinance)},
                           {"ReferencePointSettings", ""},
                           {"ReferencePointType", type}});
    expect_invalid_parameter(r.status());
  }
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
}

TEST_F(HostArgumentTyping, TextArgumentsAreTypedLikeTheWire) {
  // The CLI and WS-Man body give text: "2" is RCT, the reference is a WMI path string.
  auto r = host->invoke(crp_service(), "CreateReferencePoint",
                        {{"Collection", CimValue(path_text(group_path(kFinance)))},
                         {"ReferencePointSettings", ""},
                         {"ReferencePointType", "2"}});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->return_value, 0u);
}

TEST_F(HostArgumentTyping, UnknownAndDuplicateParameterNames) {
  const auto before = model_snapshot(*host);
  expect_invalid_parameter(host->invoke(crp_service(), "CreateReferencePoint",
                                        {{"Collection", group_path(kFinance)},
                                         {"ReferencePointType", std::uint16_t{2}},
                                         {"Colour", "blue"}})
                               .status());
  expect_invalid_parameter(host->invoke(crp_service(), "CreateReferencePoint",
                                        {{"Collection", group_path(kFinance)},
                                         {"ReferencePointType", std::uint16_t{2}},
                                         {"referencepointtype", std::uint16_t{2}}})
                               .status());
  // An out-only parameter given as input.
  expect_invalid_parameter(host->invoke(crp_service(), "CreateReferencePoint",
                                        {{"Collection", group_path(kFinance)},
                                         {"ReferencePointType", std::uint16_t{2}},
                                         {"Job", job_path("x")}})
                               .status());
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
}

TEST_F(HostArgumentTyping, UnknownMethodIsActionNotSupported) {
  auto r = host->invoke(crp_service(), "CreateReferencePoints", {});
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(r.status().fault().has_value());
  EXPECT_EQ(r.status().fault()->subcode, "a:ActionNotSupported");
}

TEST_F(HostArgumentTyping, CollectionManagementTypeIsTypedToo) {
  const auto before = model_snapshot(*host);
  expect_invalid_parameter(
      host->invoke(cm_service(), "DefineCollection", {{"Name", "g"}, {"Type", CimValue("70000")}})
          .status());
  expect_invalid_parameter(host->invoke(cm_service(), "DefineCollection",
                                        {{"Name", "g"}, {"Type", CimValue(std::uint32_t{65536})}})
                               .status());
  EXPECT_EQ(snapshot_diff(before, model_snapshot(*host)), "");
}

}  // namespace
}  // namespace sim::host
