#include "wmi/cim/mof_instance.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <charconv>
#include <cstdio>
#include <limits>

#include "wmi/cim/cim_gen.h"

namespace wmi {
namespace {

Instance parsed(std::string_view text) {
  auto result = parse_mof_instance(text);
  EXPECT_TRUE(result.ok()) << result.status().to_string();
  if (!result.ok() || !result->has_value()) return Instance();
  return **result;
}

Status failure(std::string_view text) {
  auto result = parse_mof_instance(text);
  EXPECT_FALSE(result.ok()) << "accepted: " << text;
  return result.status();
}

TEST(MofInstance, SettingsStringAsFieldToolsSendIt) {
  // The shape IWbemClassObject::GetText(Mof) produces (hv2pve passes it as ReferencePointSettings).
  const Instance i = parsed(
      "\ninstance of Msvm_CollectionReferencePointSettingData\n{\n"
      "\tConsistencyLevel = 1;\n\tElementName = \"x\\\"y\";\n\tFlags = {1, 2};\n};\n");
  EXPECT_EQ(i.class_name(), "Msvm_CollectionReferencePointSettingData");
  EXPECT_EQ(i.namespace_name(), "");
  ASSERT_EQ(i.properties().size(), 3u);
  EXPECT_EQ(*i.find("ConsistencyLevel"), CimValue(std::uint64_t{1}));
  EXPECT_EQ(*i.find("ElementName"), CimValue("x\"y"));
  EXPECT_EQ(*i.find("Flags"),
            CimValue::array(CimType::kUint64, {std::uint64_t{1}, std::uint64_t{2}}).value());
}

TEST(MofInstance, EmptyAndCommentOnlyTextIsNone) {
  for (const char* text : {"", "  \n\t", "// nothing\n", "/* none */"}) {
    auto result = parse_mof_instance(text);
    ASSERT_TRUE(result.ok()) << text;
    EXPECT_FALSE(result->has_value()) << text;
  }
}

TEST(MofInstance, LiteralsAreTypedByTheirForm) {
  const Instance i = parsed(
      "INSTANCE OF C as $a { /* c */ U = 18446744073709551615; S = -9223372036854775808;\n"
      "H = 0xFF; N = -0x10; R = -2.5e3; D = .5; T = true; F = FALSE; Z = null; Ch = 'q';\n"
      "E = \"\\b\\t\\n\\f\\r\\'\\\\\\x41\\X20ac\"; Cat = \"a\" /* gap */ \"b\"; P = +7; }");
  EXPECT_EQ(*i.find("U"), CimValue(std::numeric_limits<std::uint64_t>::max()));
  EXPECT_EQ(*i.find("S"), CimValue(std::numeric_limits<std::int64_t>::min()));
  EXPECT_EQ(*i.find("H"), CimValue(std::uint64_t{255}));
  EXPECT_EQ(*i.find("N"), CimValue(std::int64_t{-16}));
  EXPECT_EQ(*i.find("R"), CimValue(-2500.0));
  EXPECT_EQ(*i.find("D"), CimValue(0.5));
  EXPECT_EQ(*i.find("T"), CimValue(true));
  EXPECT_EQ(*i.find("F"), CimValue(false));
  EXPECT_EQ(*i.find("Z"), CimValue::null(CimType::kString));
  EXPECT_EQ(*i.find("Ch"), CimValue(u'q'));
  EXPECT_EQ(*i.find("E"), CimValue("\b\t\n\f\r'\\A\xe2\x82\xac"));
  EXPECT_EQ(*i.find("Cat"), CimValue("ab"));
  EXPECT_EQ(*i.find("P"), CimValue(std::uint64_t{7}));
}

TEST(MofInstance, ArraysUnifyIntegersAndEmbedInstances) {
  const Instance i = parsed(
      "instance of C { Mixed = {1, -2}; Empty = {}; Inner = instance of D { X = \"y\"; };\n"
      "Many = {instance of D { }, instance of E { A = 1; }}; }");
  EXPECT_EQ(*i.find("Mixed"),
            CimValue::array(CimType::kSint64, {std::int64_t{1}, std::int64_t{-2}}).value());
  EXPECT_EQ(*i.find("Empty"), CimValue::array(CimType::kString, {}).value());
  ASSERT_NE(i.find("Inner")->as_instance(), nullptr);
  EXPECT_EQ(i.find("Inner")->as_instance()->class_name(), "D");
  EXPECT_EQ(*i.find("Inner")->as_instance()->find("X"), CimValue("y"));
  EXPECT_EQ(i.find("Many")->type(), CimType::kInstance);
  EXPECT_EQ(i.find("Many")->elements().size(), 2u);
}

TEST(MofInstance, MalformedTextIsAnErrorWithItsPosition) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"instance of C { A = 1 }", "line 1 column 23: expected ';'"},
      {"instance of C {\n  A = 1;\n  a = 2; };", "line 3 column 3: duplicate property \"a\""},
      {"instance of C { A = 18446744073709551616; };", "does not fit 64 bits"},
      {"instance of C { A = -9223372036854775809; };", "does not fit sint64"},
      {"instance of C { A = 017; };", "leading zero"},
      {"instance of C { A = 1e999; };", "out of range"},
      {"instance of C { A = \"open; };", "unterminated string"},
      {"instance of C { A = \"\\q\"; };", "unknown escape"},
      {"instance of C { A = \"\\xD800\"; };", "lone surrogate"},
      {"instance of C { A = {1, \"x\"}; };", "array mixes uint64 and string"},
      {"instance of C { A = {1, NULL}; };", "NULL is not allowed inside an array"},
      {"instance of C { A = {18446744073709551615, -1}; };", "does not fit sint64"},
      {"instance of C { A = $x; };", "aliases are not supported"},
      {"instance of C { [key] A = 1; };", "qualifiers are not supported"},
      {"instance of C { A = 1; }; instance of D {};", "text after the instance"},
      {"instance of C { /* A = 1; };", "unterminated /* comment"},
      {"instance of C { A = 'ab'; };", "more than one character"},
      {"instance of C { A = '\xf0\x9f\x98\x80'; };", "does not fit char16"},
      {"instance of C { A = \"\xff\"; };", "invalid UTF-8"},
      {"class C { };", "expected 'instance'"},
      {"instance of { };", "expected a class name"},
      {"instance of C { A = 1;", "expected a property name or '}', found end of text"},
  };
  for (const Case& c : cases) {
    const Status s = failure(c.text);
    EXPECT_EQ(s.kind(), StatusKind::kInvalidArgument) << c.text;
    EXPECT_NE(s.message().find(c.message), std::string::npos) << c.text << " -> " << s.message();
  }
}

