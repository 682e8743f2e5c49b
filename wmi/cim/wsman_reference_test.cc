// WS-Man reference fields: the wire examples, URI validation, selector text rules, round trips.
#include "wmi/cim/wsman_reference.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wmi/cim/cim_gen.h"

namespace wmi {
namespace {

const std::string kV2 = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/";
const std::string kCluster = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/HyperVCluster/v2/";

ReferenceKey reference_to(ObjectPath p) {
  return ReferenceKey{std::make_shared<const ObjectPath>(std::move(p))};
}

SelectorReference nested(WsmanReference r) {
  return SelectorReference{std::make_shared<const WsmanReference>(std::move(r))};
}

void expect_error(const Status& status, std::string_view message_part) {
  EXPECT_EQ(status.kind(), StatusKind::kInvalidArgument);
  EXPECT_NE(status.message().find(message_part), std::string::npos) << status.message();
}

// The REF parameter of the real winrm.exe RealizePlannedSystem capture (reference/wsman.md).
TEST(WsmanReference, PlannedSystemReferenceFromRealCapture) {
  const WsmanReference wire{kV2 + "Msvm_PlannedComputerSystem",
                            {{"CreationClassName", std::string("Msvm_PlannedComputerSystem")},
                             {"Name", std::string("8FF5E6F3-A141-465B-83ED-3BFC0F59F7EF")}}};
  auto path = from_wsman_reference(wire);
  ASSERT_TRUE(path.ok()) << path.status().to_string();
  EXPECT_EQ(path->namespace_name, "root/virtualization/v2");
  EXPECT_EQ(path->class_name, "Msvm_PlannedComputerSystem");
  ASSERT_EQ(path->keys.size(), 2u);
  EXPECT_EQ(path->keys[0].name, "CreationClassName");
  EXPECT_EQ(path->keys[1].value, KeyValue(std::string("8FF5E6F3-A141-465B-83ED-3BFC0F59F7EF")));
  EXPECT_FALSE(path->singleton);
  EXPECT_FALSE(path->host.has_value());
  EXPECT_EQ(to_wsman_reference(*path).value(), wire);
}

// The header selector set of a Hyper-V singleton service: CreationClassName alone.
TEST(WsmanReference, ServiceTargetWithPartialSelectors) {
  ObjectPath service;
  service.host = "hv01";
  service.namespace_name = "root/HyperVCluster/v2";
  service.class_name = "Msvm_CollectionReferencePointService";
  service.keys = {{"CreationClassName", std::string("Msvm_CollectionReferencePointService")}};
  auto wire = to_wsman_reference(service);
  ASSERT_TRUE(wire.ok()) << wire.status().to_string();
  EXPECT_EQ(wire->resource_uri, kCluster + "Msvm_CollectionReferencePointService");
  ASSERT_EQ(wire->selectors.size(), 1u);
  EXPECT_EQ(wire->selectors[0].value, (std::variant<std::string, SelectorReference>(
                                          std::string("Msvm_CollectionReferencePointService"))));
}

TEST(WsmanReference, NumbersAndBooleansBecomeTextAndStayText) {
  ObjectPath p;
  p.namespace_name = "root/virtualization/v2";
  p.class_name = "Msvm_X";
  p.keys = {{"U", std::uint64_t{18446744073709551615u}},
            {"S", std::int64_t{-7}},
            {"T", true},
            {"F", false}};
  auto wire = to_wsman_reference(p);
  ASSERT_TRUE(wire.ok());
  EXPECT_EQ(std::get<std::string>(wire->selectors[0].value), "18446744073709551615");
  EXPECT_EQ(std::get<std::string>(wire->selectors[1].value), "-7");
  EXPECT_EQ(std::get<std::string>(wire->selectors[2].value), "true");
  EXPECT_EQ(std::get<std::string>(wire->selectors[3].value), "false");
  auto back = from_wsman_reference(*wire);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back->key("U"), KeyValue(std::string("18446744073709551615")));
  EXPECT_EQ(*back->key("T"), KeyValue(std::string("true")));
}

TEST(WsmanReference, ReferenceKeysBecomeNestedReferences) {
  ObjectPath vm;
  vm.host = "HOST";
  vm.namespace_name = "root/virtualization/v2";
  vm.class_name = "Msvm_ComputerSystem";
  vm.keys = {{"Name", std::string("VM-GUID")}};
  ObjectPath assoc;
  assoc.namespace_name = "root/virtualization/v2";
  assoc.class_name = "Msvm_AffectedJobElement";
  assoc.keys = {{"AffectedElement", reference_to(vm)}};
  auto wire = to_wsman_reference(assoc);
  ASSERT_TRUE(wire.ok()) << wire.status().to_string();
  const auto& inner = std::get<SelectorReference>(wire->selectors[0].value);
  EXPECT_EQ(*inner.reference,
            (WsmanReference{kV2 + "Msvm_ComputerSystem", {{"Name", std::string("VM-GUID")}}}));
  auto back = from_wsman_reference(*wire);
  ASSERT_TRUE(back.ok());
  vm.host.reset();
  assoc.keys[0].value = reference_to(vm);
  EXPECT_EQ(*back, assoc);
}

TEST(WsmanReference, NoSelectorsNamesTheSingleton) {
  auto path = from_wsman_reference(WsmanReference{kV2 + "Msvm_Singleton", {}});
  ASSERT_TRUE(path.ok());
  EXPECT_TRUE(path->singleton);
  ObjectPath singleton = *path;
  EXPECT_EQ(to_wsman_reference(singleton).value().selectors.size(), 0u);
}

TEST(WsmanReference, ResourceUrisForBothHyperVNamespacesAndTheWildcard) {
  EXPECT_EQ(parse_wmi_resource_uri(kV2 + "Msvm_ConcreteJob").value(),
            (WmiResource{"root/virtualization/v2", "Msvm_ConcreteJob"}));
  EXPECT_EQ(parse_wmi_resource_uri(kCluster + "Msvm_CollectionRecoveryPoint").value(),
            (WmiResource{"root/HyperVCluster/v2", "Msvm_CollectionRecoveryPoint"}));
  EXPECT_EQ(parse_wmi_resource_uri(kV2 + "*").value(), (WmiResource{"root/virtualization/v2", ""}));
  EXPECT_EQ(format_wmi_resource_uri({"root/virtualization/v2", ""}).value(), kV2 + "*");
  EXPECT_EQ(format_wmi_resource_uri({"root/cimv2", "Win32_Service"}).value(),
            "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/Win32_Service");
}

TEST(WsmanReference, RejectsBadResourceUris) {
  expect_error(parse_wmi_resource_uri("http://schemas.dmtf.org/wbem/wscim/1/*").status(),
               "does not start with \"http://schemas.microsoft.com/wbem/wsman/1/wmi/\"");
  expect_error(
      parse_wmi_resource_uri("HTTP://schemas.microsoft.com/wbem/wsman/1/wmi/root/C").status(),
      "does not start with");
  expect_error(parse_wmi_resource_uri(kV2).status(), "has no class");
  expect_error(parse_wmi_resource_uri(std::string(kWmiResourceUriPrefix) + "Msvm_X").status(),
               "has no namespace");
  expect_error(parse_wmi_resource_uri(std::string(kWmiResourceUriPrefix) + "root//v2/X").status(),
               "namespace \"root//v2\"");
  expect_error(parse_wmi_resource_uri(std::string(kWmiResourceUriPrefix) + "/X").status(),
               "namespace \"\"");
  expect_error(parse_wmi_resource_uri(kV2 + "Msvm X").status(), "class \"Msvm X\"");
  expect_error(format_wmi_resource_uri({"root\\cimv2", "X"}).status(), "namespace \"root\\cimv2\"");
  expect_error(format_wmi_resource_uri({"root/cimv2", "*"}).status(), "class name \"*\"");
}

TEST(WsmanReference, FromRejectsMalformedFields) {
  expect_error(from_wsman_reference({kV2 + "*", {}}).status(), "namespace wildcard");
  expect_error(from_wsman_reference({"urn:x", {}}).status(), "does not start with");
  expect_error(
      from_wsman_reference({kV2 + "X", {{"Name", std::string("a")}, {"NAME", std::string("b")}}})
          .status(),
      "duplicate selector 'NAME' (selector 1)");
  expect_error(from_wsman_reference({kV2 + "X", {{"", std::string("a")}}}).status(),
               "selector 0 name \"\" is not an identifier");
  expect_error(from_wsman_reference({kV2 + "X", {{"Ref", SelectorReference{}}}}).status(),
               "selector 'Ref' holds a null reference");
  expect_error(from_wsman_reference({kV2 + "X", {{"Ref", nested({kV2 + "*", {}})}}}).status(),
               "namespace wildcard");
}

TEST(WsmanReference, NestingIsBounded) {
  WsmanReference chain{kV2 + "Leaf", {}};
  for (int i = 0; i < kMaxReferenceDepth; ++i) {
    chain = WsmanReference{kV2 + "Node", {{"Next", nested(chain)}}};
  }
  EXPECT_TRUE(from_wsman_reference(chain).ok());
  chain = WsmanReference{kV2 + "Node", {{"Next", nested(chain)}}};
  expect_error(from_wsman_reference(chain).status(), "nest deeper than 32 levels");
}

TEST(WsmanReference, ToRejectsPathsWithoutAResourceUri) {
  ObjectPath p;
  p.class_name = "Msvm_X";
  expect_error(to_wsman_reference(p).status(), "path to class 'Msvm_X' has no namespace");
  p.namespace_name = "root/virtualization/v2";
  p.keys = {{"A", std::string("1")}, {"a", std::string("2")}};
  expect_error(to_wsman_reference(p).status(), "duplicate key 'a'");
  p.keys = {{"A=B", std::string("1")}};
  expect_error(to_wsman_reference(p).status(), "key name \"A=B\" is not an identifier");
  p.keys = {{"Ref", ReferenceKey{}}};
  expect_error(to_wsman_reference(p).status(), "reference key 'Ref' is null");
  ObjectPath relative;
  relative.class_name = "Msvm_Y";
  p.keys = {{"Ref", reference_to(relative)}};
  expect_error(to_wsman_reference(p).status(), "path to class 'Msvm_Y' has no namespace");
}

// p as the fields carry it (wsman_reference.h "Round trip").
ObjectPath as_carried(const ObjectPath& p) {
  ObjectPath out = p;
  out.host.reset();
  for (auto& key : out.keys) {
    if (const auto* u = std::get_if<std::uint64_t>(&key.value)) {
      key.value = std::to_string(*u);
    } else if (const auto* n = std::get_if<std::int64_t>(&key.value)) {
      key.value = std::to_string(*n);
    } else if (const auto* b = std::get_if<bool>(&key.value)) {
      key.value = std::string(*b ? "true" : "false");
    } else if (const auto* r = std::get_if<ReferenceKey>(&key.value)) {
      key.value = reference_to(as_carried(*r->path));
    }
  }
  out.singleton = out.keys.empty();
  return out;
}

// ObjectPath → fields → ObjectPath keeps everything the fields carry (hostile strings, full
// numeric ranges as text, nested references), and fields → ObjectPath → fields is exact.
RC_GTEST_PROP(WsmanReference, RoundTripKeepsWhatTheFieldsCarry, ()) {
  const ObjectPath p = *gen::object_path(*rc::gen::inRange(0, 3));
  const auto wire = to_wsman_reference(p);
  RC_ASSERT(wire.ok());
  const auto back = from_wsman_reference(*wire);
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == as_carried(p));
  RC_ASSERT(to_wsman_reference(*back).value() == *wire);
}

