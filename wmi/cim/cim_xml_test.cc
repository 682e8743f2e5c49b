#include "wmi/cim/cim_xml.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace wmi {
namespace {

Instance parsed(std::string_view text) {
  auto result = parse_cim_xml(text);
  EXPECT_TRUE(result.ok()) << result.status().to_string();
  if (!result.ok() || !result->has_value()) return Instance();
  return **result;
}

Status parse_failure(std::string_view text) {
  auto result = parse_cim_xml(text);
  EXPECT_FALSE(result.ok()) << "accepted: " << text;
  return result.status();
}

Status emit_failure(const Instance& instance) {
  auto result = to_cim_xml(instance);
  EXPECT_FALSE(result.ok()) << "emitted: " << (result.ok() ? *result : "");
  return result.status();
}

Instance round_tripped(const Instance& instance) {
  auto text = to_cim_xml(instance);
  EXPECT_TRUE(text.ok()) << text.status().to_string();
  return text.ok() ? parsed(*text) : Instance();
}

Instance with(const char* name, CimValue value) {
  return Instance("C", "", {Property{name, std::move(value)}});
}

constexpr const char* kSpecSettings =
    "<INSTANCE CLASSNAME=\"Msvm_CollectionReferencePointSettingData\"><PROPERTY "
    "NAME=\"ConsistencyLevel\" TYPE=\"uint8\"><VALUE>1</VALUE></PROPERTY></INSTANCE>";

TEST(CimXml, SpecSettingsExampleParsesAndEmitsByteForByte) {
  const Instance expected("Msvm_CollectionReferencePointSettingData", "",
                          {Property{"ConsistencyLevel", CimValue(std::uint8_t{1})}});
  EXPECT_EQ(parsed(kSpecSettings), expected);
  EXPECT_EQ(to_cim_xml(expected).value(), kSpecSettings);
}

TEST(CimXml, EmptyTextIsNoneAndCdataIsUnwrapped) {
  for (const char* none : {"", " \r\n\t", "<![CDATA[]]>", "<![CDATA[  ]]>"}) {
    auto result = parse_cim_xml(none);
    ASSERT_TRUE(result.ok()) << none << ": " << result.status().to_string();
    EXPECT_FALSE(result->has_value());
  }
  const Instance expected = parsed(kSpecSettings);
  EXPECT_EQ(parsed(std::string("\n<![CDATA[") + kSpecSettings + "]]>\n"), expected);
  // A writer splits "]]>" inside the payload across two sections.
  const Instance tricky = with("S", CimValue("a]]>b"));
  std::string text = to_cim_xml(tricky).value();
  ASSERT_EQ(text.find("]]>"), std::string::npos);
  EXPECT_EQ(parsed("<![CDATA[" + text.substr(0, 10) + "]]><![CDATA[" + text.substr(10) + "]]>"),
            tricky);
  EXPECT_NE(parse_failure(std::string("<![CDATA[") + kSpecSettings + "]]>x")
                .message()
                .find("text after a CDATA section"),
            std::string::npos);
}

TEST(CimXml, GetErrorExMsvmErrorAsHyperVWritesIt) {
  const char* text = R"(<?xml version="1.0" encoding="utf-16"?>
<INSTANCE CLASSNAME="Msvm_Error">
  <PROPERTY NAME="CIMStatusCode" TYPE="uint32"><VALUE>1</VALUE></PROPERTY>
  <PROPERTY NAME="ErrorSource" TYPE="string" CLASSORIGIN="CIM_Error"><VALUE>root\virtualization\v2:Msvm_ComputerSystem.CreationClassName="Msvm_ComputerSystem",Name="5C2F4E71-0B43-4B2E-A0B5-76E0C7F1F1A1"</VALUE></PROPERTY>
  <PROPERTY NAME="ErrorSourceFormat" TYPE="uint16"><VALUE>0</VALUE></PROPERTY>
  <PROPERTY NAME="ErrorType" TYPE="uint16"/>
  <PROPERTY NAME="Message" TYPE="string"><VALUE>'vm1' failed to create reference point: The operation &amp; its &lt;job&gt; failed. (Virtual machine ID 5C2F4E71)</VALUE></PROPERTY>
  <PROPERTY.ARRAY NAME="MessageArguments" TYPE="string"><VALUE.ARRAY><VALUE>vm1</VALUE><VALUE>5C2F4E71</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>
  <PROPERTY NAME="MessageID" TYPE="string"><VALUE>32768</VALUE></PROPERTY>
  <PROPERTY NAME="PerceivedSeverity" TYPE="uint16"><VALUE>3</VALUE></PROPERTY>
  <PROPERTY.ARRAY NAME="RecommendedActions" TYPE="string"></PROPERTY.ARRAY>
</INSTANCE>
)";
  const Instance e = parsed(text);
  EXPECT_EQ(e.class_name(), "Msvm_Error");
  ASSERT_EQ(e.properties().size(), 9u);
  EXPECT_EQ(*e.find("CIMStatusCode"), CimValue(std::uint32_t{1}));
  EXPECT_EQ(*e.find("ErrorType"), CimValue::null(CimType::kUint16));
  EXPECT_EQ(*e.find("message")->as_string(),
            "'vm1' failed to create reference point: The operation & its <job> failed. (Virtual "
            "machine ID 5C2F4E71)");
  EXPECT_EQ(
      *e.find("MessageArguments"),
      CimValue::array(CimType::kString, {std::string("vm1"), std::string("5C2F4E71")}).value());
  EXPECT_EQ(*e.find("PerceivedSeverity"), CimValue(std::uint16_t{3}));
  EXPECT_EQ(*e.find("RecommendedActions"), CimValue::null(CimType::kString, true));
  EXPECT_EQ(round_tripped(e), e);
}

