// The catalogue's own rules: ids unique and AREA-TOPIC-NNN, every assertion that does not rest on
// a guess quotes its clause with its evidence tag, statements are one line.
#include "conformance/catalogue/catalogue.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace conformance {
namespace {

std::string_view tag_of(Evidence evidence) {
  switch (evidence) {
    case Evidence::kDoc:
      return "[doc]";
    case Evidence::kMof:
      return "[mof]";
    case Evidence::kSample:
      return "[sample]";
    case Evidence::kField:
      return "[field]";
    case Evidence::kUnverified:
      return "";
  }
  return "";
}

TEST(Catalogue, IdsAreUniqueAndWellFormed) {
  ASSERT_FALSE(catalogue().empty());
  std::set<std::string_view> seen;
  for (const Assertion& assertion : catalogue()) {
    EXPECT_TRUE(well_formed_assertion_id(assertion.id)) << assertion.id;
    EXPECT_TRUE(seen.insert(assertion.id).second) << assertion.id << " appears twice";
  }
}

TEST(Catalogue, VerifiedAssertionsQuoteTheirClauseWithItsTag) {
  for (const Assertion& assertion : catalogue()) {
    EXPECT_FALSE(assertion.statement.empty()) << assertion.id;
    EXPECT_EQ(assertion.statement.find('\n'), std::string_view::npos) << assertion.id;
    if (assertion.evidence == Evidence::kUnverified) continue;
    EXPECT_FALSE(assertion.clause.empty()) << assertion.id;
    EXPECT_NE(assertion.clause.find(tag_of(assertion.evidence)), std::string_view::npos)
        << assertion.id << ": the clause does not carry " << tag_of(assertion.evidence);
  }
}

TEST(Catalogue, FindAssertionFindsEveryEntryAndNothingElse) {
  for (const Assertion& assertion : catalogue()) {
    EXPECT_EQ(find_assertion(assertion.id), &assertion);
  }
  EXPECT_EQ(find_assertion("NS-CLASS-999"), nullptr);
  EXPECT_EQ(find_assertion(""), nullptr);
}

TEST(Catalogue, WellFormedIdRule) {
  EXPECT_TRUE(well_formed_assertion_id("CRP-TYPE-001"));
  EXPECT_TRUE(well_formed_assertion_id("RCT-SOUND-001"));
  EXPECT_FALSE(well_formed_assertion_id("crp-type-001"));
  EXPECT_FALSE(well_formed_assertion_id("CRP-TYPE-01"));
  EXPECT_FALSE(well_formed_assertion_id("CRP-TYPE-0001"));
  EXPECT_FALSE(well_formed_assertion_id("CRPTYPE-001"));
  EXPECT_FALSE(well_formed_assertion_id("CRP--001"));
  EXPECT_FALSE(well_formed_assertion_id("CRP-TYPE-A01"));
  EXPECT_FALSE(well_formed_assertion_id("CRP-TY-PE-001"));
}

}  // namespace
}  // namespace conformance