// Paths with only string and reference keys, no host, survive exactly.
RC_GTEST_PROP(WsmanReference, TextOnlyPathsRoundTripExactly, ()) {
  const ObjectPath p = as_carried(*gen::object_path(*rc::gen::inRange(0, 3)));
  RC_ASSERT(from_wsman_reference(to_wsman_reference(p).value()).value() == p);
}

RC_GTEST_PROP(WsmanReference, ResourceUriRoundTrip, ()) {
  const WmiResource resource{
      *rc::gen::element<std::string>("root/virtualization/v2", "root/HyperVCluster/v2",
                                     "root/cimv2", "root", "root/hvsim"),
      *rc::gen::oneOf(gen::identifier(), rc::gen::just(std::string()))};
  const auto uri = format_wmi_resource_uri(resource);
  RC_ASSERT(uri.ok());
  RC_ASSERT(parse_wmi_resource_uri(*uri).value() == resource);
}

// Mutated or truncated ResourceURIs are rejected with kInvalidArgument or parse to a resource that
// formats back to the same URI; never a crash.
RC_GTEST_PROP(WsmanReference, MalformedResourceUriIsRejectedOrExact, ()) {
  const auto p = *gen::object_path(0);
  const std::string uri = *gen::mutation_of(to_wsman_reference(p).value().resource_uri);
  const auto parsed = parse_wmi_resource_uri(uri);
  RC_CLASSIFY(parsed.ok(), "still valid");
  if (!parsed.ok()) {
    RC_ASSERT(parsed.status().kind() == StatusKind::kInvalidArgument);
    return;
  }
  RC_ASSERT(format_wmi_resource_uri(*parsed).value() == uri);
}

// Fields with hostile names and URIs convert or fail with kInvalidArgument; never a crash.
RC_GTEST_PROP(WsmanReference, HostileFieldsNeverCrash, ()) {
  WsmanReference wire{*rc::gen::oneOf(gen::hostile_string(),
                                      rc::gen::map(gen::hostile_string(),
                                                   [](const std::string& s) { return kV2 + s; })),
                      {}};
  const auto count = *rc::gen::inRange(0, 4);
  for (int i = 0; i < count; ++i) {
    wire.selectors.push_back(Selector{*rc::gen::oneOf(gen::identifier(), gen::hostile_string()),
                                      *gen::hostile_string()});
  }
  const auto path = from_wsman_reference(wire);
  RC_ASSERT(path.ok() || path.status().kind() == StatusKind::kInvalidArgument);
  if (path.ok()) RC_ASSERT(to_wsman_reference(*path).value() == wire);
}

}  // namespace
}  // namespace wmi
