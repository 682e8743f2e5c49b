#include "conformance/runner/assertion_verdicts.h"

#include <gtest/gtest.h>

namespace conformance {
namespace {

const Assertion kCatalogue[] = {
    {"AA-ONE-001", "documented", "[doc] x", Evidence::kDoc, Namespaces::kBoth, {}},
    {"AA-ONE-002", "guessed", "", Evidence::kUnverified, Namespaces::kBoth, {}},
    {"AA-ONE-003", "untested", "[mof] y", Evidence::kMof, Namespaces::kBoth, {}},
};

NamedOutcome outcome(std::string id, std::string name, Verdict verdict, std::string message = "") {
  return {std::move(id), TestOutcome{.name = std::move(name),
                                     .verdict = verdict,
                                     .message = std::move(message),
                                     .seconds = 0,
                                     .evidence = {}}};
}

TEST(AssertionVerdicts, OnePerCatalogueEntryInCatalogueOrder) {
  const auto results = assertion_verdicts(kCatalogue, {});
  ASSERT_EQ(results.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(results[i].assertion, &kCatalogue[i]);
    EXPECT_EQ(results[i].verdict, Verdict::kNotTested);
    EXPECT_FALSE(results[i].reason.empty());
  }
}

TEST(AssertionVerdicts, AnyFailedTestFailsTheAssertion) {
  const NamedOutcome outcomes[] = {outcome("AA-ONE-001", "S.A", Verdict::kPass),
                                   outcome("AA-ONE-001", "S.B", Verdict::kFail, "boom"),
                                   outcome("AA-ONE-002", "S.C", Verdict::kFail)};
  const auto results = assertion_verdicts(kCatalogue, outcomes);
  EXPECT_EQ(results[0].verdict, Verdict::kFail);
  EXPECT_EQ(results[0].tests.size(), 2u);
  EXPECT_EQ(results[1].verdict, Verdict::kFail);  // unverified does not soften a failure
}

TEST(AssertionVerdicts, PassingUnverifiedAssertionWarns) {
  const NamedOutcome outcomes[] = {outcome("AA-ONE-001", "S.A", Verdict::kPass),
                                   outcome("AA-ONE-002", "S.B", Verdict::kPass)};
  const auto results = assertion_verdicts(kCatalogue, outcomes);
  EXPECT_EQ(results[0].verdict, Verdict::kPass);
  EXPECT_EQ(results[1].verdict, Verdict::kWarn);
  EXPECT_FALSE(results[1].reason.empty());
}

TEST(AssertionVerdicts, AllSkippedIsNotTestedWithTheDistinctReasons) {
  const NamedOutcome outcomes[] = {
      outcome("AA-ONE-003", "S.A", Verdict::kNotTested, "needs DataPlane"),
      outcome("AA-ONE-003", "S.B", Verdict::kNotTested, "needs DataPlane"),
      outcome("AA-ONE-003", "S.C", Verdict::kNotTested, "needs FaultControl")};
  const auto results = assertion_verdicts(kCatalogue, outcomes);
  EXPECT_EQ(results[2].verdict, Verdict::kNotTested);
  EXPECT_EQ(results[2].reason, "needs DataPlane; needs FaultControl");
}

TEST(AssertionVerdicts, OneSkipBesideAPassStillPasses) {
  const NamedOutcome outcomes[] = {
      outcome("AA-ONE-001", "S.A", Verdict::kNotTested, "needs DataPlane"),
      outcome("AA-ONE-001", "S.B", Verdict::kPass)};
  EXPECT_EQ(assertion_verdicts(kCatalogue, outcomes)[0].verdict, Verdict::kPass);
}

TEST(AssertionVerdicts, OutcomesOfUnknownIdsAreIgnored) {
  const NamedOutcome outcomes[] = {outcome("ZZ-NONE-001", "S.A", Verdict::kFail)};
  for (const AssertionResult& result : assertion_verdicts(kCatalogue, outcomes)) {
    EXPECT_NE(result.verdict, Verdict::kFail);
    EXPECT_TRUE(result.tests.empty());
  }
}

}  // namespace
}  // namespace conformance
