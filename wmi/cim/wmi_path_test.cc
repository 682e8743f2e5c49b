// WMI object path strings: real-world shapes, strict errors with positions, round-trip properties.
#include "wmi/cim/wmi_path.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wmi/cim/cim_gen.h"

namespace wmi {
namespace {

constexpr std::string_view kVmGuid = "8FF5E6F3-A141-465B-83ED-3BFC0F59F7EF";

ObjectPath vm_path() {
  ObjectPath p;
  p.namespace_name = "root/virtualization/v2";
  p.class_name = "Msvm_ComputerSystem";
  p.keys = {{"CreationClassName", std::string("Msvm_ComputerSystem")},
            {"Name", std::string(kVmGuid)}};
  return p;
}

ReferenceKey reference_to(ObjectPath p) {
  return ReferenceKey{std::make_shared<const ObjectPath>(std::move(p))};
}

void expect_rejected(std::string_view text, std::string_view message_part) {
  auto parsed = parse_wmi_path(text);
  ASSERT_FALSE(parsed.ok()) << text;
  EXPECT_EQ(parsed.status().kind(), StatusKind::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find(message_part), std::string::npos)
      << text << " -> " << parsed.status().message();
}

void expect_unformattable(const ObjectPath& p, std::string_view message_part) {
  auto text = format_wmi_path(p, PathStyle::kSlash);
  ASSERT_FALSE(text.ok()) << *text;
  EXPECT_EQ(text.status().kind(), StatusKind::kInvalidArgument);
  EXPECT_NE(text.status().message().find(message_part), std::string::npos)
      << text.status().message();
}

TEST(WmiPath, ParsesHostQualifiedPathWithGuidKey) {
  const std::string text =
      "\\\\HV-01\\root\\virtualization\\v2:Msvm_ComputerSystem.CreationClassName="
      "\"Msvm_ComputerSystem\",Name=\"8FF5E6F3-A141-465B-83ED-3BFC0F59F7EF\"";
  auto parsed = parse_wmi_path(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  ObjectPath expected = vm_path();
  expected.host = "HV-01";
  EXPECT_EQ(*parsed, expected);
  EXPECT_EQ(format_wmi_path(*parsed, PathStyle::kBackslash).value(), text);
}

TEST(WmiPath, SlashFormOfEmbeddedInstancesRoundTripsExactly) {
  const std::string text =
      "root/virtualization/v2:Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\","
      "Name=\"8FF5E6F3-A141-465B-83ED-3BFC0F59F7EF\"";
  auto parsed = parse_wmi_path(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(*parsed, vm_path());
  EXPECT_EQ(format_wmi_path(vm_path(), PathStyle::kSlash).value(), text);
  EXPECT_EQ(format_wmi_path(vm_path(), PathStyle::kBackslash).value(),
            "root\\virtualization\\v2:" + text.substr(text.find(':') + 1));
}

TEST(WmiPath, ParsesJobOutParameterAndClusterNamespace) {
  auto job = parse_wmi_path(
      "\\\\HOST\\root\\HyperVCluster\\v2:Msvm_ConcreteJob.InstanceID=\"8A0B4E3F-0000\"");
  ASSERT_TRUE(job.ok()) << job.status().to_string();
  EXPECT_EQ(job->host, "HOST");
  EXPECT_EQ(job->namespace_name, "root/HyperVCluster/v2");
  EXPECT_EQ(job->class_name, "Msvm_ConcreteJob");
  ASSERT_NE(job->key("instanceid"), nullptr);
  EXPECT_EQ(std::get<std::string>(*job->key("instanceid")), "8A0B4E3F-0000");
}

TEST(WmiPath, RelativeClassAndSingletonForms) {
  auto relative = parse_wmi_path("Msvm_VirtualSystemCollection.CollectionID=\"4F1C\"");
  ASSERT_TRUE(relative.ok());
  EXPECT_EQ(relative->namespace_name, "");
  EXPECT_FALSE(relative->host.has_value());

  auto class_path = parse_wmi_path("root\\cimv2:Win32_Process");
  ASSERT_TRUE(class_path.ok());
  EXPECT_EQ(class_path->namespace_name, "root/cimv2");
  EXPECT_TRUE(class_path->keys.empty());
  EXPECT_FALSE(class_path->singleton);

  auto singleton = parse_wmi_path("//./root/hvsim:HvSim_Control=@");
  ASSERT_TRUE(singleton.ok()) << singleton.status().to_string();
  EXPECT_EQ(singleton->host, ".");
  EXPECT_TRUE(singleton->singleton);
  EXPECT_EQ(format_wmi_path(*singleton, PathStyle::kBackslash).value(),
            "\\\\.\\root\\hvsim:HvSim_Control=@");
}

TEST(WmiPath, MixedSeparatorsAreAccepted) {
  auto parsed = parse_wmi_path("\\\\H/root\\virtualization/v2:X=@");
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(parsed->namespace_name, "root/virtualization/v2");
}

TEST(WmiPath, NumbersCoverBothSixtyFourBitRanges) {
  auto parsed =
      parse_wmi_path("C.A=18446744073709551615,B=-9223372036854775808,Z=0,M=-0,L=007,N=-1");
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(*parsed->key("A"), KeyValue(std::uint64_t{18446744073709551615u}));
  EXPECT_EQ(*parsed->key("B"), KeyValue(std::numeric_limits<std::int64_t>::min()));
  EXPECT_EQ(*parsed->key("Z"), KeyValue(std::uint64_t{0}));
  EXPECT_EQ(*parsed->key("M"), KeyValue(std::uint64_t{0}));
  EXPECT_EQ(*parsed->key("L"), KeyValue(std::uint64_t{7}));
  EXPECT_EQ(*parsed->key("N"), KeyValue(std::int64_t{-1}));
  EXPECT_EQ(format_wmi_path(*parsed, PathStyle::kSlash).value(),
            "C.A=18446744073709551615,B=-9223372036854775808,Z=0,M=0,L=7,N=-1");
  expect_rejected("C.A=18446744073709551616", "above the unsigned 64-bit maximum at position 4");
  expect_rejected("C.A=-9223372036854775809", "below the signed 64-bit minimum at position 4");
  expect_rejected("C.A=-", "expected a digit after '-', found the end at position 5");
  expect_rejected("C.A=12x", "expected ',' or the end after a key value, found 'x' at position 6");
}

TEST(WmiPath, BooleansIgnoreCaseAndFormatUpperCase) {
  auto parsed = parse_wmi_path("C.A=TRUE,B=false,D=True");
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(*parsed->key("A"), KeyValue(true));
  EXPECT_EQ(*parsed->key("B"), KeyValue(false));
  EXPECT_EQ(*parsed->key("D"), KeyValue(true));
  EXPECT_EQ(format_wmi_path(*parsed, PathStyle::kSlash).value(), "C.A=TRUE,B=FALSE,D=TRUE");
  expect_rejected("C.A=yes", "expected a key value: a quoted string, a number, TRUE or FALSE");
}

TEST(WmiPath, StringEscapesAreExactlyBackslashAndQuote) {
  auto parsed = parse_wmi_path(R"(C.A="a\\b\"c",E="")");
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(std::get<std::string>(*parsed->key("A")), "a\\b\"c");
  EXPECT_EQ(std::get<std::string>(*parsed->key("E")), "");
  EXPECT_EQ(format_wmi_path(*parsed, PathStyle::kSlash).value(), R"(C.A="a\\b\"c",E="")");
  expect_rejected(R"(C.A="a\nb")", "invalid escape '\\' followed by 'n'");
  expect_rejected(R"(C.A="a\nb")", "at position 6");
  expect_rejected(R"(C.A="abc)", "quoted string is never closed; it opens at position 4");
  expect_rejected(R"(C.A="abc\)", "never closed");
  expect_rejected(R"(C.A="abc\")", "never closed");
}

TEST(WmiPath, ReportsWhatAndWhere) {
  expect_rejected("", "empty");
  expect_rejected("Win32_LogicalDisk=\"C:\"", "unnamed keys are not supported");
  expect_rejected("C.A = \"v\"", "expected '=' after the key name, found ' ' at position 3");
  expect_rejected("C.Name=\"a\",NAME=\"b\"", "duplicate key 'NAME' at position 11");
  expect_rejected("root/virtualization/v2:Msvm_X.Name=\"a\",",
                  "expected a key name ([A-Za-z_][A-Za-z0-9_]*) at position 39");
  expect_rejected("root//v2:C=@", "namespace must be segments");
  expect_rejected("\\\\\\root:C=@", "host must be 1 or more of [A-Za-z0-9._-] at position 2");
  expect_rejected("\\\\HOST:C=@", "expected '\\' or '/' after the host, found ':' at position 6");
  expect_rejected("\\\\HOST\\root", "expected ':' after the namespace, found the end");
  expect_rejected("root:9C=@", "expected a class name");
  expect_rejected("C=@x", "expected the end after '=@', found 'x' at position 3");
  expect_rejected("C;", "expected '.', '=@' or the end after the class name, found ';'");
  expect_rejected("C.A=", "expected a key value, found the end at position 4");
}

TEST(WmiPath, ReferenceKeysNestQuotedPaths) {
  const std::string text =
      "root/virtualization/v2:Msvm_AffectedJobElement.AffectedElement=\"root/virtualization/"
      "v2:Msvm_ComputerSystem.CreationClassName=\\\"Msvm_ComputerSystem\\\",Name=\\\"8FF5E6F3-"
      "A141-465B-83ED-3BFC0F59F7EF\\\"\",AffectingElement=\"root/virtualization/"
      "v2:Msvm_ConcreteJob.InstanceID=\\\"J1\\\"\"";
  auto parsed = parse_wmi_path(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  const auto* affected = std::get_if<ReferenceKey>(parsed->key("AffectedElement"));
  ASSERT_NE(affected, nullptr);
  EXPECT_EQ(*affected->path, vm_path());
  const auto* job = std::get_if<ReferenceKey>(parsed->key("AffectingElement"));
  ASSERT_NE(job, nullptr);
  EXPECT_EQ(job->path->class_name, "Msvm_ConcreteJob");
  EXPECT_EQ(format_wmi_path(*parsed, PathStyle::kSlash).value(), text);
}

TEST(WmiPath, ReferenceKeysNestTwoLevelsInBackslashStyle) {
  ObjectPath inner = vm_path();
  inner.host = "HOST";
  ObjectPath middle;
  middle.namespace_name = "root/virtualization/v2";
  middle.class_name = "Msvm_Assoc";
  middle.keys = {{"Antecedent", reference_to(inner)}, {"Count", std::uint64_t{3}}};
  ObjectPath outer;
  outer.class_name = "Msvm_Outer";
  outer.keys = {{"Ref", reference_to(middle)}};
  auto text = format_wmi_path(outer, PathStyle::kBackslash);
  ASSERT_TRUE(text.ok()) << text.status().to_string();
  // The inner host prefix \\HOST is escaped twice: 2 backslashes → 4 → 8.
  EXPECT_NE(text->find("Msvm_Outer.Ref=\"root\\\\virtualization\\\\v2:Msvm_Assoc.Antecedent=\\\""
                       "\\\\\\\\\\\\\\\\HOST\\\\\\\\root"),
            std::string::npos)
      << *text;
  auto parsed = parse_wmi_path(*text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(*parsed, outer);
}

TEST(WmiPath, QuotedTextIsAReferenceOnlyWhenItIsAQualifiedInstancePath) {
  auto parsed = parse_wmi_path(
      R"(C.Ref="root/cimv2:X=@",ClassOnly="root/cimv2:X",Relative="X.A=1",Colon="a:b",Bad="r:X.A=")");
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_TRUE(std::holds_alternative<ReferenceKey>(*parsed->key("Ref")));
  EXPECT_EQ(*parsed->key("ClassOnly"), KeyValue(std::string("root/cimv2:X")));
  EXPECT_EQ(*parsed->key("Relative"), KeyValue(std::string("X.A=1")));
  EXPECT_EQ(*parsed->key("Colon"), KeyValue(std::string("a:b")));
  EXPECT_EQ(*parsed->key("Bad"), KeyValue(std::string("r:X.A=")));
}

TEST(WmiPath, FormatRejectsPathsThatCannotReadBack) {
  ObjectPath p = vm_path();
  p.class_name = "Msvm Computer";
  expect_unformattable(p, "class name \"Msvm Computer\" is not an identifier");

  p = vm_path();
  p.namespace_name = "";
  p.host = "HOST";
  expect_unformattable(p, "a path with a host needs a namespace");

  p = vm_path();
  p.host = "bad host";
  expect_unformattable(p, "host \"bad host\"");

  p = vm_path();
  p.host = "";
  expect_unformattable(p, "host \"\"");

  p = vm_path();
  p.namespace_name = "root\\cimv2";
  expect_unformattable(p, "namespace \"root\\cimv2\"");

  p = vm_path();
  p.singleton = true;
  expect_unformattable(p, "a singleton path has no keys");

  p = vm_path();
  p.keys.push_back({"name", std::string("again")});
  expect_unformattable(p, "duplicate key 'name'");

  p = vm_path();
  p.keys.push_back({"1st", std::string("v")});
  expect_unformattable(p, "key name \"1st\" is not an identifier");

  p = vm_path();
  p.keys.push_back({"Ref", ReferenceKey{}});
  expect_unformattable(p, "reference key 'Ref' must hold a namespace-qualified instance path");

  ObjectPath relative = vm_path();
  relative.namespace_name = "";
  p = vm_path();
  p.keys.push_back({"Ref", reference_to(relative)});
  expect_unformattable(p, "reference key 'Ref'");
}

// True when some string key, at any depth, would read back as a reference (see wmi_path.h).
bool has_string_key_reading_as_reference(const ObjectPath& p) {
  for (const auto& k : p.keys) {
    if (const auto* s = std::get_if<std::string>(&k.value)) {
      auto parsed = parse_wmi_path(*s);
      if (parsed.ok() && !parsed->namespace_name.empty() &&
          (parsed->singleton || !parsed->keys.empty())) {
        return true;
      }
    } else if (const auto* r = std::get_if<ReferenceKey>(&k.value)) {
      if (has_string_key_reading_as_reference(*r->path)) return true;
    }
  }
  return false;
}

// Every generated path (hostile string keys, full numeric ranges, booleans, references two levels
// deep) reads back equal after formatting in either style.
RC_GTEST_PROP(WmiPath, FormatThenParseIsIdentity, ()) {
  const ObjectPath p = *gen::object_path(*rc::gen::inRange(0, 3));
  RC_PRE(!has_string_key_reading_as_reference(p));
  const PathStyle style = *rc::gen::element(PathStyle::kBackslash, PathStyle::kSlash);
  const auto text = format_wmi_path(p, style);
  RC_ASSERT(text.ok());
  const auto parsed = parse_wmi_path(*text);
  RC_ASSERT(parsed.ok());
  RC_ASSERT(*parsed == p);
}

// A single hostile string key survives, whatever bytes it holds.
RC_GTEST_PROP(WmiPath, HostileStringKeysSurvive, ()) {
  ObjectPath p;
  p.namespace_name = "root/virtualization/v2";
  p.class_name = "Msvm_ComputerSystem";
  p.keys = {{"Name", *gen::hostile_string()}};
  RC_PRE(!has_string_key_reading_as_reference(p));
  const auto parsed = parse_wmi_path(format_wmi_path(p, PathStyle::kSlash).value());
  RC_ASSERT(parsed.ok());
  RC_ASSERT(*parsed == p);
}

// Both styles spell the same path.
RC_GTEST_PROP(WmiPath, StylesAgree, ()) {
  const ObjectPath p = *gen::object_path();
  const auto slash = parse_wmi_path(format_wmi_path(p, PathStyle::kSlash).value());
  const auto backslash = parse_wmi_path(format_wmi_path(p, PathStyle::kBackslash).value());
  RC_ASSERT(slash.ok());
  RC_ASSERT(backslash.ok());
  RC_ASSERT(*slash == *backslash);
}

// A mutated or truncated path is rejected with a positioned kInvalidArgument, or (when the
// mutation happens to yield another valid path) reads back as a path that round-trips itself.
RC_GTEST_PROP(WmiPath, MalformedInputIsRejectedOrConsistent, ()) {
  const ObjectPath p = *gen::object_path(*rc::gen::inRange(0, 3));
  const PathStyle style = *rc::gen::element(PathStyle::kBackslash, PathStyle::kSlash);
  const std::string text = *gen::mutation_of(format_wmi_path(p, style).value());
  const auto parsed = parse_wmi_path(text);
  RC_CLASSIFY(parsed.ok(), "still valid");
  if (!parsed.ok()) {
    RC_ASSERT(parsed.status().kind() == StatusKind::kInvalidArgument);
    RC_ASSERT(parsed.status().message().find("WMI path") != std::string::npos);
    RC_ASSERT(parsed.status().message().find("position") != std::string::npos || text.empty());
    return;
  }
  const auto again = format_wmi_path(*parsed, style);
  RC_ASSERT(again.ok());
  RC_ASSERT(parse_wmi_path(*again).value() == *parsed);
}

// Arbitrary text never crashes the parser.
RC_GTEST_PROP(WmiPath, ArbitraryTextNeverCrashes, ()) {
  const std::string text =
      *rc::gen::oneOf(gen::hostile_string(), rc::gen::arbitrary<std::string>());
  const auto parsed = parse_wmi_path(text);
  RC_ASSERT(parsed.ok() || parsed.status().kind() == StatusKind::kInvalidArgument);
}

}  // namespace
}  // namespace wmi