TEST(CimXml, DeclaredTypesSurvive) {
  const Instance i(
      "C", "",
      {Property{"U16", CimValue(std::uint16_t{65535})}, Property{"S8", CimValue(std::int8_t{-128})},
       Property{"U64", CimValue(std::numeric_limits<std::uint64_t>::max())},
       Property{"R32", CimValue(0.1f)}, Property{"R64", CimValue(0.1)},
       Property{"Tiny", CimValue(std::numeric_limits<float>::denorm_min())},
       Property{"NegZero", CimValue(-0.0)}, Property{"Ch", CimValue(u'\x20ac')},
       Property{"B", CimValue(true)},
       Property{"Dt", CimValue(Datetime(Interval{Microseconds(300'000'000)}))},
       Property{"Empty", CimValue::array(CimType::kUint8, {}).value()},
       Property{"EmptyString", CimValue("")}});
  const Instance back = round_tripped(i);
  EXPECT_EQ(back, i);
  EXPECT_EQ(back.find("U16")->type(), CimType::kUint16);
  EXPECT_EQ(back.find("R32")->type(), CimType::kReal32);
  const std::string text = to_cim_xml(i).value();
  EXPECT_NE(text.find("TYPE=\"real32\"><VALUE>0.1</VALUE>"), std::string::npos) << text;
  EXPECT_NE(text.find("<VALUE>00000000000500.000000:000</VALUE>"), std::string::npos) << text;
  EXPECT_NE(text.find("<VALUE.ARRAY/>"), std::string::npos) << text;
}

TEST(CimXml, RealSpecialsUseXmlSchemaSpellings) {
  const Instance i("C", "",
                   {Property{"N", CimValue(std::numeric_limits<double>::quiet_NaN())},
                    Property{"P", CimValue(std::numeric_limits<float>::infinity())},
                    Property{"M", CimValue(-std::numeric_limits<double>::infinity())}});
  const std::string text = to_cim_xml(i).value();
  EXPECT_NE(text.find("<VALUE>NaN</VALUE>"), std::string::npos);
  EXPECT_NE(text.find("<VALUE>INF</VALUE>"), std::string::npos);
  EXPECT_NE(text.find("<VALUE>-INF</VALUE>"), std::string::npos);
  EXPECT_EQ(parsed(text), i);
  const Instance lower = parsed(
      "<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"N\" TYPE=\"real64\"><VALUE>nan</VALUE>"
      "</PROPERTY><PROPERTY NAME=\"I\" TYPE=\"real32\"><VALUE> -Infinity </VALUE></PROPERTY>"
      "</INSTANCE>");
  EXPECT_TRUE(std::isnan(std::get<double>(lower.find("N")->scalar())));
  EXPECT_EQ(*lower.find("I"), CimValue(-std::numeric_limits<float>::infinity()));
}

