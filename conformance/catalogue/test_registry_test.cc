// The self-check finds each kind of problem: a plain TEST (this file's SelfCheck test itself), an
// id the catalogue lacks, a malformed id, and a registration naming no test; a well-registered test
// is not reported.
#include "conformance/catalogue/test_registry.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "conformance/catalogue/conformance_test.h"

namespace conformance {
namespace {

CONFORMANCE_TEST(SelfCheckSample, NamesACatalogueAssertion, "NS-CLASS-001") {}
CONFORMANCE_TEST(SelfCheckSample, NamesAnUnknownAssertion, "NS-NONE-999") {}
CONFORMANCE_TEST(SelfCheckSample, NamesAMalformedId, "not-an-id") {}
[[maybe_unused]] const bool ghost = register_conformance_test("Ghost.Test", "NS-CLASS-001");

bool reported(const std::vector<std::string>& problems, std::string_view text) {
  return std::any_of(problems.begin(), problems.end(), [text](const std::string& problem) {
    return problem.find(text) != std::string::npos;
  });
}

TEST(SelfCheck, ReportsEveryKindOfProblemAndNothingElse) {
  const std::vector<std::string> problems = self_check_problems();
  EXPECT_TRUE(reported(problems,
                       "SelfCheck.ReportsEveryKindOfProblemAndNothingElse: names no "
                       "assertion"));
  EXPECT_TRUE(reported(problems,
                       "SelfCheckSample.NamesAnUnknownAssertion: assertion NS-NONE-999 "
                       "is not in the catalogue"));
  EXPECT_TRUE(reported(problems, "SelfCheckSample.NamesAMalformedId: assertion id \"not-an-id\""));
  EXPECT_TRUE(reported(problems, "Ghost.Test: registered for NS-CLASS-001 but no such test"));
  EXPECT_FALSE(reported(problems, "SelfCheckSample.NamesACatalogueAssertion"));
  EXPECT_EQ(assertion_of_test("SelfCheckSample.NamesACatalogueAssertion"), "NS-CLASS-001");
  EXPECT_EQ(assertion_of_test("SelfCheck.ReportsEveryKindOfProblemAndNothingElse"), "");
}

}  // namespace
}  // namespace conformance