TEST(MofInstance, NestingIsLimited) {
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "instance of C { A = ";
  EXPECT_NE(failure(deep).message().find("nested deeper than"), std::string::npos);
  std::string arrays = "instance of C { A = ";
  for (int i = 0; i < 10000; ++i) arrays += "{";
  EXPECT_EQ(failure(arrays).kind(), StatusKind::kInvalidArgument);
}

// A MOF writer for the values MOF can carry untyped, used to check the parser against generated
// instances: uint64, sint64, boolean, real64 (finite), string, char16 (BMP scalar values), arrays
// of those and embedded instances.
std::string mof_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\x%04X", static_cast<unsigned>(c));
      out += escape;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string mof_text(const Instance& instance);

std::string mof_element(const CimElement& e) {
  if (const auto* u = std::get_if<std::uint64_t>(&e)) return std::to_string(*u);
  if (const auto* i = std::get_if<std::int64_t>(&e)) return std::to_string(*i);
  if (const auto* b = std::get_if<bool>(&e)) return *b ? "TRUE" : "false";
  if (const auto* d = std::get_if<double>(&e)) {
    char buffer[64];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, *d, std::chars_format::scientific);
    return std::string(buffer, end.ptr);
  }
  if (const auto* c = std::get_if<char16_t>(&e)) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "'\\x%04X'", static_cast<unsigned>(*c));
    return buffer;
  }
  if (const auto* s = std::get_if<std::string>(&e)) return mof_string(*s);
  return mof_text(*std::get<EmbeddedInstance>(e).instance);
}