TEST(CimXml, TextSurvivesXmlNormalisation) {
  const std::string hostile = "a&b<c>d\"e'f]]>g\r\nh\ri\tj\nk \xc3\xa9\xf0\x9f\x98\x80 ";
  const Instance i("C", "", {Property{"S", CimValue(hostile)}, Property{"Spaces", CimValue("  ")}});
  const std::string text = to_cim_xml(i).value();
  EXPECT_NE(text.find("&amp;b&lt;c&gt;d\"e'f]]&gt;g&#13;\nh&#13;i\tj\nk"), std::string::npos)
      << text;
  EXPECT_EQ(parsed(text), i);
}

TEST(CimXml, EmbeddedInstancesNestAsEscapedText) {
  const Instance inner("Msvm_VirtualMachineToDisks", "",
                       {Property{"VirtualMachineId", CimValue("<&>")}});
  const auto shared = std::make_shared<const Instance>(inner);
  const Instance outer(
      "Msvm_CollectionReferencePointExportSettingData", "",
      {Property{"One", CimValue(EmbeddedInstance{shared})},
       Property{"Many", CimValue::array(CimType::kInstance,
                                        {EmbeddedInstance{shared}, EmbeddedInstance{shared}})
                            .value()},
       Property{"None", CimValue::null(CimType::kInstance)}});
  const std::string text = to_cim_xml(outer).value();
  EXPECT_NE(text.find("<PROPERTY NAME=\"One\" TYPE=\"string\" EmbeddedObject=\"instance\">"
                      "<VALUE>&lt;INSTANCE CLASSNAME=\"Msvm_VirtualMachineToDisks\"&gt;"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("&amp;lt;&amp;amp;&amp;gt;"), std::string::npos) << text;
  EXPECT_EQ(parsed(text), outer);
  EXPECT_EQ(*parsed("<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"E\" TYPE=\"string\" "
                    "EMBEDDEDOBJECT=\"object\"><VALUE>&lt;INSTANCE CLASSNAME=\"D\"/&gt;</VALUE>"
                    "</PROPERTY></INSTANCE>")
                 .find("E")
                 ->as_instance(),
            Instance("D", ""));
}

ObjectPath vm_path() {
  ObjectPath p;
  p.namespace_name = "root/virtualization/v2";
  p.class_name = "Msvm_ComputerSystem";
  p.keys = {KeyBinding{"CreationClassName", std::string("Msvm_ComputerSystem")},
            KeyBinding{"Name", std::string("5C2F4E71-0B43-4B2E-A0B5-76E0C7F1F1A1")}};
  return p;
}

TEST(CimXml, ReferencesUseStructuredDsp0201Paths) {
  ObjectPath remote = vm_path();
  remote.host = "HV-01";
  ObjectPath relative;
  relative.class_name = "Msvm_Thing";
  relative.keys = {KeyBinding{"N", std::int64_t{0}}, KeyBinding{"B", true},
                   KeyBinding{"U", std::uint64_t{0}},
                   KeyBinding{"R", ReferenceKey{std::make_shared<const ObjectPath>(remote)}}};
  ObjectPath singleton;
  singleton.namespace_name = "root/virtualization/v2";
  singleton.class_name = "Msvm_Service";
  singleton.singleton = true;
  ObjectPath class_path = singleton;
  class_path.singleton = false;
  ObjectPath unnamed;
  unnamed.class_name = "Win32_Thing";
  unnamed.keys = {KeyBinding{"", std::string("v")}};
  const Instance i(
      "C", "",
      {Property{"Local", CimValue(vm_path())}, Property{"Remote", CimValue(remote)},
       Property{"Relative", CimValue(relative)}, Property{"Singleton", CimValue(singleton)},
       Property{"Class", CimValue(class_path)}, Property{"Unnamed", CimValue(unnamed)},
       Property{"Null", CimValue::null(CimType::kReference)},
       Property{"Array", CimValue::array(CimType::kReference, {vm_path(), remote}).value()}});
  const std::string text = to_cim_xml(i).value();
  EXPECT_NE(text.find("<PROPERTY.REFERENCE NAME=\"Local\"><VALUE.REFERENCE><LOCALINSTANCEPATH>"
                      "<LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/><NAMESPACE "
                      "NAME=\"virtualization\"/><NAMESPACE NAME=\"v2\"/></LOCALNAMESPACEPATH>"
                      "<INSTANCENAME CLASSNAME=\"Msvm_ComputerSystem\"><KEYBINDING "
                      "NAME=\"CreationClassName\"><KEYVALUE VALUETYPE=\"string\">"
                      "Msvm_ComputerSystem</KEYVALUE></KEYBINDING>"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("<INSTANCEPATH><NAMESPACEPATH><HOST>HV-01</HOST>"), std::string::npos);
  EXPECT_NE(text.find("<KEYVALUE VALUETYPE=\"numeric\" TYPE=\"sint64\">0</KEYVALUE>"),
            std::string::npos);
  EXPECT_NE(text.find("<LOCALCLASSPATH>"), std::string::npos);
  EXPECT_NE(text.find("<PROPERTY.REFERENCE NAME=\"Null\"/>"), std::string::npos);
  EXPECT_NE(text.find("<VALUE.REFARRAY>"), std::string::npos);
  EXPECT_EQ(parsed(text), i);
}

TEST(CimXml, ReferencesAlsoReadAsWmiPathText) {
  const Instance i = parsed(
      "<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"R\" TYPE=\"reference\"><VALUE>"
      "root/virtualization/v2:Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\","
      "Name=\"5C2F4E71-0B43-4B2E-A0B5-76E0C7F1F1A1\"</VALUE></PROPERTY>"
      "<PROPERTY.ARRAY NAME=\"A\" TYPE=\"reference\"><VALUE.ARRAY><VALUE>root/virtualization/v2:"
      "Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\",Name=\"5C2F4E71-0B43-4B2E-"
      "A0B5-76E0C7F1F1A1\"</VALUE></VALUE.ARRAY></PROPERTY.ARRAY></INSTANCE>");
  EXPECT_EQ(*i.find("R"), CimValue(vm_path()));
  EXPECT_EQ(*i.find("A"), CimValue::array(CimType::kReference, {vm_path()}).value());
}

TEST(CimXml, EmitRefusesWhatXmlCannotCarry) {
  struct Case {
    CimValue value;
    const char* message;
  };
  const Case cases[] = {
      {CimValue("a\x01z"), "character U+0001 at byte 1 cannot be carried by XML 1.0"},
      {CimValue(std::string("nul\0", 4)), "U+0000"},
      {CimValue("\xef\xbf\xbe"), "U+FFFE"},
      {CimValue("\xc3"), "invalid UTF-8 at byte 0"},
      {CimValue("\xed\xa0\x80"), "invalid UTF-8"},  // an encoded surrogate
      {CimValue(u'\xd800'), "char16 U+D800 is a lone surrogate"},
      {CimValue(u'\x1b'), "char16 U+001B cannot be carried"},
      {CimValue(u'\xffff'), "U+FFFF"},
  };
  for (const Case& c : cases) {
    const Status s = emit_failure(with("P", c.value));
    EXPECT_EQ(s.kind(), StatusKind::kInvalidArgument);
    EXPECT_NE(s.message().find(c.message), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("property \"P\""), std::string::npos) << s.message();
  }
  EXPECT_NE(emit_failure(Instance("C", "",
                                  {Property{"A", CimValue(std::uint8_t{1})},
                                   Property{"a", CimValue(std::uint8_t{2})}}))
                .message()
                .find("duplicate property name"),
            std::string::npos);
  EXPECT_NE(emit_failure(Instance("", "")).message().find("empty class name"), std::string::npos);
  ObjectPath bad = vm_path();
  bad.singleton = true;
  EXPECT_NE(emit_failure(with("R", CimValue(bad))).message().find("singleton and has keys"),
            std::string::npos);
  ObjectPath trailing_slash = vm_path();
  trailing_slash.namespace_name = "root/";
  EXPECT_NE(emit_failure(with("R", CimValue(trailing_slash))).message().find("empty component"),
            std::string::npos);
}

TEST(CimXml, MalformedDocumentsAreClearErrors) {
  struct Case {
    std::string text;
    const char* message;
  };
  const std::string billion_laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
      "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
      "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
      "<INSTANCE CLASSNAME=\"&lol3;\"/>";
  std::string deep = "<INSTANCE CLASSNAME=\"C\">";
  for (int i = 0; i < 10000; ++i) deep += "<PROPERTY>";
  const Case cases[] = {
      {"<!DOCTYPE INSTANCE><INSTANCE CLASSNAME=\"C\"/>", "DOCTYPE is not allowed"},
      {"<!DOCTYPE INSTANCE [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
       "<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"string\"><VALUE>&xxe;</VALUE>"
       "</PROPERTY></INSTANCE>",
       "DOCTYPE is not allowed"},
      {"<!DOCTYPE INSTANCE SYSTEM \"http://127.0.0.1:1/x.dtd\"><INSTANCE CLASSNAME=\"C\"/>",
       "DOCTYPE is not allowed"},
      {billion_laughs, "DOCTYPE is not allowed"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"string\"><VALUE>&undefined;"
       "</VALUE></PROPERTY></INSTANCE>",
       "not well-formed XML"},
      {deep, "not well-formed XML"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"uint128\"/></INSTANCE>",
       "unknown TYPE \"uint128\""},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"instance\"/></INSTANCE>",
       "unknown TYPE \"instance\""},
      {"<INSTANCE><PROPERTY NAME=\"P\" TYPE=\"uint8\"/></INSTANCE>",
       "INSTANCE without CLASSNAME attribute"},
      {"<INSTANCE CLASSNAME=\"\"/>", "INSTANCE has an empty CLASSNAME"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY TYPE=\"uint8\"/></INSTANCE>",
       "PROPERTY without NAME attribute"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"uint8\"/><PROPERTY NAME=\"p\" "
       "TYPE=\"uint8\"/></INSTANCE>",
       "property \"p\": duplicate property"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"uint16\"><VALUE>70000</VALUE>"
       "</PROPERTY></INSTANCE>",
       "\"70000\" is out of range for uint16"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"uint16\"><VALUE>abc</VALUE>"
       "</PROPERTY></INSTANCE>",
       "\"abc\" is not a decimal uint16"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"uint8\"><VALUE>-1</VALUE>"
       "</PROPERTY></INSTANCE>",
       "is not a decimal uint8"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"real32\"><VALUE>1e39</VALUE>"
       "</PROPERTY></INSTANCE>",
       "out of range for real32"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"boolean\"><VALUE>yes</VALUE>"
       "</PROPERTY></INSTANCE>",
       "\"yes\" is not a boolean"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"char16\"><VALUE>ab</VALUE>"
       "</PROPERTY></INSTANCE>",
       "not one UCS-2 character"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"datetime\"><VALUE>2016-10-12"
       "</VALUE></PROPERTY></INSTANCE>",
       "property \"P\""},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY.ARRAY NAME=\"P\" TYPE=\"uint8\"><VALUE.ARRAY>"
       "<VALUE>1</VALUE><VALUE.NULL/></VALUE.ARRAY></PROPERTY.ARRAY></INSTANCE>",
       "VALUE.NULL inside an array"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"string\" EmbeddedObject=\"x\"/>"
       "</INSTANCE>",
       "unknown EmbeddedObject"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"string\" "
       "EmbeddedObject=\"instance\"><VALUE>not xml</VALUE></PROPERTY></INSTANCE>",
       "embedded instance: CIM-XML: not well-formed XML"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"string\"><VALUE>a<b/></VALUE>"
       "</PROPERTY></INSTANCE>",
       "unexpected element b in VALUE"},
      {"<INSTANCE CLASSNAME=\"C\">text</INSTANCE>", "unexpected text \"text\" in INSTANCE"},
      {"<CLASS NAME=\"C\"/>", "expected INSTANCE, found CLASS"},
      {"<x:INSTANCE xmlns:x=\"urn:x\" CLASSNAME=\"C\"/>", "expected INSTANCE"},
      {"<INSTANCE CLASSNAME=\"C\"/><INSTANCE CLASSNAME=\"D\"/>", "not well-formed XML"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY.REFERENCE NAME=\"R\"><VALUE.REFERENCE>"
       "<INSTANCENAME CLASSNAME=\"D\"><KEYBINDING NAME=\"K\"><KEYVALUE VALUETYPE=\"numeric\">"
       "x</KEYVALUE></KEYBINDING></INSTANCENAME></VALUE.REFERENCE></PROPERTY.REFERENCE>"
       "</INSTANCE>",
       "is not a decimal uint64"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY.REFERENCE NAME=\"R\"><VALUE.REFERENCE>"
       "<LOCALCLASSPATH><LOCALNAMESPACEPATH><NAMESPACE NAME=\"root/\"/></LOCALNAMESPACEPATH>"
       "<CLASSNAME NAME=\"D\"/></LOCALCLASSPATH></VALUE.REFERENCE></PROPERTY.REFERENCE>"
       "</INSTANCE>",
       "NAMESPACE NAME \"root/\" contains '/'"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"string\"><VALUE>\xff</VALUE>"
       "</PROPERTY></INSTANCE>",
       "not well-formed XML"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"string\"><VALUE>&#1;</VALUE>"
       "</PROPERTY></INSTANCE>",
       "not well-formed XML"},
      {"<INSTANCE CLASSNAME=\"C\"><PROPERTY NAME=\"P\" TYPE=\"string\"><VALUE>" +
           std::string(kMaxCimXmlBytes, 'a') + "</VALUE></PROPERTY></INSTANCE>",
       "exceeds the limit"},
  };
  for (const Case& c : cases) {
    const Status s = parse_failure(c.text);
    EXPECT_EQ(s.kind(), StatusKind::kInvalidArgument) << c.text.substr(0, 200);
    EXPECT_NE(s.message().find(c.message), std::string::npos)
        << c.text.substr(0, 200) << "\n  -> " << s.message();
    EXPECT_EQ(s.message().rfind("CIM-XML: ", 0), 0u) << s.message();
  }
}

