#include "sim/host/wql/wql_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace sim::wql {
namespace {

using ::testing::HasSubstr;

SelectQuery select_of(std::string_view text) {
  auto q = parse_query(text);
  EXPECT_TRUE(q.ok()) << q.status().to_string();
  if (!q.ok() || !std::holds_alternative<SelectQuery>(*q)) return {};
  return std::get<SelectQuery>(*q);
}

Condition where_of(std::string_view text) {
  SelectQuery q = select_of(text);
  EXPECT_TRUE(q.where.has_value());
  return q.where.value_or(Condition{});
}

std::string error_of(std::string_view text) {
  auto q = parse_query(text);
  if (q.ok()) return "(parsed)";
  EXPECT_EQ(q.status().kind(), wmi::StatusKind::kInvalidArgument);
  return q.status().message();
}

TEST(WqlParser, SelectVmByName) {
  SelectQuery q = select_of(
      "SELECT * FROM Msvm_ComputerSystem WHERE Name='5C2F4E71-0B43-4B2E-A0B5-76E0C7F1F1A1'");
  EXPECT_TRUE(q.properties.empty());
  EXPECT_EQ(q.class_name, "Msvm_ComputerSystem");
  EXPECT_EQ(q.where, compare("Name", CompareOp::kEqual,
                             std::string("5C2F4E71-0B43-4B2E-A0B5-76E0C7F1F1A1")));
}

TEST(WqlParser, ReferencePointByVirtualSystemIdentifierDoubleQuoted) {
  EXPECT_EQ(where_of("SELECT * FROM Msvm_VirtualSystemReferencePoint WHERE "
                     "VirtualSystemIdentifier=\"5C2F4E71-0B43-4B2E-A0B5-76E0C7F1F1A1\""),
            compare("VirtualSystemIdentifier", CompareOp::kEqual,
                    std::string("5C2F4E71-0B43-4B2E-A0B5-76E0C7F1F1A1")));
}

TEST(WqlParser, LibvirtAndBareosShapes) {
  EXPECT_EQ(
      where_of("SELECT * FROM Msvm_ComputerSystem WHERE Description = "
               "\"Microsoft Hosting Computer System\""),
      compare("Description", CompareOp::kEqual, std::string("Microsoft Hosting Computer System")));
  // Bareos doubles the backslashes of an InstanceID; WQL reads them back as single ones.
  EXPECT_EQ(where_of("select * from Msvm_StorageAllocationSettingData where "
                     "InstanceID='Microsoft:5C2F\\\\83F8\\\\0\\\\0\\\\D'"),
            compare("InstanceID", CompareOp::kEqual, std::string("Microsoft:5C2F\\83F8\\0\\0\\D")));
  EXPECT_EQ(where_of("SELECT * FROM Msvm_ConcreteJob WHERE InstanceID = 'a\\'b\\\"c'"),
            compare("InstanceID", CompareOp::kEqual, std::string("a'b\"c")));
}

TEST(WqlParser, PropertyListAndKeywordCase) {
  SelectQuery q = select_of("select Name, ElementName,EnabledState fRoM Msvm_ComputerSystem");
  EXPECT_EQ(q.properties, (std::vector<std::string>{"Name", "ElementName", "EnabledState"}));
  EXPECT_FALSE(q.where.has_value());
  EXPECT_EQ(where_of("SeLeCt * from C wHeRe Enabled = tRuE"),
            compare("Enabled", CompareOp::kEqual, true));
}

TEST(WqlParser, Literals) {
  auto literal = [](std::string_view lit) {
    return where_of("SELECT * FROM C WHERE P = " + std::string(lit)).literal;
  };
  EXPECT_EQ(literal("0"), Literal(std::uint64_t{0}));
  EXPECT_EQ(literal("-0"), Literal(std::uint64_t{0}));
  EXPECT_EQ(literal("+42"), Literal(std::uint64_t{42}));
  EXPECT_EQ(literal("0x7FFF"), Literal(std::uint64_t{0x7fff}));
  EXPECT_EQ(literal("-0x10"), Literal(std::int64_t{-16}));
  EXPECT_EQ(literal("18446744073709551615"), Literal(~std::uint64_t{0}));
  EXPECT_EQ(literal("-9223372036854775808"), Literal(INT64_MIN));
  EXPECT_EQ(literal("1.5"), Literal(1.5));
  EXPECT_EQ(literal("-.25"), Literal(-0.25));
  EXPECT_EQ(literal("1e3"), Literal(1000.0));
  EXPECT_EQ(literal("2.5E-1"), Literal(0.25));
  EXPECT_EQ(literal("FALSE"), Literal(false));
  EXPECT_EQ(literal("''"), Literal(std::string()));
}

TEST(WqlParser, LiteralFirstComparisonIsStoredPropertyFirst) {
  EXPECT_EQ(where_of("SELECT * FROM C WHERE 5 < EnabledState"),
            compare("EnabledState", CompareOp::kGreater, std::uint64_t{5}));
  EXPECT_EQ(where_of("SELECT * FROM C WHERE 'x' >= Name"),
            compare("Name", CompareOp::kLessEqual, std::string("x")));
  EXPECT_EQ(where_of("SELECT * FROM C WHERE a != 1"),
            compare("a", CompareOp::kNotEqual, std::uint64_t{1}));
}

TEST(WqlParser, NullForms) {
  EXPECT_EQ(where_of("SELECT * FROM C WHERE a IS NULL"), is_null("a"));
  EXPECT_EQ(where_of("SELECT * FROM C WHERE a is not null"), is_not_null("a"));
  EXPECT_EQ(where_of("SELECT * FROM C WHERE a = NULL"), is_null("a"));
  EXPECT_EQ(where_of("SELECT * FROM C WHERE NULL <> a"), is_not_null("a"));
}

TEST(WqlParser, PrecedenceAndGrouping) {
  const auto eq = [](const char* p) { return compare(p, CompareOp::kEqual, std::uint64_t{1}); };
  EXPECT_EQ(where_of("SELECT * FROM C WHERE a=1 OR b=1 AND c=1"),
            disjunction({eq("a"), conjunction({eq("b"), eq("c")})}));
  EXPECT_EQ(where_of("SELECT * FROM C WHERE NOT a=1 AND b=1"),
            conjunction({negation(eq("a")), eq("b")}));
  EXPECT_EQ(where_of("SELECT * FROM C WHERE (a=1 OR b=1) AND c=1"),
            conjunction({disjunction({eq("a"), eq("b")}), eq("c")}));
  EXPECT_EQ(where_of("SELECT * FROM C WHERE a=1 AND b=1 AND c=1"),
            conjunction({eq("a"), eq("b"), eq("c")}));
  EXPECT_EQ(where_of("SELECT * FROM C WHERE ((a=1))"), eq("a"));
  EXPECT_EQ(where_of("SELECT * FROM C WHERE NOT NOT a=1"), negation(negation(eq("a"))));
  EXPECT_EQ(where_of("SELECT * FROM C WHERE NOT PortName LIKE '%\\\\%'"),
            negation(like("PortName", "%\\%")));
}

TEST(WqlParser, AssociatorsOfCollection) {
  auto q = parse_query(
      "ASSOCIATORS OF {Msvm_VirtualSystemCollection.CollectionID=\"0F5B3C4D-1111-2222-3333-"
      "444455556666\"} WHERE AssocClass=Msvm_CollectedVirtualSystems "
      "ResultClass=Msvm_ComputerSystem");
  ASSERT_TRUE(q.ok()) << q.status().to_string();
  const auto& a = std::get<AssociatorsQuery>(*q);
  EXPECT_EQ(a.source.class_name, "Msvm_VirtualSystemCollection");
  ASSERT_EQ(a.source.keys.size(), 1u);
  EXPECT_EQ(std::get<std::string>(a.source.keys[0].value), "0F5B3C4D-1111-2222-3333-444455556666");
  EXPECT_EQ(a.assoc_class, "Msvm_CollectedVirtualSystems");
  EXPECT_EQ(a.result_class, "Msvm_ComputerSystem");
  EXPECT_TRUE(a.role.empty() && a.result_role.empty() && !a.class_defs_only);
}

TEST(WqlParser, AssociatorsAsLibvirtWritesThem) {
  auto q = parse_query(
      "ASSOCIATORS OF {Msvm_ComputerSystem.CreationClassName='Msvm_ComputerSystem',Name='5C2F'} "
      "WHERE AssocClass = Msvm_SettingsDefineState ResultClass = Msvm_VirtualSystemSettingData");
  ASSERT_TRUE(q.ok()) << q.status().to_string();
  const auto& a = std::get<AssociatorsQuery>(*q);
  ASSERT_EQ(a.source.keys.size(), 2u);
  EXPECT_EQ(std::get<std::string>(a.source.keys[1].value), "5C2F");
  EXPECT_EQ(a.assoc_class, "Msvm_SettingsDefineState");

  auto escaped = parse_query("associators of { Msvm_X.Id='a\\'b\"c\\\\d' }");
  ASSERT_TRUE(escaped.ok()) << escaped.status().to_string();
  EXPECT_EQ(std::get<std::string>(std::get<AssociatorsQuery>(*escaped).source.keys[0].value),
            "a'b\"c\\d");
}

TEST(WqlParser, AllAssociatorsClausesAnyCaseAnyOrder) {
  auto q = parse_query(
      "ASSOCIATORS OF {root\\virtualization\\v2:Msvm_ConcreteJob.InstanceID=\"J\"} WHERE "
      "keysonly resultrole = AffectedElement ROLE=AffectingElement ResultClass = R "
      "AssocClass = Msvm_AffectedJobElement RequiredQualifier = Q RequiredAssocQualifier = A "
      "SchemaOnly");
  ASSERT_TRUE(q.ok()) << q.status().to_string();
  const auto& a = std::get<AssociatorsQuery>(*q);
  EXPECT_EQ(a.source.namespace_name, "root/virtualization/v2");
  EXPECT_EQ(a.role, "AffectingElement");
  EXPECT_EQ(a.result_role, "AffectedElement");
  EXPECT_EQ(a.required_qualifier, "Q");
  EXPECT_EQ(a.required_assoc_qualifier, "A");
  EXPECT_TRUE(a.keys_only && a.schema_only && !a.class_defs_only);
}

TEST(WqlParser, ReferencesOf) {
  auto q = parse_query(
      "REFERENCES OF {Msvm_ConcreteJob.InstanceID=\"J\"} WHERE ResultClass = "
      "Msvm_AffectedJobElement Role = AffectingElement");
  ASSERT_TRUE(q.ok()) << q.status().to_string();
  const auto& r = std::get<ReferencesQuery>(*q);
  EXPECT_EQ(r.result_class, "Msvm_AffectedJobElement");
  EXPECT_EQ(r.role, "AffectingElement");
  EXPECT_TRUE(parse_query("REFERENCES OF {Msvm_ConcreteJob.InstanceID=\"J\"}").ok());
}

TEST(WqlParserErrors, UnexpectedTokenNamesColumnAndExpectation) {
  EXPECT_EQ(error_of("SELECT * FROM"),
            "WQL syntax error at column 14: unexpected end of query: expected a class name "
            "after FROM");
  EXPECT_THAT(error_of("SELECT * WHERE a = 1"), HasSubstr("column 10: unexpected keyword WHERE"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a = b"),
              HasSubstr("column 27: unexpected identifier 'b': expected a literal (WQL cannot "
                        "compare two properties)"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE 1 = 2"), HasSubstr("column 27"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a NOT LIKE 'x'"),
              HasSubstr("write NOT before the property"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE (a = 1"), HasSubstr("expected ')'"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE"), HasSubstr("expected a condition after WHERE"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a = 1;"),
              HasSubstr("column 28: unexpected character ';'"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a LIKE 5"), HasSubstr("a string pattern"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a IS 5"), HasSubstr("NULL or NOT NULL"));
  EXPECT_THAT(error_of("   "), HasSubstr("column 4: empty query"));
}

TEST(WqlParserErrors, UnterminatedStringAndBadEscape) {
  EXPECT_EQ(error_of("SELECT * FROM C WHERE a = 'abc"),
            "WQL syntax error at column 27: unterminated string");
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a = \"abc\\\""), HasSubstr("unterminated string"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a = 'a\\nb'"),
              HasSubstr("column 29: unknown escape '\\n'"));
}

TEST(WqlParserErrors, UnknownKeywords) {
  EXPECT_THAT(error_of("SELEKT * FROM C"),
              HasSubstr("column 1: unknown keyword 'SELEKT': expected SELECT, ASSOCIATORS OF"));
  EXPECT_THAT(error_of("ASSOCIATORS OF {C.K=1} WHERE AssocKlass = A"),
              HasSubstr("column 30: unknown keyword 'AssocKlass' in ASSOCIATORS OF ... WHERE"));
  EXPECT_THAT(error_of("REFERENCES OF {C.K=1} WHERE AssocClass = A"),
              HasSubstr("AssocClass is not valid in REFERENCES OF"));
  EXPECT_THAT(error_of("ASSOCIATORS {C.K=1}"), HasSubstr("expected OF"));
}

TEST(WqlParserErrors, DuplicateAndConflictingClauses) {
  EXPECT_THAT(error_of("ASSOCIATORS OF {C.K=1} WHERE ResultClass = A resultclass = B"),
              HasSubstr("column 46: duplicate clause ResultClass"));
  EXPECT_THAT(error_of("ASSOCIATORS OF {C.K=1} WHERE ClassDefsOnly ClassDefsOnly"),
              HasSubstr("duplicate clause ClassDefsOnly"));
  EXPECT_THAT(error_of("ASSOCIATORS OF {C.K=1} WHERE ResultClass = A ClassDefsOnly"),
              HasSubstr("ClassDefsOnly cannot be combined with ResultClass"));
  EXPECT_THAT(error_of("ASSOCIATORS OF {C.K=1} WHERE ClassDefsOnly = 1"),
              HasSubstr("ClassDefsOnly takes no value"));
  EXPECT_THAT(error_of("ASSOCIATORS OF {C.K=1} WHERE Role Member"), HasSubstr("expected '='"));
  EXPECT_THAT(error_of("ASSOCIATORS OF {C.K=1} WHERE Role = 'Member'"),
              HasSubstr("expected a name after Role ="));
  EXPECT_THAT(error_of("ASSOCIATORS OF {C.K=1} WHERE"),
              HasSubstr("expected a clause of ASSOCIATORS OF"));
  EXPECT_THAT(error_of("ASSOCIATORS OF {C.K=1} WHERE AssocClass = A AND ResultClass = B"),
              HasSubstr("unexpected keyword AND"));
}

TEST(WqlParserErrors, EmptyPropertyListAndTrailingGarbage) {
  EXPECT_THAT(error_of("SELECT FROM C"),
              HasSubstr("column 8: unexpected keyword FROM: expected '*' or a property list"));
  EXPECT_THAT(error_of("SELECT a, FROM C"), HasSubstr("column 11"));
  EXPECT_THAT(error_of("SELECT *, a FROM C"), HasSubstr("expected FROM"));
  EXPECT_THAT(error_of("SELECT * FROM C D"),
              HasSubstr("column 17: unexpected identifier 'D': expected the end of the query"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a = 1 b"), HasSubstr("column 29"));
  EXPECT_THAT(error_of("REFERENCES OF {C.K=1} x"), HasSubstr("column 23"));
}

TEST(WqlParserErrors, Numbers) {
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a = 18446744073709551616"),
              HasSubstr("above the uint64 range"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a = -9223372036854775809"),
              HasSubstr("below the int64 range"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a = 1e999"), HasSubstr("out of range"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a = 1e-999"), HasSubstr("out of range"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a = 0x"), HasSubstr("hex digits"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a = 12abc"), HasSubstr("malformed number '12a'"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a = 1.2.3"), HasSubstr("malformed number"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a = 1e"), HasSubstr("digits in the exponent"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a = -"), HasSubstr("unexpected character '-'"));
}

TEST(WqlParserErrors, NullOrderingLikePatternsAndPaths) {
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a < NULL"),
              HasSubstr("column 27: NULL can only be compared with = or <>"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a LIKE 'x[abc'"),
              HasSubstr("column 30: LIKE pattern has '[' without a closing ']' (pattern byte 1)"));
  EXPECT_THAT(error_of("SELECT * FROM C WHERE a LIKE '[z-a]'"), HasSubstr("reversed"));
  EXPECT_THAT(error_of("ASSOCIATORS OF {C.K=\"1\""),
              HasSubstr("column 16: unterminated object path"));
  EXPECT_THAT(error_of("ASSOCIATORS OF {C.K = 1}"), HasSubstr("column 16: invalid object path"));
  EXPECT_THAT(error_of("ASSOCIATORS OF {C.K='1}"), HasSubstr("unterminated object path"));
  EXPECT_THAT(error_of("ASSOCIATORS OF {}"), HasSubstr("invalid object path"));
  EXPECT_THAT(error_of("ASSOCIATORS OF Msvm_X"), HasSubstr("an object path in braces"));
}

TEST(WqlParserErrors, LimitsStopHostileInput) {
  std::string ok = "SELECT * FROM C WHERE " + std::string(kMaxConditionDepth, '(') + "a = 1" +
                   std::string(kMaxConditionDepth, ')');
  EXPECT_TRUE(parse_query(ok).ok());
  std::string deep = "SELECT * FROM C WHERE " + std::string(kMaxConditionDepth + 1, '(') + "a = 1" +
                     std::string(kMaxConditionDepth + 1, ')');
  EXPECT_THAT(error_of(deep), HasSubstr("nested deeper than 32 levels"));
  std::string nots = "SELECT * FROM C WHERE ";
  for (int i = 0; i < 10000; ++i) nots += "NOT ";
  EXPECT_THAT(error_of(nots + "a = 1"), HasSubstr("nested deeper"));
  std::string parens = "SELECT * FROM C WHERE " + std::string(200000, '(');
  EXPECT_THAT(error_of(parens), HasSubstr("nested deeper"));
  std::string huge = "SELECT * FROM C WHERE a = '" + std::string(kMaxQueryBytes, 'x') + "'";
  EXPECT_THAT(error_of(huge), HasSubstr("the limit is 262144"));
  std::string wide = "SELECT * FROM C WHERE a = 1";
  for (int i = 0; i < 5000; ++i) wide += " OR a = 1";
  EXPECT_TRUE(parse_query(wide).ok());
}

}  // namespace
}  // namespace sim::wql
