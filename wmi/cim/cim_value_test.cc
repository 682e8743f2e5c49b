#include "wmi/cim/cim_value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "wmi/cim/instance.h"

namespace wmi {
namespace {

TEST(CimValue, ScalarKeepsItsDeclaredType) {
  CimValue v(std::uint16_t{5});
  EXPECT_EQ(v.type(), CimType::kUint16);
  EXPECT_FALSE(v.is_array());
  EXPECT_EQ(v.as_uint(), 5u);
  EXPECT_EQ(v.as_sint(), std::nullopt);
  EXPECT_NE(v, CimValue(std::uint32_t{5}));
}

TEST(CimValue, NullRemembersTypeAndShape) {
  CimValue v = CimValue::null(CimType::kReference, true);
  EXPECT_TRUE(v.is_null());
  EXPECT_TRUE(v.is_array());
  EXPECT_EQ(v.type(), CimType::kReference);
  EXPECT_NE(v, CimValue::null(CimType::kReference, false));
  EXPECT_EQ(v.as_reference(), nullptr);
}

TEST(CimValue, ArrayRejectsMixedElementTypes) {
  auto bad = CimValue::array(CimType::kUint16, {std::uint16_t{1}, std::uint32_t{2}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().kind(), StatusKind::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("element 1 is uint32"), std::string::npos);
  auto good = CimValue::array(CimType::kUint16, {std::uint16_t{1}, std::uint16_t{2}});
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good->elements().size(), 2u);
}

TEST(CimValue, RealsCompareByBitPattern) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(CimValue(nan), CimValue(nan));
  EXPECT_NE(CimValue(0.0), CimValue(-0.0));
}

TEST(CimValue, EmbeddedInstancesCompareByContent) {
  auto a =
      std::make_shared<Instance>("Msvm_X", "", PropertyList{{"ConsistencyLevel", std::uint8_t{1}}});
  auto b = std::make_shared<Instance>(*a);
  EXPECT_EQ(CimValue(EmbeddedInstance{a}), CimValue(EmbeddedInstance{b}));
  ASSERT_NE(CimValue(EmbeddedInstance{a}).as_instance(), nullptr);
  b->set("ConsistencyLevel", std::uint8_t{2});
  EXPECT_NE(CimValue(EmbeddedInstance{a}), CimValue(EmbeddedInstance{b}));
}

TEST(Instance, SetReplacesCaseInsensitivelyInPlace) {
  Instance i("Msvm_ComputerSystem", "root/virtualization/v2",
             {{"Name", "a"}, {"ElementName", "vm"}});
  i.set("name", "b");
  ASSERT_EQ(i.properties().size(), 2u);
  EXPECT_EQ(i.properties()[0].name, "Name");
  EXPECT_EQ(*i.find("NAME")->as_string(), "b");
  i.set("EnabledState", std::uint16_t{2});
  EXPECT_EQ(i.properties().back().name, "EnabledState");
}

TEST(ObjectPath, SameInstanceIgnoresCaseOrderAndHost) {
  ObjectPath a{
      "HOST",
      "root/virtualization/v2",
      "Msvm_ComputerSystem",
      {{"CreationClassName", std::string("Msvm_ComputerSystem")}, {"Name", std::string("G")}}};
  ObjectPath b{
      std::nullopt,
      "ROOT/Virtualization/v2",
      "msvm_computersystem",
      {{"name", std::string("G")}, {"creationclassname", std::string("Msvm_ComputerSystem")}}};
  EXPECT_TRUE(same_instance(a, b));
  EXPECT_NE(a, b);
  b.keys[0].value = std::string("g");
  EXPECT_FALSE(same_instance(a, b));
  EXPECT_EQ(normalize_namespace("root\\HyperVCluster\\v2"), "root/HyperVCluster/v2");
}

}  // namespace
}  // namespace wmi