TEST(CimXml, EveryTruncationIsAnError) {
  const Instance e = parsed(kSpecSettings);
  ObjectPath remote = vm_path();
  remote.host = "h";
  const Instance big(
      "C", "",
      {Property{"E", CimValue(EmbeddedInstance{std::make_shared<Instance>(e)})},
       Property{"R", CimValue(remote)},
       Property{"A", CimValue::array(CimType::kSint32, {std::int32_t{-1}}).value()}});
  const std::string text = to_cim_xml(big).value();
  for (std::size_t n = 1; n < text.size(); ++n) {
    auto result = parse_cim_xml(text.substr(0, n));
    EXPECT_FALSE(result.ok() && result->has_value()) << text.substr(0, n);
  }
}

TEST(CimXml, EmbeddingDepthIsLimited) {
  Instance nested("Leaf", "");
  for (int i = 0; i < kMaxCimXmlNesting; ++i) {
    nested = with("E", CimValue(EmbeddedInstance{std::make_shared<const Instance>(nested)}));
  }
  EXPECT_EQ(round_tripped(nested), nested);
  const Instance deeper =
      with("E", CimValue(EmbeddedInstance{std::make_shared<const Instance>(nested)}));
  EXPECT_NE(emit_failure(deeper).message().find("nested deeper than"), std::string::npos);
}

}  // namespace
}  // namespace wmi
