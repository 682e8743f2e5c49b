#include "sim/host/wql/wql_printer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "sim/host/wql/wql_parser.h"

namespace sim::wql {
namespace {

using ::testing::HasSubstr;

// The canonical text of `text`.
std::string canonical(std::string_view text) {
  auto q = parse_query(text);
  EXPECT_TRUE(q.ok()) << q.status().to_string();
  if (!q.ok()) return "";
  auto printed = print_query(*q);
  EXPECT_TRUE(printed.ok()) << printed.status().to_string();
  return printed.ok() ? *printed : "";
}

TEST(WqlPrinter, CanonicalSelect) {
  EXPECT_EQ(canonical("select   name,ElementName from Msvm_ComputerSystem"),
            "SELECT name, ElementName FROM Msvm_ComputerSystem");
  EXPECT_EQ(canonical("SELECT * FROM Msvm_ComputerSystem WHERE Name='a\"b\\\\c'"),
            "SELECT * FROM Msvm_ComputerSystem WHERE Name = \"a\\\"b\\\\c\"");
  EXPECT_EQ(canonical("SELECT * FROM C WHERE 0x10 <= a and b != -1 or not c is not null"),
            "SELECT * FROM C WHERE (a >= 16 AND b <> -1) OR NOT c IS NOT NULL");
  EXPECT_EQ(canonical("SELECT * FROM C WHERE NOT (a = TRUE OR b like '[_]%')"),
            "SELECT * FROM C WHERE NOT (a = TRUE OR b LIKE \"[_]%\")");
  EXPECT_EQ(canonical("SELECT * FROM C WHERE a = NULL"), "SELECT * FROM C WHERE a IS NULL");
}

TEST(WqlPrinter, RealsAlwaysReadBackAsReals) {
  EXPECT_EQ(*print_literal(1.0), "1.0");
  EXPECT_EQ(*print_literal(-0.0), "-0.0");
  EXPECT_EQ(*print_literal(0.1), "0.1");
  EXPECT_EQ(*print_literal(1e300), "1e+300");
  EXPECT_EQ(*print_literal(std::numeric_limits<double>::denorm_min()), "5e-324");
  EXPECT_EQ(*print_literal(std::int64_t{-7}), "-7");
  EXPECT_EQ(*print_literal(Null{}), "NULL");
  EXPECT_FALSE(print_literal(std::numeric_limits<double>::infinity()).ok());
  EXPECT_FALSE(print_literal(std::numeric_limits<double>::quiet_NaN()).ok());
}

TEST(WqlPrinter, CanonicalAssociationQueries) {
  EXPECT_EQ(canonical("associators of {Msvm_VirtualSystemCollection.CollectionID='g'} where "
                      "resultclass=Msvm_ComputerSystem assocclass=Msvm_CollectedVirtualSystems"),
            "ASSOCIATORS OF {Msvm_VirtualSystemCollection.CollectionID=\"g\"} WHERE AssocClass = "
            "Msvm_CollectedVirtualSystems ResultClass = Msvm_ComputerSystem");
  EXPECT_EQ(canonical("REFERENCES OF {//h/root/virtualization/v2:Msvm_ConcreteJob.InstanceID=\"J\"}"
                      " WHERE KeysOnly Role = AffectingElement"),
            "REFERENCES OF {\\\\h\\root\\virtualization\\v2:Msvm_ConcreteJob.InstanceID=\"J\"} "
            "WHERE Role = AffectingElement KeysOnly");
}

TEST(WqlPrinter, RefusesTreesWithoutWqlForm) {
  SelectQuery q;
  q.class_name = "C";
  q.where = compare("a b", CompareOp::kEqual, std::uint64_t{1});
  EXPECT_THAT(print_query(q).status().message(), HasSubstr("property 'a b'"));
  q.where = compare("From", CompareOp::kEqual, std::uint64_t{1});
  EXPECT_FALSE(print_query(q).ok());
  q.where = compare("a", CompareOp::kEqual, Null{});
  EXPECT_FALSE(print_query(q).ok());
  q.where = like("a", "[x");
  EXPECT_FALSE(print_query(q).ok());
  q.where = conjunction({is_null("a")});
  EXPECT_FALSE(print_query(q).ok());
  q.where = Condition{ConditionKind::kNot, "", CompareOp::kEqual, Null{}, {}};
  EXPECT_FALSE(print_query(q).ok());
  q.where.reset();
  q.class_name = "";
  EXPECT_FALSE(print_query(q).ok());

  Condition deep = is_null("a");
  for (int i = 0; i < kMaxConditionDepth; ++i) deep = negation(std::move(deep));
  EXPECT_TRUE(print_condition(deep).ok());
  EXPECT_THAT(print_condition(negation(deep)).status().message(), HasSubstr("nested deeper"));

  AssociatorsQuery a;
  a.source.class_name = "C";
  a.source.singleton = true;
  a.result_class = "not a name";
  EXPECT_FALSE(print_query(a).ok());
  a.result_class.clear();
  a.source.class_name = "";
  EXPECT_FALSE(print_query(a).ok());
}

}  // namespace
}  // namespace sim::wql