std::string mof_text(const Instance& instance) {
  std::string out = "instance of " + instance.class_name() + "\n{\n";
  for (const Property& p : instance.properties()) {
    out += "\t" + p.name + " = ";
    if (p.value.is_null()) {
      out += "NULL";
    } else if (!p.value.is_array()) {
      out += mof_element(p.value.scalar());
    } else {
      out += "{";
      for (std::size_t i = 0; i < p.value.elements().size(); ++i) {
        out += (i ? ", " : "") + mof_element(p.value.elements()[i]);
      }
      out += "}";
    }
    out += ";\n";
  }
  return out + "}";
}

rc::Gen<CimElement> mof_element_of(CimType type, int depth);

rc::Gen<Instance> mof_instance(int depth) {
  return rc::gen::exec([depth] {
    const auto names = *rc::gen::uniqueBy<std::vector<std::string>>(
        *rc::gen::inRange<std::size_t>(0, 6), gen::identifier(),
        [](const std::string& s) { return ascii_lowered(s); });
    const std::vector<CimType> types = {CimType::kUint64,  CimType::kSint64, CimType::kBoolean,
                                        CimType::kReal64,  CimType::kChar16, CimType::kString,
                                        CimType::kInstance};
    PropertyList props;
    for (const auto& name : names) {
      auto type = *rc::gen::elementOf(types);
      if (type == CimType::kInstance && depth == 0) type = CimType::kString;
      const int shape = *rc::gen::inRange(0, 4);
      if (shape == 0) {
        props.push_back(Property{name, CimValue::null(CimType::kString)});
      } else if (shape == 1) {
        auto elements = *rc::gen::resize(
            6, rc::gen::nonEmpty(
                   rc::gen::container<std::vector<CimElement>>(mof_element_of(type, depth))));
        props.push_back(Property{name, CimValue::array(type, std::move(elements)).value()});
      } else {
        props.push_back(Property{name, CimValue(*mof_element_of(type, depth))});
      }
    }
    return Instance(*gen::identifier(), "", std::move(props));
  });
}

rc::Gen<CimElement> mof_element_of(CimType type, int depth) {
  switch (type) {
    case CimType::kUint64:
      return rc::gen::cast<CimElement>(gen::full_range<std::uint64_t>());
    case CimType::kSint64:  // a non-negative sint64 reads back as uint64 by design
      return rc::gen::cast<CimElement>(
          rc::gen::inRange<std::int64_t>(std::numeric_limits<std::int64_t>::min(), 0));
    case CimType::kReal64:
      return rc::gen::cast<CimElement>(
          rc::gen::suchThat(gen::any_real<double>(), [](double d) { return std::isfinite(d); }));
    case CimType::kChar16:
      return rc::gen::map(
          rc::gen::suchThat(gen::full_range<std::uint16_t>(),
                            [](std::uint16_t c) { return c < 0xD800 || c > 0xDFFF; }),
          [](std::uint16_t c) { return CimElement(char16_t(c)); });
    case CimType::kInstance:
      return rc::gen::map(mof_instance(depth - 1), [](Instance i) {
        return CimElement(EmbeddedInstance{std::make_shared<const Instance>(std::move(i))});
      });
    default:
      return gen::element_of(type, depth);
  }
}

RC_GTEST_PROP(MofInstanceProp, ParsesWhatAMofWriterWrites, ()) {
  const Instance instance = *mof_instance(1);
  const std::string text = mof_text(instance);
  auto result = parse_mof_instance(text);
  RC_ASSERT(result.ok());
  RC_ASSERT(result->has_value());
  RC_ASSERT(**result == instance);
}

RC_GTEST_PROP(MofInstanceProp, MutatedTextNeverCrashes, ()) {
  const std::string text = *gen::mutation_of(mof_text(*mof_instance(1)));
  auto result = parse_mof_instance(text);
  if (!result.ok()) RC_ASSERT(result.status().kind() == StatusKind::kInvalidArgument);
}

}  // namespace
}  // namespace wmi
